"""Extract quotes: (to be written) records on doc._.quotes."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def extract_quotes(doc: Doc, lang: str = "fr") -> list[dict]:
    return []


@Language.factory("veille_quotes", assigns=["doc._.quotes"], default_config={"lang": "fr"})
def make_quotes_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, lang)
        return doc

    return component
