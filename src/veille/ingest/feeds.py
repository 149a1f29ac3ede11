"""RSS and Atom feeds (feedparser), from files or URLs; each item's link is fetched and read."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import feedparser

from veille.ingest.fetch import Fetcher, FetchError
from veille.ingest.files import BadInput, decode
from veille.ingest.html import article_from_html, site_of
from veille.records import Article, InputError


def parse_feed(data: bytes):
    """The parsed feed, or None when the bytes are not an RSS/Atom feed with items."""
    feed = feedparser.parse(data)
    if not feed.entries or not feed.get("version"):
        return None
    return feed


def read_feed(
    data: bytes, name: str, fetcher: Fetcher | None, fetch_links: bool = True
) -> Iterator[Article | InputError]:
    """One Article per item: its linked page when fetched, else the item's own content."""
    feed = parse_feed(data)
    if feed is None:
        yield InputError(name, "not an RSS or Atom feed (or a feed without items)")
        return
    for number, entry in enumerate(feed.entries, start=1):
        yield read_entry(entry, number, name, fetcher, fetch_links)


def read_entry(
    entry, number: int, name: str, fetcher: Fetcher | None, fetch_links: bool = True
) -> Article | InputError:
    """The Article of one feed item (the `number`th of feed `name`), or why it cannot be read."""
    link = entry.get("link", "")
    published = _entry_date(entry)
    if fetch_links and fetcher is not None and link.startswith(("http://", "https://")):
        try:
            page = fetcher.get(link)
            charset = page.content_type.partition("charset=")[2].strip(" \"'") or None
            article = article_from_html(decode(page.body, charset), url=page.url, path=name)
        except (FetchError, BadInput) as error:
            return InputError(link, str(error))
        article.url = article.url or link
        article.origin_id = link
    else:
        text = _entry_text(entry)
        if not text:
            return InputError(name, "feed item without text", number)
        article = Article(
            text=text,
            origin_id=link or entry.get("id", "") or f"{name}:{number}",
            url=link,
            source_name=site_of(link),
            path=name,
        )
    article.title = article.title or entry.get("title", "").strip()
    article.author = article.author or entry.get("author", "")
    article.published = published or article.published
    return article


def _entry_date(entry) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else ""


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote)>")


def _entry_text(entry) -> str:
    """The item's own text (content, else summary), one paragraph per line."""
    import lxml.html

    content = entry.get("content") or []
    html = content[0].get("value", "") if content else entry.get("summary", "")
    if not html:
        return ""
    if "<" not in html:
        return html.strip()
    text = lxml.html.fromstring(
        f"<div>{_BLOCK_END.sub(lambda m: m.group(0) + chr(10), html)}</div>"
    ).text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
