"""The watch loop: poll each source when due, analyse and store only what is new, apply the
rules, deliver the alerts; its state lives in the store, so a restart resumes where it stopped."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import duckdb
from spacy.language import Language

from veille import store
from veille.ingest.duplicates import StoryIndex, signature
from veille.ingest.fetch import Fetcher
from veille.ingest.language import ACCEPTED, choose
from veille.pipeline import analyse, article_key, batches
from veille.records import Article, InputError
from veille.watch import sources as polled_sources
from veille.watch.alerts import Alert, event_alerts, volume_alerts
from veille.watch.rules import Rule
from veille.watch.sources import SourceError

MAX_BACKOFF = 6 * 3600.0  # seconds: a feed down for a day is still tried four times a day


@dataclass
class PollReport:
    """One poll: what the progress line shows."""

    number: int
    started: datetime
    checked: int = 0  # sources polled (those backing off after failures wait)
    unchanged: int = 0  # answered 304 Not Modified
    new_articles: int = 0  # stored by this poll
    events: int = 0  # events of those articles
    alerts: list[Alert] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)  # sources and items that failed
    seconds: float = 0.0

    def summary(self) -> dict:
        return {
            "number": self.number,
            "started": self.started.isoformat(timespec="seconds"),
            "checked": self.checked,
            "unchanged": self.unchanged,
            "new_articles": self.new_articles,
            "events": self.events,
            "alerts": len(self.alerts),
            "errors": len(self.errors),
            "seconds": round(self.seconds, 2),
        }


def watch(
    sources: list[str],
    con: duckdb.DuckDBPyConnection,
    nlp: Language,
    *,
    every: float = 900.0,
    rules: list[Rule] = (),
    once: bool = False,
    stop: threading.Event | None = None,
    fetcher: Fetcher | None = None,
    fetch_links: bool = True,
    batch_size: int = 16,
    on_poll: Callable[[PollReport], None] = lambda report: None,
    on_alerts: Callable[[list[Alert]], None] = lambda alerts: None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC).replace(tzinfo=None),
) -> int:
    """Poll `sources` every `every` seconds until `stop` is set (once with `once`); returns
    the number of polls. Stopping finishes the batch in flight: what is stored is marked read,
    what is not is read again at the next start, and the store's keys keep it stored once."""
    fetcher = fetcher or Fetcher()
    stories = StoryIndex(
        con.execute(
            "SELECT article_id, signature, story_id FROM articles WHERE signature IS NOT NULL"
        ).fetchall()
    )
    stop = stop or threading.Event()
    run = _Run(con, nlp, fetcher, fetch_links, batch_size, every, list(rules), stop, on_alerts,
               clock, stories)  # fmt: skip
    sources = polled_sources.expand(sources, fetcher)
    number = 0
    while not run.stop.is_set():
        number += 1
        began = time.monotonic()
        report = PollReport(number, clock())
        for source in sources:
            if run.stop.is_set():
                break
            if once or _due(con, source, report.started, every):
                _poll_source(run, source, report)
        if not run.stop.is_set():
            _alert(run, report, volume_alerts(con, run.rules, clock()))
        report.seconds = time.monotonic() - began
        on_poll(report)
        if once:
            break
        run.stop.wait(max(0.0, every - (time.monotonic() - began)))
    return number


@dataclass
class _Run:
    """What every step of a watch needs: its settings, its connection, the loaded pipeline and
    the stories seen so far."""

    con: duckdb.DuckDBPyConnection
    nlp: Language
    fetcher: Fetcher
    fetch_links: bool
    batch_size: int
    every: float
    rules: list[Rule]
    stop: threading.Event
    on_alerts: Callable[[list[Alert]], None]
    clock: Callable[[], datetime]
    stories: StoryIndex


