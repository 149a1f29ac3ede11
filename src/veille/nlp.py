"""NLP: the spaCy pipeline, loaded once per process, with veille's sentence rules and extractors.

It assembles: the text layer (`veille.text`) lies below it and below the extractors.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from veille.settings import default, defaults, thresholds
from veille.text import quoted_spans, text_of

MODELS = {"fr": default("analysis.model"), "en": "en_core_web_md"}

# Each setting of [thresholds] and the argument of the component it moves.
_THRESHOLD_ARGUMENTS = {
    "events": ("veille_events", "threshold_shift"),
    "events_repeat": ("veille_events", "repeat_shift"),
    "places": ("veille_places", "use_shift"),
}

_FINAL = set(".!?…")  # a sentence may end after these
_CLOSING = {"»", "”", '"'}  # or after a closing mark standing alone


@Language.component("veille_sentences", assigns=["token.is_sent_start"])
def sentence_rules(doc: Doc) -> Doc:
    """Paragraphs start sentences; sentences end only after final punctuation, never inside a
    quotation or after an apostrophe. The parser decides among the places left open."""
    # One pass over the tokens into an array, written once: Token.is_sent_start's setter
    # checks the whole doc for a parse on every call, which made this quadratic.
    starts = numpy.zeros(len(doc), dtype=numpy.int64)  # 1 starts, -1 cannot start, 0 open
    paragraph_end = numpy.zeros(len(doc), dtype=bool)
    previous_text = previous_ws = None
    for token in doc:
        text, ws = token.text, token.whitespace_
        if previous_text is not None:
            if "\n" in previous_text or "\n" in previous_ws:
                starts[token.i] = 1
            elif previous_text[-1] not in _FINAL and previous_text not in _CLOSING:
                starts[token.i] = -1  # an apostrophe, a word, a comma: no break here
        paragraph_end[token.i] = "\n" in text or "\n" in ws
        previous_text, previous_ws = text, ws
    if len(doc):
        starts[0] = 1
    for start, end in quoted_spans(text_of(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start + 1, span.end):
            if not paragraph_end[i - 1]:
                starts[i] = -1
    doc.from_array([SENT_START], starts.astype(numpy.uint64))  # -1 wraps, as spaCy stores it
    return doc


def load(
    lang: str = "fr",
    model: str | None = None,
    extractors: bool = True,
    without: tuple[str, ...] = (),
    shifts: Mapping[str, float] | None = None,
) -> Language:
    """The spaCy pipeline for `lang`, loaded once per process, per model and per thresholds;
    `without` leaves out some of veille's components (training the event model leaves out the
    events); `shifts` moves the models' thresholds (the settings' [thresholds] section, by
    veille.settings.thresholds; the keys it leaves out keep their defaults)."""
    every = {**thresholds(defaults()), **(shifts or {})}
    return _load(lang, model or MODELS[lang], extractors, tuple(without), tuple(every.items()))


@cache  # keyed on the model's name: load("fr") and load("fr", None) are the same pipeline
def _load(
    lang: str,
    model: str,
    extractors: bool,
    without: tuple[str, ...],
    shifts: tuple[tuple[str, float], ...],
) -> Language:
    nlp = spacy.load(model)
    _lemma_index_as_sets(nlp)
    nlp.add_pipe("veille_sentences", before="parser")
    if extractors:
        from veille.extract import COMPONENTS

        for name in COMPONENTS:
            if name in without:
                continue
            config = {"lang": lang} if "lang" in _factory_args(nlp, name) else {}
            for key, shift in shifts:
                component, argument = _THRESHOLD_ARGUMENTS[key]
                if component == name:
                    config[argument] = shift
            nlp.add_pipe(name, config=config)
    return nlp


def _lemma_index_as_sets(nlp: Language) -> None:
    # spaCy's French rule lemmatiser looks each new word up in lists of up to 66,000 words: 0.2 ms
    # a word, a quarter of the time of a run over new text. Sets give the same lemmas at once.
    # (The pipeline can no longer be saved with nlp.to_disk, which veille never does.)
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is not None and lookups.has_table("lemma_index"):
        table = lookups.get_table("lemma_index")
        for pos, words in list(table.items()):
            table[pos] = frozenset(words)


def _factory_args(nlp: Language, name: str) -> dict:
    return nlp.get_factory_meta(name).default_config or {}
