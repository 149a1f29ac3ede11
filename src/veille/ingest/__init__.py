"""Ingest: read files, folders, web archives, feeds and URLs into Articles, with reasons for bad inputs.

for item in read_sources(["pages/", "crawl.warc.gz", "https://example.org/feed.xml"]):
    if isinstance(item, InputError): ...  # reported and counted, never raised
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from veille.ingest.feeds import parse_feed, read_feed
from veille.ingest.fetch import Fetcher, FetchError
from veille.ingest.files import MAX_BYTES, BadInput, decode, read_bytes
from veille.ingest.html import article_from_html
from veille.ingest.jsonl import read_jsonl, strict_date
from veille.ingest.language import ACCEPTED, choose
from veille.ingest.warc import read_warc
from veille.records import Article, InputError

_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})[-_ .]")

__all__ = ["Fetcher", "read_sources", "read_source", "prepared", "SUFFIXES"]

SUFFIXES = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".jsonl.bz2": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def read_sources(
    sources: Iterable[str | Path],
    *,
    field_map: dict | None = None,
    fetch_links: bool = True,
    languages: tuple[str, ...] = ACCEPTED,
    max_bytes: int = MAX_BYTES,
    timeout: float = 10.0,
    delay: float = 1.0,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """Yield every article found in `sources` (files, folders, http(s) URLs of feeds or pages),
    in a stable order, and an InputError for each input (or line, or item) that could not be
    read or is not in `languages`. Never raises for a bad input.

    `field_map` renames JSONL fields ({"text": "body"}); `fetch_links` follows feed items to
    their pages; `max_bytes` bounds a file, a JSONL line, a WARC record and a fetched page;
    `timeout` and `delay` (seconds, per host) govern HTTP.
    """
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(timeout=timeout, max_bytes=max_bytes, delay=delay)
    try:
        for source in sources:
            for item in read_source(
                source,
                field_map=field_map,
                fetch_links=fetch_links,
                max_bytes=max_bytes,
                fetcher=fetcher,
            ):
                if isinstance(item, Article):
                    item = prepared(item, languages)
                yield item
    finally:
        if own_fetcher:
            fetcher.close()


def read_source(
    source: str | Path,
    *,
    field_map: dict | None = None,
    fetch_links: bool = True,
    max_bytes: int = MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """Articles and errors from one source, before language identification."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        yield from _read_url(text, fetcher or Fetcher(max_bytes=max_bytes), fetch_links)
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)
        for file in files:
            yield from _read_file(file, field_map, fetch_links, max_bytes, fetcher)
    elif path.is_file():
        yield from _read_file(path, field_map, fetch_links, max_bytes, fetcher)
    elif "://" in text:
        yield InputError(text, "unsupported URL scheme (http and https only)")
    else:
        yield InputError(text, "no such file or folder")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.startswith("."):
        return None  # editor and system files in a folder of pages
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def _read_file(path, field_map, fetch_links, max_bytes, fetcher) -> Iterator[Article | InputError]:
    kind = _kind(path)
    name = str(path)
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, field_map, max_bytes)
        elif kind == "warc":
            yield from read_warc(path, max_bytes)
        elif kind == "feed":
            yield from read_feed(read_bytes(path, max_bytes), name, fetcher, fetch_links)
        elif kind == "html":
            yield article_from_html(decode(read_bytes(path, max_bytes)), path=name)
        else:
            yield _article_from_text(decode(read_bytes(path, max_bytes)), name)
    except BadInput as error:
        yield InputError(name, str(error))
    except OSError as error:
        yield InputError(name, f"cannot read: {error.strerror or error}")
    except Exception as error:  # whatever a reader trips on is reported, and the run goes on
        yield InputError(name, f"unreadable: {type(error).__name__}: {error}")


def _article_from_text(text: str, path: str) -> Article:
    """A .txt file: the first non-blank line is the title, the rest the text. A plain file
    carries no date, so a name that starts with one (2024-03-12-sahel.txt) gives it."""
    title, _, body = text.strip().partition("\n")
    body = body.strip("\n")
    if not body.strip():
        raise BadInput("no text after the title line")
    dated = _DATED_NAME.match(Path(path).name)
    published = strict_date(dated.group(1))[0] if dated else ""
    return Article(text=body, title=title.strip(), origin_id=path, path=path, published=published)


def _read_url(url: str, fetcher: Fetcher, fetch_links: bool) -> Iterator[Article | InputError]:
    try:
        page = fetcher.get(url)
    except FetchError as error:
        yield InputError(url, str(error))
        return
    if parse_feed(page.body) is not None:
        yield from read_feed(page.body, url, fetcher, fetch_links)
        return
    charset = page.content_type.partition("charset=")[2].strip(" \"'") or None
    try:
        yield article_from_html(decode(page.body, charset), url=page.url, path=url)
    except BadInput as error:
        yield InputError(url, str(error))


def _without_nul(article: Article) -> Article:
    # NUL characters, wherever they come from (a JSON escape, a file past its first 8 KB, a
    # page), are dropped from every field: no reader, store or terminal wants them.
    for name, value in vars(article).items():
        if "\x00" in value:
            setattr(article, name, value.replace("\x00", ""))
    return article


def prepared(article: Article, languages: tuple[str, ...] = ACCEPTED) -> Article | InputError:
    """An article as read, made ready for analysis (NULs dropped, its language found), or the
    reason it is skipped. Every reader's articles pass here, the Spark job's too."""
    article = _without_nul(article)
    lang, reason = choose(f"{article.title}\n{article.text}", article.lang, languages)
    if reason:
        return InputError(article.url or article.path or article.origin_id, reason)
    article.lang = lang
    return article
