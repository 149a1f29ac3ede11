"""Stance: whether the text asserts an event, reports it denied, or holds it possible."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from veille.lang import read_table

# Relations through which a verb above governs the event's word ("dément avoir livré").
_GOVERNING = {"xcomp", "obj", "ccomp", "nmod", "acl", "advcl", "obl", "obl:arg"}


@cache
def cues(lang: str = "fr") -> dict[str, str]:
    """lemma -> denial | hypothesis, from lang/<lang>/stance.tsv."""
    return {lemma.lower(): kind for lemma, kind, *_ in read_table(lang, "stance.tsv")}


def stance(token: Token | None, lang: str = "fr") -> str:
    """asserted, denied (a verb of denial governs the word) or hypothetical (conditional
    mood, or a verb of possibility governs it)."""
    if token is None:
        return "asserted"
    kinds = cues(lang)
    if _conditional(token) or any(
        _conditional(c) for c in token.children if c.dep_.startswith("aux")
    ):
        return "hypothetical"
    current = token
    for _ in range(3):
        if current.dep_ not in _GOVERNING or current.head is current:
            break
        current = current.head
        kind = kinds.get(current.lemma_.lower())
        if kind == "denial":
            return "denied"
        if kind == "hypothesis" or _conditional(current):
            return "hypothetical"
    return "asserted"


_CONDITIONAL_ENDINGS = ("rait", "raient", "rais")


def _conditional(token: Token) -> bool:
    """The conditional mood, which the tagger often reads as the imperfect ("se rendrait"):
    the infinitive's stem and a conditional ending ("déclarerait", but not "déclarait")."""
    if "Cnd" in token.morph.get("Mood"):
        return True
    text, lemma = token.lower_, token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or not text.endswith(_CONDITIONAL_ENDINGS):
        return False
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    return text.startswith(stem) and len(text) > len(stem) + 2
