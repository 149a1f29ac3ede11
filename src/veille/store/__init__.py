"""Store: records into an embedded DuckDB file, idempotently, one transaction per batch."""

from veille.store.db import (
    SCHEMA_VERSION,
    TABLES,
    analysis_rows,
    connect,
    stored_article_ids,
    table_counts,
    write_batch,
)
from veille.store.queries import (
    LISTINGS,
    claims,
    list_events,
    list_quotes,
    listing,
)

__all__ = [
    "TABLES",
    "analysis_rows",
    "LISTINGS",
    "SCHEMA_VERSION",
    "claims",
    "connect",
    "list_events",
    "list_quotes",
    "listing",
    "stored_article_ids",
    "table_counts",
    "write_batch",
]
