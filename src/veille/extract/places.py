"""Extract places: (to be written) records on doc._.places."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_places(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_places", assigns=["doc._.places"], default_config={"lang": "fr"})
def make_places_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.places = extract_places(doc, lang)
        return doc

    return component
