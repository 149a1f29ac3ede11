"""Open the store, keep its schema versioned, write analyses in batches."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from veille.records import Analysis
from veille.store.errors import StoreBusy, StoreError, store_error

SCHEMA_VERSION = 1
TABLES = (
    "articles",
    "boilerplate",
    "entities",
    "events",
    "event_mentions",
    "quotes",
    "attributions",
    "places",
    "dates",
    "amounts",
)

_KEYED = {"articles", "events"}  # tables with a primary key: a repeated row is ignored


def connect(
    path: str | Path, read_only: bool = False, wait: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open (and create or upgrade) the store at `path`; read-only, it must exist. While another
    process has it open, try again for up to `wait` seconds. Raises StoreError, never DuckDB's."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"no store at {path}: run `veille run SOURCE --db {path}` first")
    existed = path.exists()
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as error:
            problem = store_error(path, error)
            if not isinstance(problem, StoreBusy) or time.monotonic() >= deadline:
                raise problem from error
            time.sleep(0.05)
    try:
        _check_schema(con, path, read_only, existed)
    except duckdb.Error as error:
        con.close()
        raise store_error(path, error) from error
    except StoreError:
        con.close()
        raise
    return con


def _check_schema(con, path: Path, read_only: bool, existed: bool) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if (existed or read_only) and "meta" not in tables and (tables or read_only):
        raise StoreError(f"{path} is not a veille store (a DuckDB file without veille's tables)")
    if not read_only:
        con.execute(resources.files("veille.store").joinpath("schema.sql").read_text("utf-8"))
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None and not read_only:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    elif row is not None and int(row[0]) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer veille (schema version {row[0]}, this veille reads"
            f" {SCHEMA_VERSION}): upgrade veille"
        )


def stored_article_ids(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> set[str]:
    ids = list(set(article_ids))
    if not ids:
        return set()
    rows = con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [ids]
    ).fetchall()
    return {r[0] for r in rows}


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    batch = pa.Table.from_pylist(rows)  # noqa: F841 - read by name in the query below
    ignore = "OR IGNORE" if table in _KEYED else ""
    con.execute(f"INSERT {ignore} INTO {table} BY NAME SELECT * FROM batch")


def _event_id(article_id: str, event: dict) -> str:
    key = "\x1f".join(
        [
            article_id,
            event.get("source_code", ""),
            event.get("target_code", ""),
            event.get("code", ""),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _spans(
    article_id: str, records: list[dict], fields: tuple[str, ...], text_key: str | None = None
) -> list[dict]:
    rows = []
    for r in records:
        row = {"article_id": article_id, "start_char": r.get("start"), "end_char": r.get("end")}
        if text_key:
            row[text_key] = r.get(text_key, "")
        row.update({f: r.get(f) for f in fields})
        rows.append(row)
    return rows


_EVENT_TEXT_FIELDS = (
    "source",
    "source_role",
    "source_code",
    "source_name",
    "target",
    "target_role",
    "target_code",
    "target_name",
    "code",
    "base_code",
    "root_code",
    "stance",
    "reported_by",
    "denied_by",
    "place",
    "date",
)


def analysis_rows(
    a: Analysis, story_id: str | None = None, signature: list[int] | None = None, added_at=None
) -> dict[str, list[dict]]:
    """The rows of every table for one analysed article: what DuckDB and Spark's Parquet hold."""
    art, aid = a.article, a.article_id
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    tables["articles"].append(
        {
            "article_id": aid,
            "origin_id": art.origin_id,
            "url": art.url,
            "source_name": art.source_name,
            "title": art.title,
            "text": art.text,
            "published": art.published,
            "lang": art.lang,
            "author": art.author,
            "path": art.path,
            "story_id": story_id or aid,
            "signature": signature,
            "quality": a.quality,
            "n_words": len(art.text.split()),
            "added_at": added_at or datetime.now(UTC).replace(tzinfo=None),
        }
    )
    tables["boilerplate"] = _spans(aid, a.boilerplate, ("text", "kind"))
    tables["entities"] = _spans(aid, a.entities, ("text", "label"))
    for e in a.events:
        event_id = _event_id(aid, e)
        place = next((p for p in a.places if e.get("place") and p.get("mention") == e["place"]), {})
        mentions = e.get("mentions") or [{"start": e.get("start"), "end": e.get("end")}]
        tables["events"].append(
            {
                "event_id": event_id,
                "article_id": aid,
                "evidence": e.get("evidence", ""),
                "start_char": e.get("start"),
                "end_char": e.get("end"),
                **{k: e.get(k, "") for k in _EVENT_TEXT_FIELDS},
                "quad_class": e.get("quad_class"),
                "goldstein": e.get("goldstein"),
                "place_name": place.get("name"),
                "place_country": place.get("country"),
                "place_admin1": place.get("admin1"),
                "place_kind": place.get("kind"),
                "place_lat": place.get("lat"),
                "place_lon": place.get("lon"),
                "place_geonames_id": place.get("geonames_id"),
                "event_date": e.get("date") or art.published,
                "is_root_event": bool(e.get("is_root_event")),
                "num_mentions": len(mentions),
            }
        )
        tables["event_mentions"] += [
            {
                "event_id": event_id,
                "article_id": aid,
                "start_char": m.get("start"),
                "end_char": m.get("end"),
            }
            for m in mentions
        ]
    tables["quotes"] = _spans(
        aid, a.quotes, ("quote", "speaker", "speaker_country", "speaker_role", "relay", "cue")
    )
    tables["attributions"] = [
        {
            "article_id": aid,
            **{
                k: r.get(k)
                for k in ("kind", "speaker", "relay", "cue", "content_start", "content_end")
            },
        }
        for r in a.attributions
    ]
    tables["places"] = _spans(
        aid, a.places, ("mention", "name", "country", "admin1", "kind", "lat", "lon", "geonames_id")
    )
    tables["dates"] = _spans(aid, a.dates, ("mention", "value", "granularity"))
    tables["amounts"] = _spans(
        aid, a.amounts, ("mention", "value", "unit", "counted", "approximate")
    )
    return tables


def write_batch(
    con: duckdb.DuckDBPyConnection,
    analyses: list[Analysis],
    stories: dict[str, str] | None = None,
    signatures: dict[str, list[int]] | None = None,
) -> int:
    """Store a batch in one transaction; articles already stored are left as they are.

    Returns the number of articles newly stored.
    """
    stories = stories or {}
    signatures = signatures or {}
    stored = stored_article_ids(con, [a.article_id for a in analyses])
    now = datetime.now(UTC).replace(tzinfo=None)
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    for a in analyses:
        if a.article_id in stored:
            continue
        stored.add(a.article_id)
        for table, rows in analysis_rows(
            a, stories.get(a.article_id), signatures.get(a.article_id), now
        ).items():
            tables[table] += rows
    if not tables["articles"]:
        return 0
    con.execute("BEGIN TRANSACTION")
    try:
        for table, rows in tables.items():
            _insert(con, table, rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(tables["articles"])
