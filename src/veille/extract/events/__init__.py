"""Events: who did what to whom, coded in CAMEO by a model learned from annotated articles.

candidates (the article's actors by sentence) -> features (words, pairs, pairs in a sentence)
-> model (three scorers and a decider) -> records (evidence, roles, stance, place, date).
`make train` builds the model from ../shared/eval/train/train.jsonl (see train.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from veille.extract.events import lexicon, model
from veille.extract.events.features import candidates
from veille.extract.events.records import lead_end, record
from veille.pipeline import batches


def extract_events(
    docs: list[Doc], event_model: model.EventModel, lang: str = "fr"
) -> list[list[dict]]:
    """Each article's events, one record per (source, target, code), with their evidence."""
    for doc in docs:
        if not doc.has_annotation("DEP"):
            raise ValueError("extract_events needs parsed Docs (dependency labels)")
    batch = [candidates(doc) for doc in docs]
    decided = model.decide(event_model, batch, lexicon.code_chooser(lang))
    out = []
    for doc, found, decisions in zip(docs, batch, decided, strict=True):
        end = lead_end(doc)
        out.append([record(doc, found.actors, d, end) for d in decisions])
    return out


@Language.factory(
    "veille_events",
    assigns=["doc._.events"],
    # doc._.boilerplate is read too, but set before the pipe, by no component: listed here it
    # would make nlp.analyze_pipes() report a problem.
    requires=["token.dep", "doc._.actors", "doc._.attributions", "doc._.places", "doc._.dates"],
    default_config={"lang": "fr", "threshold_shift": 0.0, "repeat_shift": 0.0},
)
def make_events_component(
    nlp: Language, name: str, lang: str, threshold_shift: float, repeat_shift: float
):
    # The settings' [thresholds] move the thresholds the model learned (0.0: as learned).
    learned = model.load(lang)
    event_model = replace(
        learned,
        threshold=learned.threshold + threshold_shift,
        repeat_threshold=learned.repeat_threshold + repeat_shift,
    )
    return EventsComponent(event_model, lang)


class EventsComponent:
    """The spaCy component: a batch of Docs at a time through nlp.pipe, as the model's calls
    cost per call more than per article."""

    def __init__(self, event_model: model.EventModel, lang: str):
        self.model, self.lang = event_model, lang
        lexicon.code_chooser(lang)

    def __call__(self, doc: Doc) -> Doc:
        [doc._.events] = extract_events([doc], self.model, self.lang)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in batches(docs, batch_size):
            for doc, events in zip(
                batch, extract_events(batch, self.model, self.lang), strict=True
            ):
                doc._.events = events
                yield doc
