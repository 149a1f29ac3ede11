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


# An embedded player's script left in the text ("window.pvp_… = new Pvp(…"), to the line's end.
_PLAYER_SCRIPT = re.compile(r"window\.pvp_\w+\s*=\s*new Pvp\(.*")
# Where a glued video title starts: after the sentence before it ('… à Paris. ', '… utile". ')
# or at the line's start. Titles hold "?", "!" and "(...)" ("Faut-il légaliser le cannabis ?
# …"), so only a full stop, not an ellipsis, ends the sentence before.
_SENTENCE_END = re.compile(r"[\"»”)]?(?<!\.)\.(?!\.)[\"»”)]?\s+|\n")
_LONGEST_TITLE = 300  # characters; beyond it the "title" would be the article's own sentences


@cache
def _video_ending(lang: str) -> re.Pattern | None:
    """'par <channel>' glued to the word before it: the end of an embedded video's title."""
    channels = sorted((row[0] for row in read_table(lang, "video_channels.tsv")), key=len)
    if not channels:
        return None
    alternation = "|".join(re.escape(c) for c in reversed(channels))
    return re.compile(rf"(?<=\S)par (?:{alternation})", re.IGNORECASE)


def _video_titles(text: str, lang: str) -> list[dict]:
    """Titles of embedded videos run into the text, from the sentence end before them to
    their channel, and players' scripts."""
    found = []
    ending = _video_ending(lang)
    for match in ending.finditer(text) if ending else ():
        floor = max(0, match.start() - _LONGEST_TITLE)
        starts = [m.end() for m in _SENTENCE_END.finditer(text, floor, match.start())]
        if not starts and floor > 0:
            continue  # no sentence end within reach: not a title
        start = starts[-1] if starts else 0
        found.append({"start": start, "end": match.end(), "kind": VIDEO})
    for match in _PLAYER_SCRIPT.finditer(text):
        found.append({"start": match.start(), "end": match.end(), "kind": VIDEO})
    for span in found:
        span["text"] = text[span["start"] : span["end"]]
    return found


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
    """Return {start, end, text, kind} for each boilerplate line of `text` (offsets into it),
    and for each video title glued into a line."""
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
    found.extend(_video_titles(text, lang))
    return sorted(found, key=lambda b: b["start"])
