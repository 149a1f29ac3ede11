"""`veille load`: a Spark job's Parquet output into the DuckDB store, each article once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from veille.store import TABLES

# Hive-style partition folders the job writes under OUTDIR/<table>/ (year=2024/month=03):
# named so that they clash with no column of the store (events has a `date`).
PARTITION_COLUMNS = ("year", "month")


@cache
def store_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's (column, DuckDB type), in the store's order, read from schema.sql itself."""
    con = duckdb.connect()
    con.execute(resources.files("veille.store").joinpath("schema.sql").read_text("utf-8"))
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    con.close()
    columns: dict[str, list[tuple[str, str]]] = {t: [] for t in TABLES}
    for table, column, kind in rows:
        if table in columns:
            columns[table].append((column, kind))
    return {t: tuple(c) for t, c in columns.items()}


def load_parquet_dir(con: duckdb.DuckDBPyConnection, path: str | Path) -> dict[str, int]:
    """Add the articles of a `veille spark` output (and all their rows) that the store lacks.

    An article already stored is left as it is, with its rows: loading twice changes nothing.
    Returns the number of rows added per table, in one transaction.
    """
    root = Path(path)
    if not (root / "articles").is_dir():
        raise FileNotFoundError(f"{root}: no articles/ folder (not a veille spark output)")
    if not any((root / "articles").rglob("*.parquet")):
        return {table: 0 for table in TABLES}  # a job over inputs that held no article
    con.execute("BEGIN TRANSACTION")
    try:
        added = _load(con, root)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added


def _load(con: duckdb.DuckDBPyConnection, root: Path) -> dict[str, int]:
    columns = store_columns()
    # The articles of this output that the store lacks; everything else is keyed on them.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _veille_new AS "
        f"SELECT DISTINCT article_id FROM {_source(root, 'articles')} "
        "WHERE article_id NOT IN (SELECT article_id FROM articles)"
    )
    added = {}
    for table in TABLES:
        if not any((root / table).rglob("*.parquet")):
            added[table] = 0
            continue
        names = ", ".join(f'"{c}"' for c, _ in columns[table])
        casts = ", ".join(f'CAST("{c}" AS {kind}) AS "{c}"' for c, kind in columns[table])
        # A Spark job writes each article once; the guard keeps a hand-merged folder safe too.
        key = {"articles": "article_id", "events": "event_id"}.get(table)
        once = f"QUALIFY row_number() OVER (PARTITION BY {key}) = 1" if key else ""
        before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute(
            f"INSERT INTO {table} ({names}) SELECT {casts} FROM {_source(root, table)} "
            f"WHERE article_id IN (SELECT article_id FROM _veille_new) {once}"
        )
        added[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before
    con.execute("DROP TABLE _veille_new")
    return added


def _source(root: Path, table: str) -> str:
    pattern = str(root / table / "**" / "*.parquet").replace("'", "''")
    # The partition folders are a layout, not data: the columns are the store's own.
    return f"read_parquet('{pattern}', hive_partitioning = false, union_by_name = true)"
