"""Extract actors: (to be written) records on doc._.actors."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_actors(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_actors", assigns=["doc._.actors"], default_config={"lang": "fr"})
def make_actors_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.actors = extract_actors(doc, lang)
        return doc

    return component
