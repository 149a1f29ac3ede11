"""WARC and WARC.gz archives (warcio): the HTML responses, each read as a page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from veille.ingest.files import MAX_BYTES, BadInput, decode
from veille.ingest.html import article_from_html
from veille.records import Article, InputError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_warc(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """Yield an Article per HTML response (2xx) and an InputError per unreadable one."""
    name = str(path)
    if path.stat().st_size == 0:
        yield InputError(name, "empty file")
        return
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2") or not content_type.lower().startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(f"{name}#{url}", f"page too large (over {max_bytes:,} bytes)")
                    continue
                charset = _CHARSET.search(content_type)
                try:
                    html = decode(body, charset.group(1) if charset else None)
                    yield article_from_html(html, url=url, path=name)
                except BadInput as error:
                    yield InputError(f"{name}#{url}", str(error))
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        yield InputError(name, f"malformed WARC: {error}")
