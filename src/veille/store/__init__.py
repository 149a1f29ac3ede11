"""Store: records into an embedded DuckDB file, idempotently, one transaction per batch; read
through `veille.store.queries`."""

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
from veille.store.queries import EventFilter

__all__ = [
    "TABLES",
    "analysis_rows",
    "SCHEMA_VERSION",
    "StoreBusy",
    "StoreError",
    "EventFilter",
    "connect",
    "store_error",
    "stored_article_ids",
    "table_counts",
    "write_batch",
]
