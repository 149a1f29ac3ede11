"""Typographic normalisation that remembers where every character came from.

The parser reads the normalised text; every offset veille reports is mapped back
to the text as given, so evidence is always an exact substring of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One character in, one character out: the map stays trivial for these.
_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the usual French apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u00a0": " ",  # no-break space, before « : ; ? !
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",
        "\u2007": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\r": " ",
    }
)
_DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Wire copy often glues sentences: 'exposés."Des organisations', 'turqueLa Turquie',
# 'du monde"Cette politique'. A space goes where the parser needs a boundary.
_GLUED = re.compile(r"(?<=[a-zé»\"”)][.!?])(?=[\"«“A-ZÉÈÀÂ])")
_GLUED_WORDS = re.compile(
    r"(?<=[a-zàâçéèêëîïôûù]{3})(?=(?:Le|La|Les|Il|Elle|Ils|Elles|Dans|Selon|Un|Une|Des|Ce|Cette"
    r"|Ces|Mais|Pour|Depuis|Après|Alors|Lors|Cependant|Pourtant|Sur|Par|Au|Aux)\b)"
)
_STRAIGHT_QUOTE_IN_WORD = re.compile(r'(?<=\w)"(?=\w)')


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: list[int]  # origin[i]: offset in the original text of normalised char i; +1 sentinel

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _closes_quote(text: str, i: int) -> bool:
    """Whether the straight quote at i closes one: an odd number of them before it in its
    paragraph. Straight quotes open and close alike, so only their parity tells."""
    if text[i] != '"':
        return False
    paragraph_start = text.rfind("\n", 0, i) + 1
    return text.count('"', paragraph_start, i) % 2 == 1


def normalise(text: str) -> Normalised:
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text.translate(_SAME_LENGTH)):
        if char in _DROPPED:
            continue
        chars.append(char)
        origin.append(i)
    joined = "".join(chars)
    # A space inserted at a glue point belongs to the character after it.
    cuts = {m.start() for m in _GLUED.finditer(joined) if not _closes_quote(joined, m.start())}
    cuts |= {m.start() for m in _GLUED_WORDS.finditer(joined)}
    for m in _STRAIGHT_QUOTE_IN_WORD.finditer(joined):
        cuts.add(m.start() + 1 if _closes_quote(joined, m.start()) else m.start())
    out: list[str] = []
    out_origin: list[int] = []
    last = 0
    for cut in sorted(cuts):
        out.append(joined[last:cut])
        out_origin.extend(origin[last:cut])
        out.append(" ")
        out_origin.append(origin[cut])
        last = cut
    out.append(joined[last:])
    out_origin.extend(origin[last:])
    out_origin.append(len(text))
    return Normalised("".join(out), out_origin)
