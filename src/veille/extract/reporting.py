"""Reporting frames: the words that attribute a statement ("a déclaré", "selon", "cité par") and the
syntax that finds who speaks (the subject, the inverted subject of an incise) and what is said."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from veille.lang import read_table
from veille.text import CLOSING_MARKS

# Personal pronouns that can stand for a speaker: (number, gender).
PRONOUNS = {
    "il": ("Sing", "Masc"),
    "elle": ("Sing", "Fem"),
    "ils": ("Plur", "Masc"),
    "elles": ("Plur", "Fem"),
}
SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")
# Dependents that belong to a speaker's name ("ministère russe des Affaires étrangères").
NAME_PARTS = {
    "amod",
    "nmod",
    "case",
    "det",
    "flat:name",
    "flat",
    "flat:foreign",
    "compound",
    "fixed",
    "nummod",
}
HONORIFIC = re.compile(r"^(?:M\.|Mme|Mlle|MM\.|Mr\.?|Dr\.?)\s+")


@cache
def cues(lang: str) -> dict[str, tuple[str, str]]:
    """Reporting cues: lemma or phrase -> (kind, stance), from lang/<lang>/reporting.tsv."""
    return {
        row[0]: (row[1], row[2] if len(row) > 2 else "asserted")
        for row in read_table(lang, "reporting.tsv")
    }


@cache
def _endings(lang: str) -> tuple[tuple[str, str], ...]:
    rows = [(row[0], row[1]) for row in read_table(lang, "reporting_endings.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def cue_lemma(lang: str, lemma: str, form: str) -> str:
    """The reporting lemma of a verb form, recovering it when the lemmatiser kept the form."""
    table = cues(lang)
    if lemma in table or lemma != form:
        return lemma
    for ending, replacement in _endings(lang):
        if form.endswith(ending) and form[: -len(ending)] + replacement in table:
            return form[: -len(ending)] + replacement
    return lemma


@cache
def offices(lang: str) -> tuple[tuple[str, str], ...]:
    """Titles -> the office they name, longest first, from lang/<lang>/reporting_titles.tsv."""
    rows = [(row[0], row[1]) for row in read_table(lang, "reporting_titles.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def speaker_nouns(lang: str) -> dict[str, str]:
    """Nouns usable as speakers: lemma -> person | body | document."""
    return {row[0]: row[1] for row in read_table(lang, "reporting_speakers.tsv")}


def cue_kind(lang: str, token: Token, according_to: set[int]) -> str:
    """ "verb" for a reporting verb, "according_to" for the X of "selon X", else ""."""
    if (
        is_reporting_verb(lang, token)
        or _reporting_before_que(lang, token)
        or _reporting_after_quotation(lang, token)
    ):
        return "verb"
    if token.i in according_to:
        return "according_to"
    return ""


def _reporting_before_que(lang: str, token: Token) -> bool:
    """ "X juge que", "X dément que": present forms the parser takes for a noun or an adverb, told
    by the "que" after them."""
    doc, following = token.doc, token.i + 1
    if token.pos_ not in ("NOUN", "ADV", "ADJ", "PROPN") or following >= len(doc):
        return False
    if doc[following].lower_ not in ("que", "qu'") or token.i == token.sent.start:
        return False
    return cues(lang).get(cue_lemma(lang, token.lower_, token.lower_), ("",))[0] == "verb"


def _reporting_after_quotation(lang: str, token: Token) -> bool:
    """ "«…», a martelé X", "«…», a tweeté X", "«…», juge-t-il": a reporting verb right after a
    quotation's closing mark, which the tagger often takes for an adjective, a noun or a name."""
    form = token.lower_.split("-")[0]
    if (
        token.pos_ in ("VERB", "AUX", "PUNCT")
        or cues(lang).get(cue_lemma(lang, form, form), ("",))[0] != "verb"
    ):
        return False
    doc, i = token.doc, token.i - 1
    while i > 0 and (doc[i].pos_ == "AUX" or doc[i].text.startswith("-")):
        i -= 1
    if i > 0 and doc[i].text == ",":
        i -= 1
    return i >= 0 and doc[i].text in CLOSING_MARKS


def is_reporting_verb(lang: str, token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ != "VERB":
        return False
    return cues(lang).get(cue_lemma(lang, token.lemma_.lower(), token.lower_), ("",))[0] == "verb"


def according_to_nominals(tokens: list[Token], table: dict) -> set[int]:
    """The nominals of "selon X" / "d'après X": the heads of an according-to preposition."""
    found = set()
    for token in tokens:
        if token.dep_ == "case":
            phrase = token.lower_ + "".join(f.lower_ for f in token.children if f.dep_ == "fixed")
            if table.get(phrase, ("",))[0] == "according_to":
                found.add(token.head.i)
    return found


def left_subject(verb: Token, in_quote: list[bool]) -> Token | None:
    """A subject the parser hung elsewhere ("…, le chef de l'État a promis que"): the noun phrase
    ending right before the verb and its auxiliaries, unless a preposition introduces it."""
    doc, i = verb.doc, verb.i - 1
    while i >= verb.sent.start and (
        doc[i].dep_.startswith(("aux", "advmod", "expl"))
        or doc[i].pos_ in ("AUX", "ADV")
        or (doc[i].pos_ == "PRON" and doc[i].head == verb and doc[i].dep_ in ("obj", "iobj"))
    ):
        i -= 1
    if i > verb.sent.start and doc[i].text == ",":
        # "Mark Hertling, ancien commandant des forces, a estimé": the name the apposition follows.
        node = doc[i - 1]
        while node.head.i < node.i and node.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            node = node.head
            if node.ent_type_ == "PER" and not in_quote[node.i]:
                return node
        return None
    if i < verb.sent.start or in_quote[i] or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    node = doc[i]
    while node.dep_ in ("nmod", "flat:name", "flat") and node.head.i < node.i:
        node = node.head
    if node.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "case" for c in node.children):
        return None
    return node


