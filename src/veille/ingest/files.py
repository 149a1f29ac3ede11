"""Raw files: size limit, binary detection, and decoding with the declared or detected encoding."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 10_000_000

# An encoding declared inside the document: <meta charset>, http-equiv, or the XML prolog.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Control characters that text files never hold (tab, newlines, form feed and ESC excepted).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))


class BadInput(Exception):
    """An input veille cannot read; the message is the reason shown to the user."""


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or BadInput when it is empty or too large."""
    size = path.stat().st_size
    if size > max_bytes:
        raise BadInput(f"file too large ({size:,} bytes, limit {max_bytes:,})")
    data = path.read_bytes()
    if not data.strip():
        raise BadInput("empty file")
    return data


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: UTF-8, else the declared encoding, else the detected one; else BadInput."""
    if looks_binary(data):
        raise BadInput("binary file, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    match = _DECLARED.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for encoding in candidates:
        if encoding.lower().replace("-", "") in ("utf8", "utf16", "utf32"):
            continue  # already failed, or a lie
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise BadInput("not UTF-8, and no declared or detectable encoding")
    return str(best)


def looks_binary(data: bytes) -> bool:
    """Many control characters (NUL among them) in the first 8 KB: an image, an archive, a PDF.
    A stray NUL in a text is no sign: it is dropped from the article, wherever it is."""
    head = data[:8192]
    return len(head.translate(None, _CONTROL)) < 0.95 * len(head)
