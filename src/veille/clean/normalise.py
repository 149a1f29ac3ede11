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
# Wire copy often glues sentences: 'exposés."Des organisations' or 'Réalisations».'
_GLUED = re.compile(r"(?<=[a-zé»\"”)][.!?])(?=[\"«“A-ZÉÈÀÂ])")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: list[int]  # origin[i]: offset in the original text of normalised char i; +1 sentinel

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> Normalised:
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text.translate(_SAME_LENGTH)):
        if char in _DROPPED:
            continue
        chars.append(char)
        origin.append(i)
    joined = "".join(chars)
    # A space inserted between glued sentences belongs to the next character.
    out: list[str] = []
    out_origin: list[int] = []
    last = 0
    for match in _GLUED.finditer(joined):
        cut = match.start()
        out.append(joined[last:cut])
        out_origin.extend(origin[last:cut])
        out.append(" ")
        out_origin.append(origin[cut])
        last = cut
    out.append(joined[last:])
    out_origin.extend(origin[last:])
    out_origin.append(len(text))
    return Normalised("".join(out), out_origin)
