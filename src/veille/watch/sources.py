"""What the watch polls: feeds (URLs or files), OPML lists of feeds, folders and files, and
what each holds that the watch has not read yet (the store remembers, in watch_seen)."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import feedparser

from veille.ingest import SUFFIXES, read_source
from veille.ingest.feeds import read_entry
from veille.ingest.fetch import Fetcher, FetchError
from veille.records import Article, InputError

# One unit read: its key in watch_seen (given with the unit's last article, None before it)
# and an article or the reason it could not be read.
Item = tuple[str | None, Article | InputError]


class SourceError(Exception):
    """A source that cannot be read at all this time (the message says why)."""


@dataclass
class Polled:
    items: Iterator[Item] = field(default_factory=lambda: iter(()))
    unchanged: bool = False  # the server answered 304 Not Modified
    etag: str = ""
    last_modified: str = ""


def expand(sources: list[str], fetcher: Fetcher) -> list[str]:
    """The sources with each OPML list (a .opml file or URL) replaced by the feeds it lists."""
    expanded = []
    for source in sources:
        if not source.lower().endswith(".opml"):
            expanded.append(source)
            continue
        try:
            data = fetcher.get(source).body if _is_url(source) else Path(source).read_bytes()
            outlines = ElementTree.fromstring(data).iter("outline")
        except (FetchError, OSError, ElementTree.ParseError) as error:
            raise SourceError(f"{source}: cannot read the OPML list: {error}") from None
        expanded += [o.get("xmlUrl") for o in outlines if o.get("xmlUrl")]
    return list(dict.fromkeys(expanded))


def poll(
    source: str,
    con: duckdb.DuckDBPyConnection,
    fetcher: Fetcher,
    fetch_links: bool = True,
    etag: str = "",
    last_modified: str = "",
) -> Polled:
    """What is new in `source` since the watch last read it; SourceError when it cannot be read.
    Feed items' pages are fetched as the items are iterated."""
    if _is_url(source):
        try:
            page = fetcher.get(source, etag, last_modified)
        except FetchError as error:
            raise SourceError(str(error)) from None
        if page.status == 304:
            return Polled(unchanged=True, etag=etag, last_modified=last_modified)
        items = _feed_items(page.body, source, con, fetcher, fetch_links)
        return Polled(items, etag=page.etag, last_modified=page.last_modified)
    path = Path(source)
    if path.is_file() and SUFFIXES.get(_suffix(path)) == "feed":
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SourceError(f"cannot read: {error.strerror or error}") from None
        return Polled(_feed_items(data, source, con, fetcher, fetch_links))
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _readable(p))
    elif path.is_file():
        files = [path]
    else:
        raise SourceError("no such file or folder")
    keys = {f"{p}@{p.stat().st_mtime_ns}": p for p in files}
    new = [keys[k] for k in _unseen(con, source, list(keys))]
    return Polled(_file_items(new, fetcher, fetch_links))


def mark_seen(con: duckdb.DuckDBPyConnection, source: str, keys: list[str], now: datetime) -> None:
    if keys:
        con.executemany(
            "INSERT OR IGNORE INTO watch_seen VALUES (?, ?, ?)", [[source, k, now] for k in keys]
        )


def _feed_items(data: bytes, name: str, con, fetcher, fetch_links) -> Iterator[Item]:
    feed = feedparser.parse(data)
    if not feed.get("version"):
        raise SourceError("not an RSS or Atom feed")
    entries = {_entry_key(e): (n, e) for n, e in enumerate(feed.entries, start=1)}
    new = _unseen(con, name, list(entries))
    return ((k, read_entry(entries[k][1], entries[k][0], name, fetcher, fetch_links)) for k in new)


def _file_items(files: list[Path], fetcher, fetch_links) -> Iterator[Item]:
    for path in files:
        key = f"{path}@{path.stat().st_mtime_ns}"
        # A file may hold many articles (JSONL, WARC): it is seen once the last one is stored.
        articles = list(read_source(path, fetch_links=fetch_links, fetcher=fetcher))
        for number, item in enumerate(articles, start=1):
            yield (key if number == len(articles) else None), item


def _unseen(con: duckdb.DuckDBPyConnection, source: str, keys: list[str]) -> list[str]:
    """The keys not in watch_seen, in the order given."""
    seen = {
        r[0]
        for r in con.execute(
            "SELECT item FROM watch_seen WHERE source = ? AND item IN (SELECT unnest(?))",
            [source, keys],
        ).fetchall()
    }
    return [k for k in dict.fromkeys(keys) if k not in seen]


def _entry_key(entry) -> str:
    key = entry.get("id") or entry.get("link")
    if key:
        return key
    content = entry.get("title", "") + "\x1f" + entry.get("summary", "")
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()[:32]


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), "")


def _readable(path: Path) -> bool:
    return not path.name.startswith(".") and _suffix(path) != ""
