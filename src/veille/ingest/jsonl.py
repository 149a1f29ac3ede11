"""JSONL: one article object per line (id, url, title, text, date, lang), with a field mapping.
Plain, gzip (.jsonl.gz) or bzip2 (.jsonl.bz2), read as a stream."""

from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from veille.ingest.files import MAX_BYTES, BadInput, decode, looks_binary
from veille.ingest.html import site_of
from veille.records import Article, InputError

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# veille's name → the name in the file; a user's field_map overrides only the keys it sets.
DEFAULT_FIELDS = {
    "id": "id",
    "url": "url",
    "title": "title",
    "text": "text",
    "date": "date",
    "lang": "lang",
    "author": "author",
    "source": "source",
}


def read_jsonl(
    path: Path, field_map: dict | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Article | InputError]:
    """Yield one Article per good line and one InputError (with its line number) per bad one.
    A compressed file that breaks off is reported after the articles read before the break."""
    fields = {**DEFAULT_FIELDS, **(field_map or {})}
    name = str(path)
    empty = True
    number = 0
    with _open(path) as stream:
        try:
            if looks_binary(stream.peek(8192)[:8192]):
                yield InputError(name, "binary file, not text")
                return
            for number, raw in enumerate(_lines(stream, max_bytes), start=1):
                empty = empty and raw is not None and not raw.strip()
                if raw is None:
                    yield InputError(name, f"line too long (over {max_bytes:,} bytes)", number)
                    continue
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(decode(raw))
                except (BadInput, ValueError) as error:
                    yield InputError(name, f"malformed JSON: {error}", number)
                    continue
                if not isinstance(obj, dict):
                    yield InputError(name, "not a JSON object", number)
                    continue
                yield article_from_object(obj, fields, name, number)
        except (EOFError, OSError) as error:  # truncated or corrupt gzip/bzip2 data, a bad disk
            what = (
                "corrupt compressed file"
                if path.suffix.lower() in (".gz", ".bz2")
                else "read error"
            )
            yield InputError(name, f"{what} after line {number}: {error}")
            return
    if empty:
        yield InputError(name, "empty file")


def _open(path: Path):
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    return path.open("rb")


def _lines(stream, max_bytes: int) -> Iterator[bytes | None]:
    """The file's lines, None for one longer than max_bytes: such a line is skipped unread, so
    that a file without newlines cannot fill the memory."""
    while raw := stream.readline(max_bytes + 1):
        if len(raw) <= max_bytes or raw.endswith(b"\n"):
            yield raw
            continue
        while (rest := stream.readline(max_bytes)) and not rest.endswith(b"\n"):
            pass
        yield None


def article_from_object(obj: dict, fields: dict, path: str, line: int) -> Article | InputError:
    def get(key: str) -> str:
        value = obj.get(fields[key])
        return "" if value is None else str(value)

    text = get("text").strip()
    if not text:
        return InputError(path, f"no text (field {fields['text']!r})", line)
    url = get("url")
    return Article(
        text=text,
        title=get("title").strip(),
        origin_id=get("id") or url or f"{path}:{line}",
        url=url,
        source_name=get("source") or site_of(url),
        published=iso_date(get("date")),
        lang=get("lang"),
        author=get("author"),
        path=path,
    )


def iso_date(value: str) -> str:
    """YYYY-MM-DD from an ISO date or datetime, else from any date dateparser reads, else ""."""
    value = value.strip()
    if _ISO.match(value):
        return value[:10]
    if not value:
        return ""
    import dateparser  # slow to import: only for files whose dates are not ISO

    parsed = dateparser.parse(value, settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else ""
