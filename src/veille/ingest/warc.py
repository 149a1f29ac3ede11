"""WARC and WARC.gz archives (warcio): the HTML responses, each read as a page."""

from __future__ import annotations

import re
import zlib
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
    """Yield an Article per HTML response (2xx) and an InputError per unreadable one. A record
    cut short (its payload shorter than its Content-Length, its gzip member unfinished, the file
    ending inside it) is reported with its offset in the file and skipped: stored, it would be a
    truncated article, and the complete archive read later would add a second copy."""
    name = str(path)
    if path.stat().st_size == 0:
        yield InputError(name, "empty file")
        return
    cut = _gzip_cut(path)  # where an unfinished gzip member starts, if one does
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                offset = records.offset
                if cut is not None and offset >= cut:
                    break
                item = _page(record, name, max_bytes)
                records.read_to_end()  # the rest of the record, to know whether it is whole
                if getattr(record.raw_stream, "limit", 0) > 0:  # bytes its header promised
                    yield InputError(_where(name, record), f"record at byte {offset:,} {_CUT}")
                elif item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as error:
            if cut is None:
                yield InputError(name, f"malformed WARC at byte {records.offset:,}: {error}")
                return
        if cut is not None:
            yield InputError(name, f"gzip member at byte {cut:,} {_CUT}")
        elif records.offset is not None and _rest(stream, records.offset).strip():
            yield InputError(name, f"record at byte {records.offset:,} {_CUT}")


_CUT = "cut short (the file ends inside it): skipped"


def _where(name: str, record) -> str:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    return f"{name}#{url}" if url else name


def _rest(stream, offset: int) -> bytes:
    stream.seek(offset)
    return stream.read(4096)


def _gzip_cut(path: Path) -> int | None:
    """The offset of a gzip member that ends before its end-of-stream marker; None when every
    member is whole or the file is not gzip. (warcio reads a cut member as a shorter one.)"""
    with path.open("rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return None
        stream.seek(0)
        start = consumed = 0  # where the current member starts; bytes fed so far
        member = zlib.decompressobj(31)
        try:
            while chunk := stream.read(1 << 20):
                while chunk:
                    member.decompress(chunk, 1 << 16)  # the output is not needed, only the end
                    while member.unconsumed_tail and not member.eof:
                        member.decompress(member.unconsumed_tail, 1 << 16)
                    if member.eof:
                        consumed += len(chunk) - len(member.unused_data)
                        start, chunk = consumed, member.unused_data
                        member = zlib.decompressobj(31)
                    else:
                        consumed += len(chunk)
                        chunk = b""
        except zlib.error:
            return start
    return None if consumed == start else start


def _page(record, name: str, max_bytes: int) -> Article | InputError | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or not content_type.lower().startswith(_HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(f"{name}#{url}", f"page too large (over {max_bytes:,} bytes)")
    charset = _CHARSET.search(content_type)
    try:
        html = decode(body, charset.group(1) if charset else None)
        return article_from_html(html, url=url, path=name)
    except BadInput as error:
        return InputError(f"{name}#{url}", str(error))


def _cut_short(records: ArchiveIterator, record) -> bool:
    payload_missing = getattr(record.raw_stream, "limit", 0) > 0
    decompressor = records.reader.decompressor
    member_unfinished = decompressor is not None and not decompressor.eof
    return payload_missing or member_unfinished
