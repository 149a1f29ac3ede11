"""HTML pages: the main text with trafilatura; date, title, author and site from the page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import trafilatura

from veille.ingest.files import BadInput
from veille.records import Article

_HTML_LANG = re.compile(r"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def article_from_html(html: str, *, url: str = "", path: str = "") -> Article:
    """The article in a page, or BadInput when the page holds no article text."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
    except Exception as error:  # a page that breaks the parser is one bad input, not a crash
        raise BadInput(f"unparsable HTML: {type(error).__name__}: {error}") from None
    text = (getattr(document, "text", None) or "").strip() if document else ""
    if not text:
        raise BadInput("no article text found in the page")
    page_url = url or (document.url or "")
    return Article(
        text=text,
        title=(document.title or "").strip(),
        origin_id=page_url or path,
        url=page_url,
        source_name=site_of(page_url) or (document.sitename or ""),
        published=(document.date or "")[:10],
        lang=(document.language or declared_lang(html)).lower(),
        author=(document.author or "").strip(),
        path=path,
    )


def site_of(url: str) -> str:
    """The host of a URL without 'www.': the source GDELT counts (lemonde.fr)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def declared_lang(html: str) -> str:
    """The page's own <html lang="..."> code, or ""."""
    match = _HTML_LANG.search(html[:4096])
    return match.group(1) if match else ""
