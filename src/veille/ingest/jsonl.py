"""JSONL: one article object per line (id, url, title, text, date, lang), with a field mapping.
Plain, gzip (.jsonl.gz) or bzip2 (.jsonl.bz2), read as a stream."""

from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from veille.ingest.files import MAX_BYTES, BadInput, decode, looks_binary
from veille.ingest.html import site_of
from veille.records import Article, InputError

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
                yield from read_line(raw, fields, name, number)
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


def read_line(raw: bytes | str, fields: dict, path: str, number: int) -> list[Article | InputError]:
    """One JSONL line (`number` of the file at `path`): its article, after a warning for each
    field left empty; or the error that skips it; nothing for a blank line. The Spark job reads
    its lines with it too."""
    if not raw.strip():
        return []
    try:
        obj = json.loads(decode(raw) if isinstance(raw, bytes) else raw)
    except (BadInput, ValueError) as error:
        return [InputError(path, f"malformed JSON: {error}", number)]
    if not isinstance(obj, dict):
        return [InputError(path, "not a JSON object", number)]
    problems: list[Article | InputError] = []
    article = article_from_object(obj, fields, path, number, problems.append)
    return [*problems, article]


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


def article_from_object(
    obj: dict,
    fields: dict,
    path: str,
    line: int,
    warn: Callable[[InputError], None] = lambda problem: None,
) -> Article | InputError:
    """The article of one JSONL object, or why not. A field the article can do without (a bad
    date, a list for an author) is left empty and reported to `warn`."""
    text, title = obj.get(fields["text"]), obj.get(fields["title"])
    for name, value in (("text", text), ("title", title)):
        if value is not None and not isinstance(value, str):
            kind = _JSON_TYPES.get(type(value), type(value).__name__)
            return InputError(path, f"field {fields[name]!r} is {kind}, not a string", line)
    text = (text or "").strip()
    if not text:
        return InputError(path, f"no text (field {fields['text']!r})", line)

    def get(key: str) -> str:
        value = obj.get(fields[key])
        if value is None:
            return ""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        kind = _JSON_TYPES.get(type(value), type(value).__name__)
        warn(InputError(path, f"field {fields[key]!r} is {kind}: left empty", line, skipped=False))
        return ""

    date = obj.get(fields["date"])
    published, problem = strict_date(date) if date not in (None, "") else ("", "")
    if problem:
        warn(InputError(path, f"field {fields['date']!r}: {problem}", line, skipped=False))
    url = get("url")
    return Article(
        text=text,
        title=(title or "").strip(),
        origin_id=get("id") or url or f"{path}:{line}",
        url=url,
        source_name=get("source") or site_of(url),
        published=published,
        lang=get("lang"),
        author=get("author"),
        path=path,
    )


_JSON_TYPES = {
    list: "a list",
    dict: "an object",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}
_EARLIEST, _LATEST = date(1800, 1, 1), date(2200, 12, 31)
# Explicit dates only (14/03/2024, 13 juillet 2019): no relative words, no missing parts.
_DATEPARSER = {
    "DATE_ORDER": "DMY",
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}


def strict_date(value) -> tuple[str, str]:
    """(YYYY-MM-DD, "") from an ISO 8601 or RFC 2822 date or datetime, or a date written out
    in full (14/03/2024, 13 juillet 2019); else ("", why). A day is never guessed: no year
    alone, no relative words, no numbers."""
    if not isinstance(value, str):
        kind = _JSON_TYPES.get(type(value), type(value).__name__)
        return "", f"{value!r} is {kind}, not a date: left empty"
    text = value.strip()
    day = _parsed_day(text)
    if day is None:
        return "", f"{value!r} is not a full date (ISO 8601 or RFC 2822 expected): left empty"
    if not _EARLIEST <= day <= _LATEST:
        return "", f"{value!r} is out of range: left empty"
    return day.isoformat(), ""


def _parsed_day(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d{4}", text):
        return None  # no year: not a full date, and dateparser need not load
    import dateparser  # slow to import: only for files whose dates are neither ISO nor RFC 2822

    parsed = dateparser.parse(text, settings=_DATEPARSER)
    return parsed.date() if parsed else None
