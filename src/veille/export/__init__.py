"""Exports: GDELT's event table, every table as Parquet/CSV/JSONL, PLOVER JSON, GeoJSON."""

from __future__ import annotations

from pathlib import Path

import duckdb

from veille.errors import ExportError
from veille.export import gdelt, geojson, plover, tables
from veille.store.queries import EventFilter

FORMATS = ("gdelt", "parquet", "csv", "jsonl", "plover", "geojson")


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out_path: str | Path,
    header: bool = False,
    f: EventFilter | None = None,
) -> int:
    """Write the store in `fmt` to `out_path` (a folder for parquet, csv and jsonl: one file per
    table), with the events the filter matches (default: all), as `veille events` matches them.
    Returns the number of events (gdelt, plover, geojson) or of files written."""
    if fmt == "gdelt":
        return gdelt.write(con, out_path, header=header, f=f)
    if fmt == "plover":
        return plover.write(con, out_path, f)
    if fmt == "geojson":
        return geojson.write(con, out_path, f)
    if fmt in ("parquet", "csv", "jsonl"):
        return len(tables.write(con, fmt, out_path, f))
    raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "export", "gdelt", "geojson", "plover", "tables"]
