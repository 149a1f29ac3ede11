"""`veille run`: sources → ingest → analyse → store, batch by batch, resumable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from veille.pipeline import analyse, article_key, batches
from veille.records import Article, InputError
from veille.settings import Settings

STORE_WAIT = 10.0  # seconds to wait for another process to let go of the store


def reading_options(
    settings: Settings,
    *,
    field_map: dict[str, str] | None = None,
    follow: bool | None = None,
    robots: bool | None = None,
    delay: float | None = None,
    timeout: float | None = None,
    max_mb: float | None = None,
) -> dict:
    """read_sources' options from the settings' [fetch] section (an option given here wins),
    with the polite fetcher they make: close it (options["fetcher"].close()) when done."""
    from veille.ingest import Fetcher

    def setting(key: str, given):
        return given if given is not None else settings[key]

    max_bytes = int(setting("fetch.max_mb", max_mb) * 1_000_000)
    return {
        "field_map": field_map or {},
        "fetch_links": setting("fetch.follow", follow),
        "max_bytes": max_bytes,
        "fetcher": Fetcher(
            timeout=setting("fetch.timeout", timeout),
            max_bytes=max_bytes,
            delay=setting("fetch.delay", delay),
            robots=setting("fetch.robots", robots),
        ),
    }


@dataclass
class RunSummary:
    read: int = 0  # articles read from the sources
    stored: int = 0  # articles newly stored
    already_stored: int = 0  # seen in an earlier run (or twice in this one): left as they were
    failed: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(
        default_factory=list
    )  # read all the same, a field left empty
    counts: dict[str, int] = field(default_factory=dict)  # rows per table after the run


def run(
    sources: list[str],
    db: str | Path,
    workers: int = 1,
    batch_size: int | None = None,
    on_error: Callable[[InputError], None] = lambda error: None,
    on_batch: Callable[[int, int], None] = lambda read, stored: None,
    model: str | None = None,
    reading: dict | None = None,
    shifts: dict[str, float] | None = None,
) -> RunSummary:
    """Read every source, analyse what is new and store it, one transaction per batch.

    A crash loses at most the batch in flight (`batch_size`: the setting analysis.batch_size);
    a re-run skips what is stored and completes it.
    `reading` holds read_sources' options (field_map, fetch_links, max_bytes, fetcher …);
    `shifts` the extractors' thresholds (veille.settings.thresholds).
    """
    from veille import store
    from veille.ingest import read_sources
    from veille.ingest.duplicates import StoryIndex, signature
    from veille.nlp import load
    from veille.settings import default

    batch_size = batch_size or default("analysis.batch_size")
    summary = RunSummary()
    # A server reading the store holds it only during a request: wait for that to end.
    con = store.connect(db, wait=STORE_WAIT)
    stories = StoryIndex(
        con.execute(
            "SELECT article_id, signature, story_id FROM articles WHERE signature IS NOT NULL"
        ).fetchall()
    )
    seen: set[str] = set()

    def failed(error: InputError) -> None:
        (summary.failed if error.skipped else summary.warnings).append(error)
        on_error(error)

    def new_articles() -> Iterator[Article]:
        # Checked against the store in chunks, before any parsing: a re-run costs only reading.
        for chunk in batches(read_sources(sources, **(reading or {})), batch_size):
            articles = []
            for item in chunk:
                if not isinstance(item, InputError) and item.lang not in ("", "fr"):
                    # English is read and identified, but its extractors' data is not written
                    # yet: parsing it with the French model would code nonsense.
                    reason = f"language {item.lang}: veille codes French only for now"
                    item = InputError(item.path or item.origin_id, reason)
                if isinstance(item, InputError):
                    failed(item)
                else:
                    summary.read += 1
                    articles.append(item)
            stored = store.stored_article_ids(con, [article_key(a) for a in articles])
            for article in articles:
                key = article_key(article)
                if key in stored or key in seen:
                    summary.already_stored += 1
                else:
                    seen.add(key)
                    yield article

    articles = new_articles()
    first = next(articles, None)
    if first is not None:  # a re-run with nothing new never loads the model
        nlp = load("fr", model, shifts=shifts)
        # One stream through the parser (its worker processes live for the whole run); one
        # transaction per batch of results.
        analyses = analyse(chain([first], articles), nlp, n_process=workers, on_error=failed)
        for batch in batches(analyses, batch_size):
            signatures = {a.article_id: signature(a.article.text) for a in batch}
            story_of = {
                a.article_id: stories.assign(a.article_id, signatures[a.article_id]) for a in batch
            }
            summary.stored += store.write_batch(con, batch, story_of, signatures)
            on_batch(summary.read, summary.stored)
    summary.counts = store.table_counts(con)
    con.close()
    return summary
