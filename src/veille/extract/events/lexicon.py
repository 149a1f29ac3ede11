"""The event lexicon: which CAMEO code a trigger word stands for, counted from annotated
articles (lang/<lang>/predicates.tsv, written by `make train`, extended by hand)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

from veille.lang import data_file, read_table

FILE = "predicates.tsv"
BY_HAND = "+"  # the count of a row an analyst added: it wins, and make train keeps it
_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a lemma worth listing: a word, not "1996" or "-début"
_HEADER = """\
# Event words and the CAMEO codes they tell: lemma<TAB>pos<TAB>code<TAB>count.
# pos: V (verb) or N (noun, adjective). count: how many annotated events of the training
# corpus the word tells with that code, counted by `make train` (it rewrites this file).
# Once the model has found an event and its root, the word that tells it gives the full code:
# that word's row of the root with the highest count, else the root's commonest code.
# To add a word or overrule a count, add a row with count "+": it wins for its word and root,
# and `make train` keeps it.
"""


@cache
def rows(lang: str = "fr") -> list[tuple[str, str, str, str]]:
    """(lemma, pos, code, count) rows; a duplicate or a second hand row for a word's root is an
    error, not a silent first-wins."""
    found = [tuple(row[:4]) for row in read_table(lang, FILE)]
    seen, by_hand = set(), set()
    for lemma, pos, code, count in found:
        if (lemma, pos, code) in seen:
            raise ValueError(f"{FILE}: {lemma} {pos} {code} is listed twice")
        seen.add((lemma, pos, code))
        if count == BY_HAND:
            if (lemma, code[:2]) in by_hand:
                raise ValueError(f"{FILE}: {lemma} has two hand-made codes for root {code[:2]}")
            by_hand.add((lemma, code[:2]))
        elif not count.isdigit():
            raise ValueError(f"{FILE}: {lemma} {code}: count {count!r} is not a number or +")
    return found


@cache
def code_chooser(lang: str = "fr") -> Callable[[str, str, list[str]], str | None]:
    """choose(lemma, root, taken): the code the word stands for in that root, not yet taken."""
    by_word: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_root: dict[str, Counter] = defaultdict(Counter)
    for lemma, _, code, count in rows(lang):
        weight = 10**9 if count == BY_HAND else int(count)
        by_word[(lemma, code[:2])][code] += weight
        by_root[code[:2]][code] += 0 if count == BY_HAND else weight

    def choose(lemma: str, root: str, taken: list[str]) -> str | None:
        for counts in (by_word.get((lemma, root), Counter()), by_root.get(root, Counter())):
            for code, _ in counts.most_common():
                if code not in taken:
                    return code
        return None if taken else root + "0"

    return choose


def write(counts: Counter, path: Path | None = None, lang: str = "fr") -> Path:
    """Rewrite the lexicon from corpus counts, keeping the rows added by hand."""
    path = path or data_file(lang, FILE)
    kept = [r for r in rows(lang) if r[3] == BY_HAND] if path.exists() else []
    lines = [_HEADER]
    for lemma, pos, code, count in sorted(kept):
        lines.append(f"{lemma}\t{pos}\t{code}\t{count}\n")
    hand = {r[:3] for r in kept}
    for (lemma, pos, code), count in sorted(counts.items()):
        if (lemma, pos, code) not in hand and _WORD.fullmatch(lemma):
            lines.append(f"{lemma}\t{pos}\t{code}\t{count}\n")
    path.write_text("".join(lines), "utf-8")
    rows.cache_clear()
    code_chooser.cache_clear()
    return path
