"""Place or actor: whether a candidate place mention names a place ("à Moscou", "la France a
une tradition") or stands for a government or is no place at all ("Moscou a refusé", "la
Constitution"), by a logistic model over the mention's context, learned from annotated
articles by scripts/train_place_use.py."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache
from typing import NamedTuple

import numpy
from spacy.tokens import Doc

from veille.extract import gazetteer
from veille.lang import read_table
from veille.text import text_of

_CASE_DEPS = ("case", "fixed", "mark")


class Model(NamedTuple):
    weights: dict[str, float]
    bias: float
    threshold: float
    # Weights of the context's word vectors (context_vector): words of power and will, seen or
    # not in training, make actors of the names under them; the mention's own vector and the
    # word before it help tell a place's name from a common word's or a person's.
    vector_weights: numpy.ndarray | None = None


@cache
def model(lang: str) -> Model:
    """The model of place_use.tsv."""
    found, bias, threshold, vector_weights = {}, 0.0, 0.5, None
    for row in read_table(lang, "place_use.tsv"):
        if row[0] == "(bias)":
            bias = float(row[1])
        elif row[0] == "(threshold)":
            threshold = float(row[1])
        elif row[0] == "(vectors)":
            vector_weights = numpy.array([float(w) for w in row[1].split(",")], dtype=numpy.float32)
        else:
            found[row[0]] = float(row[1])
    return Model(found, bias, threshold, vector_weights)


def probability(
    features: list[str], lang: str = "fr", vector: numpy.ndarray | None = None
) -> float:
    """How likely the candidate with these features (and context vector) is a place."""
    known = model(lang)
    z = known.bias + sum(known.weights.get(f, 0.0) for f in features)
    if vector is not None and known.vector_weights is not None:
        z += float(known.vector_weights @ vector)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def is_place(
    features: list[str],
    lang: str = "fr",
    vector: numpy.ndarray | None = None,
    shift: float = 0.0,
) -> bool:
    """Whether the model reads a place, at its learned threshold moved by `shift` (the setting
    thresholds.places)."""
    return probability(features, lang, vector) >= model(lang).threshold + shift


def context_vector(doc: Doc, record: dict, articles: set[str]) -> numpy.ndarray:
    """The unit word vectors, end to end, of the word the mention depends on ("les
    protestations de Bagdad"), of the mention itself, and of the word before it past articles
    and punctuation ("selon Moscou", "la capitale"); zeros where there is none."""
    span = doc[record["token_start"] : record["token_end"]]
    head = _governing(span.root).head
    before = span.start - 1
    while before >= 0 and (doc[before].is_punct or doc[before].lower_ in articles):
        before -= 1
    tokens = (
        head if head.i not in range(span.start, span.end) else None,
        span,
        doc[before] if before >= 0 else None,
    )
    return numpy.concatenate([_unit(doc, t) for t in tokens])


def _unit(doc: Doc, words) -> numpy.ndarray:
    if words is None or not words.has_vector:
        return numpy.zeros(doc.vocab.vectors_length, dtype=numpy.float32)
    vector = words.vector
    norm = float(numpy.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(numpy.float32)


def _bucket(population: int) -> str:
    if population <= 0:
        return "0"
    return str(min(6, int(math.log10(population))))


def _word(token) -> str:
    # Line breaks are tokens too; a feature must hold on one line of place_use.tsv.
    return token.lower_ if token.lower_.strip() else "<space>"


def _governing(token):
    # "en France et en Italie": the second conjunct is read like the first.
    while token.dep_ == "conj" and token.head is not token and token.head.i < token.i:
        token = token.head
    return token


def _marks(token) -> set[str]:
    marks = {_word(c) for c in token.children if c.dep_ in _CASE_DEPS}
    marks |= {
        _word(g)
        for c in token.children
        if c.dep_ == "case"
        for g in c.children
        if g.dep_ == "fixed"
    }
    return marks


def _entity(doc: Doc, start: int, end: int) -> list[str]:
    first = doc[start]
    if first.ent_iob_ not in ("B", "I"):
        return ["ent=none"]
    label = first.ent_type_
    ent_start = start
    while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
        ent_start -= 1
    ent_end = end
    while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
        ent_end += 1
    if (ent_start, ent_end) == (start, end):
        return [f"ent={label}", f"ent_exact={label}"]
    return [f"ent={label}", f"ent_longer={label}"]


def _features(doc: Doc, record: dict, tables: dict) -> list[str]:
    start, end = record["token_start"], record["token_end"]
    span = doc[start:end]
    kind = record["kind"]
    feature = record["feature"]
    out = [f"kind={kind}", f"feature={feature.partition(':')[0] or 'name'}"]
    if feature in ("street", "site"):
        out.append(f"site={doc[start].lower_}")
    if kind == "city":
        out.append(f"population={_bucket(record.get('population', 0))}")
    if record.get("geonames_id") is None and not feature:
        out.append(f"listed={kind}")
    key = gazetteer.name_key(span.text)
    seat = tables["seats"].get(key, "")  # "capital" or "metonym"
    if seat:
        out.append(seat)
    out.append(f"readings={min(record.get('readings', 1), 3)}")
    out += _entity(doc, start, end)
    text = span.text
    if len(text) > 2 and text.isupper():
        out.append("upper")
    if span[0].is_sent_start:
        out.append("sentence_start")
    if start == 0 or "\n" in doc[start - 1].text_with_ws:
        out.append("paragraph_start")
        if end < len(doc) and doc[end].text in (":", "("):
            out.append("dateline")
    if start > 0 and doc[start - 1].text.endswith("-") and doc[start - 1].is_lower:
        out.append("after_lower_hyphen")  # "al-Baghdadi": a person's name
    if end - start > 1:
        out.append("several_words")
    token = _governing(span.root)
    out.append(f"pos={span.root.pos_}")
    out.append(f"dep={token.dep_}")
    if token.i != span.root.i:
        out.append("conjunct")
    head = token.head
    head_word = head.lemma_.lower() if head.pos_ in ("VERB", "AUX") else _word(head)
    out.append(f"head_pos={head.pos_}")
    out.append(f"dep_head_pos={token.dep_}:{head.pos_}")
    out.append(f"head={head_word}")
    out.append(f"dep_head={token.dep_}:{head_word}")
    # "en France puis à Washington": a conjunct with its own preposition keeps it
    marks = _marks(span.root) or _marks(token)
    out += [f"case={m}" for m in marks] or ["case=none"]
    out += [f"case_head={m}:{head_word}" for m in marks]
    out += [f"case_kind={m}:{kind}" for m in marks]
    if seat:
        out += [f"case_{seat}={m}" for m in marks] or [f"case_{seat}=none"]
        out.append(f"dep_{seat}={token.dep_}")
    previous = _word(doc[start - 1]) if start > 0 else "^"
    out.append(f"previous={previous}")
    out.append(f"previous_kind={previous}:{kind}")
    out.append(f"name={key}")
    if previous in tables["articles"] and start > 1:
        out.append(f"before_article={_word(doc[start - 2])}")
        out.append(f"before_article_kind={_word(doc[start - 2])}:{kind}")
    following = _word(doc[end]) if end < len(doc) else "$"
    out.append(f"next={following}")
    if end + 1 < len(doc) and following in (",", "(", ")"):
        out.append(f"next2={_word(doc[end + 1])}")
    # Part of a longer name: "France 3", "Radio France", "Jeune Afrique", "Europe Ecologie"
    if end < len(doc) and (doc[end].is_digit or doc[end].text[:1].isupper()):
        out.append("next_capitalised_or_digit")
    if start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
        out.append("previous_capitalised")
    return out


def add_features(doc: Doc, records: list[dict], tables: dict, lang: str) -> None:
    """Set `use_features` on each candidate: its own context, and how the article uses the
    same name elsewhere (a name used once after "en" is a place wherever it stands)."""
    own = [_features(doc, r, tables) for r in records]
    by_name: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    text_all = text_of(doc)
    texts = [text_all[r["start"] : r["end"]].lower() for r in records]
    for text, features in zip(texts, own, strict=True):
        counts[text] += 1
        by_name[text] |= {f for f in features if f.startswith(("case=", "dep=", "ent="))}
    for record, text, features in zip(records, texts, own, strict=True):
        features.append(f"mentions={min(counts[text], 4)}")
        features += [f"any_{f}" for f in sorted(by_name[text])]
        record["use_features"] = features
        record["use_vector"] = context_vector(doc, record, tables["articles"])
