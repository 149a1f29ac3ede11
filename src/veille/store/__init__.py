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
from veille.store.errors import StoreBusy, StoreError, store_error
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
    "StoreBusy",
    "StoreError",
    "claims",
    "connect",
    "list_events",
    "list_quotes",
    "listing",
    "store_error",
    "stored_article_ids",
    "table_counts",
    "write_batch",
]
