"""Every stored table as Parquet, CSV or JSON Lines: one file per table in a folder."""

from __future__ import annotations

from pathlib import Path

import duckdb

from veille.store import TABLES

# DuckDB's COPY options per format; the file suffix is the format's usual one.
_COPY = {
    "parquet": ("parquet", "FORMAT parquet, COMPRESSION zstd"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "jsonl": ("jsonl", "FORMAT json"),
}


def write(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: str | Path) -> dict[str, Path]:
    """Write each table to `out_dir/<table>.<suffix>`; returns table -> file."""
    suffix, options = _COPY[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in (*TABLES, "event_counts"):
        path = out / f"{table}.{suffix}"
        quoted = str(path).replace("'", "''")
        # COPY takes no parameter for its target: the path is quoted by hand.
        con.execute(f"COPY (SELECT * FROM {table}) TO '{quoted}' ({options})")
        written[table] = path
    return written
