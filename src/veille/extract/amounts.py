"""Extract amounts: (to be written) records on doc._.amounts."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_amounts(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_amounts", assigns=["doc._.amounts"], default_config={"lang": "fr"})
def make_amounts_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.amounts = extract_amounts(doc, lang)
        return doc

    return component
