"""Flag the lines of a page that are not the article: captions, bylines, bios, comment forms."""

from __future__ import annotations

import re
from functools import cache

from veille.lang import read_table

# The kind of a video's title glued into the text: not a caption of this article, so no
# extractor reads it (captions say where and when a photo was taken; a video title does not).
VIDEO = "video"

# A byline is a bare name: two to four capitalised words, particles allowed, nothing else.
_NAME_LINE = re.compile(
    r"^[A-ZÉÈÀÂÎÔÛÇ][\w'\-]+(?:\s+(?:de|du|des|da|van|von|le|la|el|al|ben|bin)?\s*"
    r"[A-ZÉÈÀÂÎÔÛÇ][\w'\-.]+){1,3}$"
)
# A templated bio is a run of short verbless fragments ("Typical food addict.").
_SHORT_FRAGMENTS = re.compile(r"^[“\"«]?(?:[^.!?]{2,60}[.!?]\s*){3,}[”\"»]?$")


@cache
def _rules(lang: str) -> list[tuple[str, re.Pattern]]:
    return [
        (kind, re.compile(pattern, re.IGNORECASE))
        for kind, pattern in read_table(lang, "boilerplate.tsv")
    ]


def _kind_of(line: str, lang: str) -> str | None:
    for kind, pattern in _rules(lang):
        if pattern.fullmatch(line):
            return kind
    return None


def find_boilerplate(text: str, lang: str = "fr") -> list[dict]:
    """Return {start, end, text, kind} for each boilerplate line of `text` (offsets into it)."""
    found: list[dict] = []
    offset = 0
    previous_kind: str | None = None
    first_line = True
    for raw in text.split("\n"):
        line = raw.strip()
        start = offset + raw.find(line) if line else offset
        offset += len(raw) + 1
        if not line:
            continue
        kind = _kind_of(line, lang)
        if kind is None and not first_line and _NAME_LINE.match(line):
            kind = "byline"
        if kind is None and previous_kind == "byline" and _SHORT_FRAGMENTS.match(line):
            kind = "bio"
        first_line = False
        previous_kind = kind
        if kind:
            found.append({"start": start, "end": start + len(line), "text": line, "kind": kind})
    return found
