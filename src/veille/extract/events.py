"""Extract events: (to be written) records on doc._.events."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_events(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_events", assigns=["doc._.events"], default_config={"lang": "fr"})
def make_events_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.events = extract_events(doc, lang)
        return doc

    return component
