"""Extract dates: (to be written) records on doc._.dates."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_dates(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_dates", assigns=["doc._.dates"], default_config={"lang": "fr"})
def make_dates_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.dates = extract_dates(doc, lang)
        return doc

    return component