def _poll_source(run: _Run, source: str, report: PollReport) -> None:
    con = run.con
    etag, last_modified, failures = con.execute(
        "SELECT etag, last_modified, failures FROM watch_sources WHERE source = ?", [source]
    ).fetchone() or ("", "", 0)
    report.checked += 1
    try:
        polled = polled_sources.poll(
            source, con, run.fetcher, run.fetch_links, etag or "", last_modified or ""
        )
        report.unchanged += polled.unchanged
        for batch in batches(polled.items, run.batch_size):
            stored = _store(run, batch, report)
            polled_sources.mark_seen(con, source, [k for k, _ in batch if k], run.clock())
            _alert(run, report, event_alerts(con, run.rules, stored, run.clock()))
            if run.stop.is_set():
                return  # the validators are kept from before: the next start reads the rest
    except SourceError as error:
        failures = (failures or 0) + 1
        report.errors.append(InputError(source, str(error)))
        # The first failure is retried at the next poll; each further one doubles the wait.
        wait = min(run.every * 2 ** (failures - 1), max(run.every, MAX_BACKOFF))
        _save(con, source, "", "", failures, str(error), run.clock(), report.started, wait)
        return
    validators = (polled.etag, polled.last_modified)
    _save(con, source, *validators, 0, None, run.clock(), report.started, run.every)


def _alert(run: _Run, report: PollReport, alerts: list[Alert]) -> None:
    report.alerts += alerts
    run.on_alerts(alerts)


def _store(run: _Run, batch: list, report: PollReport) -> list[str]:
    """Analyse and store the batch's new articles (one transaction); their article ids."""
    con = run.con
    articles = []
    for _, item in batch:
        if isinstance(item, Article):
            item = _french(item)
        if isinstance(item, InputError):
            report.errors.append(item)
        else:
            articles.append(item)
    stored = store.stored_article_ids(con, [article_key(a) for a in articles])
    fresh = list({k: a for a in articles if (k := article_key(a)) not in stored}.values())
    if not fresh:
        return []
    # An article whose analysis fails is reported and marked read like an unreadable page; the
    # rest of the batch is stored.
    analyses = list(analyse(fresh, run.nlp, on_error=report.errors.append))
    signatures = {a.article_id: signature(a.article.text) for a in analyses}
    story_of = {
        a.article_id: run.stories.assign(a.article_id, signatures[a.article_id]) for a in analyses
    }
    report.new_articles += store.write_batch(con, analyses, story_of, signatures)
    report.events += sum(len(a.events) for a in analyses)
    return [a.article_id for a in analyses]


def _french(article: Article) -> Article | InputError:
    lang, reason = choose(f"{article.title}\n{article.text}", article.lang, ACCEPTED)
    if not reason and lang not in ("", "fr"):
        reason = f"language {lang}: veille codes French only for now"
    if reason:
        return InputError(article.url or article.path or article.origin_id, reason)
    article.lang = lang
    return article


def _due(con, source: str, now: datetime, every: float) -> bool:
    row = con.execute("SELECT due_at FROM watch_sources WHERE source = ?", [source]).fetchone()
    # A little slack, so that a poll that started a moment early does not skip a source.
    return row is None or row[0] is None or row[0] <= now + timedelta(seconds=every / 10)


def _save(con, source, etag, last_modified, failures, error, now, poll_started, wait) -> None:
    # Due `wait` after the poll began, not after this source was read: a long poll must not
    # push the sources read late in it past the next poll.
    due = poll_started + timedelta(seconds=wait)
    con.execute(
        "INSERT OR REPLACE INTO watch_sources VALUES (?, ?, ?, ?, ?, ?, ?)",
        [source, etag, last_modified, failures, error, now, due],
    )


def parse_every(text: str) -> float:
    """Seconds in an interval written 90s, 15m, 1h or a plain number of seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    try:
        seconds = float(text[:-1]) * units[text[-1]] if text[-1:] in units else float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an interval (90s, 15m, 1h)") from None
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be positive")
    return seconds


def source_states(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each polled source's state: failures in a row, last error, when it was polled and is due."""
    cursor = con.execute("SELECT * FROM watch_sources ORDER BY source")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Within the block, SIGINT and SIGTERM set `stop` instead of killing the process, so the
    watch finishes its batch; the former handlers come back after it. Main thread only."""
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
