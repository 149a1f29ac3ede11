"""veille: sourced, structured news events from French (and English) articles.

The functions the command line calls, for a Python program:

    import veille

    summary = veille.run_sources(["examples/"], "desk.duckdb")
    with veille.open_store("desk.duckdb", read_only=True) as store:
        page = veille.events(store, actor="RUS", root="19")
        for claim in veille.claims(store, stance="denied")["items"]:
            print(claim["source_code"], claim["code"], claim["denied_by"])
        veille.export_store(store, "gdelt", "events.tsv")

(`run_sources` and `export_store` are not `run` and `export`: those names are veille's modules.)
Every listing answers one page, {"total", "limit", "offset", "items"} (limit=None: all).
They honour the settings as the commands do (the file VEILLE_CONFIG names, over the packaged
defaults; an argument given wins). Errors are veille's own (`VeilleError`, and under it
`StoreError`, `QueryError`, `SettingsError`, `ExportError`), each with a sentence for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from veille.errors import (
    ExportError,
    QueryError,
    SettingsError,
    StoreBusy,
    StoreError,
    VeilleError,
)
from veille.records import Analysis, Article, InputError

if TYPE_CHECKING:  # the store pulls in DuckDB and Arrow: imported when first used
    import duckdb

    from veille.run import RunSummary

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "ExportError",
    "InputError",
    "QueryError",
    "SettingsError",
    "StoreBusy",
    "StoreError",
    "VeilleError",
    "analyse",
    "claims",
    "events",
    "export_store",
    "open_store",
    "quotes",
    "run_sources",
]


def open_store(
    path: str | Path | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """The store at `path` (default: the setting store.path), made when missing unless
    `read_only`. Close it when done, or use it in a `with` block. Raises StoreError."""
    from veille import settings, store

    return store.connect(path or settings.load()["store.path"], read_only=read_only)


def run_sources(
    sources: list[str | Path],
    path: str | Path | None = None,
    *,
    workers: int | None = None,
    batch_size: int | None = None,
    model: str | None = None,
    on_error: Callable[[InputError], None] = lambda error: None,
) -> RunSummary:
    """`veille run`: read files, folders, feeds or URLs, analyse what is new and store it in
    the store at `path`, which no other connection may hold meanwhile (DuckDB has one writer).
    What is not given comes from the settings, as for the command (store.path,
    analysis.workers, analysis.batch_size, analysis.model, [fetch], [thresholds]). An input
    that cannot be read goes to `on_error` and the run goes on; the summary counts what was
    read, stored and failed."""
    from veille import settings
    from veille.run import reading_options
    from veille.run import run as run_sources

    in_force = settings.load()
    reading = reading_options(in_force)
    try:
        return run_sources(
            [str(s) for s in sources],
            path or in_force["store.path"],
            workers=workers or in_force["analysis.workers"],
            batch_size=batch_size or in_force["analysis.batch_size"],
            on_error=on_error,
            model=model or in_force["analysis.model"],
            reading=reading,
            shifts=settings.thresholds(in_force),
        )
    finally:
        reading["fetcher"].close()


def analyse(
    texts: Iterable[str | Article], *, model: str | None = None, published: str = ""
) -> Iterator[Analysis]:
    """One Analysis per text (or Article), in order: events, quotes, places, dates, amounts,
    with offsets into the text as given. `published` (YYYY-MM-DD) anchors relative dates.
    The model and the thresholds are the settings' (analysis.model, [thresholds])."""
    from veille import settings
    from veille.nlp import load
    from veille.pipeline import analyse as analyse_articles

    in_force = settings.load()
    nlp = load("fr", model or in_force["analysis.model"], shifts=settings.thresholds(in_force))
    articles = (
        t if isinstance(t, Article) else Article(text=t, published=published, lang="fr")
        for t in texts
    )
    return analyse_articles(articles, nlp)


def events(
    store: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    code: str | None = None,
    root: str | None = None,
    quad: int | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stance: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> dict:
    """A page of events, newest first, as `veille events` and GET /api/events give them.
    `actor`: a country, a body or a full code (RUS, UNO, RUSGOV) or part of a name; `since`
    and `until`: YYYY, YYYY-MM or YYYY-MM-DD. Raises QueryError for a filter that is no filter."""
    from veille.store import queries

    f = queries.EventFilter(actor, code, root, quad, place, since, until, stance)
    return queries.events(store, f, limit, offset)


def claims(
    store: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    code: str | None = None,
    root: str | None = None,
    quad: int | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stance: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    reports: int | None = 20,
) -> dict:
    """A page of events (source, code, target), most reported first: who asserts each, who
    denies it, who puts it as a hypothesis, and its newest `reports`. Filters as `events`."""
    from veille.store import queries

    f = queries.EventFilter(actor, code, root, quad, place, since, until, stance)
    return queries.claims(store, f, None, limit, offset, reports)


def quotes(
    store: duckdb.DuckDBPyConnection,
    *,
    speaker: str | None = None,
    words: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> dict:
    """A page of direct quotations, newest first; `speaker` and `words` match parts of the
    speaker's name and of the quotation."""
    from veille.store import queries

    return queries.quotes(store, speaker, words, None, limit, offset)


def export_store(
    store: duckdb.DuckDBPyConnection,
    format: str,
    path: str | Path,
    *,
    header: bool = False,
    actor: str | None = None,
    code: str | None = None,
    root: str | None = None,
    quad: int | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stance: str | None = None,
) -> int:
    """Write the store as gdelt, parquet, csv, jsonl, plover or geojson to `path` (a folder
    for parquet, csv and jsonl), with the events the filters match (as `events`; default: all).
    Returns the events or files written; ExportError for an unknown format, QueryError for a
    filter that is no filter."""
    from veille.export import export as export_store
    from veille.store import queries

    f = queries.EventFilter(actor, code, root, quad, place, since, until, stance)
    return export_store(store, format, path, header=header, f=f)