def inverted_subject(verb: Token, in_quote: list[bool]) -> Token | None:
    """The subject after an incise verb, which spaCy often labels obj, obl or appos: the first noun
    phrase after the verb that no preposition introduces ("a assuré à l'AFP un haut responsable")."""
    for token in verb.doc[verb.i + 1 : verb.sent.end]:
        if in_quote[token.i]:
            break
        if token.lower_ in ("-t", "t") or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if any(c.dep_ == "case" for c in token.children) or token.dep_ in (
            "case",
            "fixed",
            "flat:name",
        ):
            continue
        if token.pos_ in ("PROPN", "PRON") or any(c.dep_ == "det" for c in token.children):
            return token
    return None


def is_incise(verb: Token, after: int, in_quote: list[bool]) -> bool:
    """A verb right after a quotation (`after`: its end) with its subject after it: "«…», a-t-il dit"."""
    if not conjugated(verb):  # "un « succès », non précisé, à …" is no incise
        return False
    between = verb.doc[after : verb.i]
    if not all(t.is_punct or t.pos_ in ("AUX", "PRON", "ADV") or in_quote[t.i] for t in between):
        return False
    return inverted_subject(verb, in_quote) is not None


def subject_of(verb: Token, inverted: bool = False) -> Token | None:
    """The subject of a verb, climbing to the verb it shares it with (participles, infinitives, conjuncts)."""
    node = verb
    # "a-t-il souligné": the clitic after the verb is its subject, however spaCy labels it.
    near = [*verb.children]
    # The parser may hang the clitic on the auxiliary or on the euphonic t: "a -t -elle".
    near += [g for c in near if c.dep_.startswith("aux") or c.lower_ == "-t" for g in c.children]
    for child in near:
        if child.text.startswith("-") and child.lower_[1:] in PRONOUNS:
            return child
    for _ in range(4):
        children = list(node.children)
        for dep in SUBJECTS if not inverted else ("nsubj", "expl:subj", "obl:agent"):
            for child in children:
                if child.dep_ == dep and child.lower_ not in (
                    "-t",
                    "t",
                ):  # the euphonic t of "a-t-il"
                    return (
                        None if child.lower_ in ("on", "-on", "ce", "c'", "cela", "ça") else child
                    )
        if inverted and node is verb and conjugated(verb):
            # spaCy parses an inverted subject ("a rapporté le Times", "affirme le général") as obj.
            after = [
                c
                for c in children
                if c.dep_ == "obj" and c.i > node.i and c.pos_ in ("NOUN", "PROPN")
            ]
            if after:
                return after[0]
        climbs = node.dep_ in ("xcomp", "advcl", "conj", "acl") or (
            node.dep_ == "advmod" and node.pos_ == "VERB"  # "…, tweetant que" parsed as an adverb
        )
        if climbs and node.head != node:
            node = node.head
            if node.pos_ in ("NOUN", "PROPN") and node.dep_ != "ROOT":
                node = node.head  # "un argumentaire visant à …": the verb of the noun
            if node.dep_ == "ccomp" and present_participle(verb):
                # "Il a dit que Moscou recevrait des obus, ajoutant que …": who adds is who
                # said, not the subject of what was said.
                node = node.head
            continue
        return None
    return None


def after_comma(verb: Token) -> bool:
    """True when a comma comes right before the verb and its auxiliaries: ", a déclaré", ", affirme"."""
    doc, i = verb.doc, verb.i - 1
    while i >= 0 and (doc[i].pos_ == "AUX" or doc[i].lower_ in ("-t", "t")) and doc[i].head == verb:
        i -= 1
    return i >= 0 and doc[i].text == ","


def present_participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")


def conjugated(verb: Token) -> bool:
    """A finite verb or a participle with its auxiliary: one whose subject may follow it. A bare
    participle or infinitive ("qualifiant l'espace de …", "d'annoncer la mesure") has its object there."""
    if "Fin" in verb.morph.get("VerbForm"):
        return True
    return any(c.dep_.startswith("aux") for c in verb.children)


def name_span(token: Token) -> Span:
    """The words of a name: the head with its adjectives and complements, up to a comma or a clause."""
    keep = {token.i}
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in NAME_PARTS and not child.is_punct:
                keep.add(child.i)
                stack.append(child)
    start, end = token.i, token.i
    while start - 1 in keep and not token.doc[start - 1].is_punct:
        start -= 1
    while end + 1 in keep and not token.doc[end + 1].is_punct:
        end += 1
    doc = token.doc
    while start < token.i and (doc[start].pos_ in ("DET", "ADP") or doc[start].dep_ == "case"):
        start += 1
    return doc[start : end + 1]


def strip(text: str, record: dict) -> dict:
    """Trim spaces and punctuation around a content span."""
    start, end = record["content_start"], record["content_end"]
    while start < end and text[start] in " ,;:.-":
        start += 1
    while end > start and text[end - 1] in " ,;:-.":
        end -= 1
    record["content_start"], record["content_end"] = start, end
    return record


def distance(i: int, a: int, b: int) -> int:
    return a - i if i < a else i - b + 1
