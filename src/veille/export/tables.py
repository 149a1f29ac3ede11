"""Every stored table as Parquet, CSV or JSON Lines: one file per table in a folder."""

from __future__ import annotations

from pathlib import Path

import duckdb

from veille.store import TABLES
from veille.store.queries import EventFilter, matching_events

# DuckDB's COPY options per format; the file suffix is the format's usual one.
_COPY = {
    "parquet": ("parquet", "FORMAT parquet, COMPRESSION zstd"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "jsonl": ("jsonl", "FORMAT json"),
}


def write(
    con: duckdb.DuckDBPyConnection, fmt: str, out_dir: str | Path, f: EventFilter | None = None
) -> dict[str, Path]:
    """Write each table to `out_dir/<table>.<suffix>`; returns table -> file. With a filter,
    `events` holds the events it matches (as `veille events` lists them) and `event_mentions`
    their mentions; the other tables are whole."""
    suffix, options = _COPY[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    selects = {table: (f"SELECT * FROM {table}", []) for table in (*TABLES, "event_counts")}
    if f is not None and f.where()[0]:
        events, params = matching_events(f)
        selects["events"] = (events, params)
        selects["event_mentions"] = (
            f"SELECT m.* FROM event_mentions m SEMI JOIN ({events}) k USING (event_id, article_id)",
            params,
        )
    written = {}
    for table, (select, params) in selects.items():
        path = out / f"{table}.{suffix}"
        quoted = str(path).replace("'", "''")
        # Rows sorted: DuckDB scans and groups in parallel, in no set order, and two exports
        # of one store must be the same file. COPY takes no parameter for its target: the
        # path is quoted by hand.
        con.execute(f"COPY ({select} ORDER BY ALL) TO '{quoted}' ({options})", params)
        written[table] = path
    return written
