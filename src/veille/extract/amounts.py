"""Extract amounts: numbers with what they count ("280 000 personnes"), on doc._.amounts."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc
from text_to_num import text2num

from veille.lang import opening, read_table
from veille.text import text_of

_NUMBER_WORDS = [
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "vingts",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "cents",
    "mille",
    "un",
    "une",
    "et",
]
# Digits with spaced (or dotted) thousands and a decimal comma: "280 000", "1,5", "150.000".
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?"


@cache
def _words(lang: str) -> dict:
    words: dict[str, dict] = {"approximate": {}, "multiplier": {}, "unit": {}}
    for row in read_table(lang, "amount_words.tsv"):
        words.setdefault(row[1], {})[row[0]] = row[2] if len(row) > 2 else ""
    return words


@cache
def _pattern(lang: str) -> re.Pattern:
    w = _words(lang)
    approx = "|".join(sorted(map(re.escape, w["approximate"]), key=len, reverse=True))
    mult = "|".join(sorted(map(re.escape, w["multiplier"]), key=len, reverse=True))
    word = "(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
    spelled = rf"(?i:{word}(?:[\s-]+{word})*)"
    return re.compile(
        opening(*w["approximate"], *_NUMBER_WORDS, *"0123456789")
        + rf"(?:(?P<approx>\b(?i:{approx}))\s*)?(?<![\w,.])(?P<num>{_DIGITS}|\b{spelled}\b)"
        rf"(?:\s+(?P<mult>{mult})\b)?"
    )


def _value(text: str, lang: str) -> float | None:
    if text[0].isdigit():
        return float(re.sub(r"[ \u00a0\u202f.]", "", text).replace(",", "."))
    words = text.lower().split()
    if words[0] in ("et", "un", "une") and len(words) == 1:
        return None
    try:
        return float(text2num(text.lower(), lang))
    except ValueError:
        return None


def extract_amounts(doc: Doc, lang: str = "fr") -> list[dict]:
    """Numbers with what they count: value, unit (a code when known), counted words, whether
    the text gives it as approximate. Dates and times are left to the dates."""
    words = _words(lang)
    dated = [(d["start"], d["end"]) for d in doc._.dates]
    records = []
    text = text_of(doc)
    starts = [token.idx for token in doc]
    for m in _pattern(lang).finditer(text):
        start, end = m.span("num")
        if any(s <= start < e for s, e in dated):
            continue
        value = _value(m.group("num"), lang)
        if value is None:
            continue
        if m.group("mult"):
            value *= float(words["multiplier"][m.group("mult")])
            end = m.end("mult")
        counted, unit, end = _counted(doc, text, starts, end, words)
        if not counted:
            continue  # a bare number: a score, an article number, a time
        records.append(
            {
                "start": m.start(),
                "end": end,
                "value": value,
                "unit": unit,
                "counted": counted,
                "approximate": bool(m.group("approx")),
            }
        )
    return records


def _counted(doc: Doc, text: str, starts: list[int], end: int, words: dict) -> tuple[str, str, int]:
    """What a number counts: the noun after it ("de"/"d'" skipped) and its adjectives."""
    rest = text[end : end + 60]
    for unit_word, code in words["unit"].items():
        if re.match(rf"\s*(?:d['’]\s*|de\s+)?{re.escape(unit_word)}(?!\w)", rest):
            found = re.match(rf"\s*(?:d['’]\s*|de\s+)?{re.escape(unit_word)}", rest)
            return unit_word, code, end + found.end()
    n = bisect_left(starts, end)
    while n < len(doc) and doc[n].is_space:
        n += 1
    if n >= len(doc):
        return "", "", end
    token = doc[n]
    if token.lower_ in ("de", "d'", "d’") and token.i + 1 < len(doc):
        token = doc[token.i + 1]
    if token.pos_ not in ("NOUN", "PROPN") or not token.is_alpha:
        return "", "", end
    last = token
    while last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "ADJ" and doc[last.i + 1].head == token:
        last = doc[last.i + 1]
    return text[token.idx : last.idx + len(last.text)], "", last.idx + len(last.text)


@Language.factory(
    "veille_amounts",
    assigns=["doc._.amounts"],
    requires=["doc._.dates"],
    default_config={"lang": "fr"},
)
def make_amounts_component(nlp: Language, name: str, lang: str):
    _pattern(lang)

    def component(doc: Doc) -> Doc:
        doc._.amounts = extract_amounts(doc, lang)
        return doc

    return component
