"""Extract quotes: direct quotations with their speakers on doc._.quotes, all attributions on doc._.attributions."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from veille.extract.attribution import attribute

_PAIRS = {"«": "»", "“": "”"}
_LONGEST = 2000  # characters: an unmatched mark must not swallow the article
_WORDS = re.compile(r"\w")
_INTERNAL = ("number", "gender", "speaker_kind", "speakerlike", "_cue_i")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the words inside each pair of quotation marks, paragraph by paragraph.

    « » and “ ” pair by direction. Straight quotes open before a word and close after one, so a
    stray mark is skipped instead of shifting every pair after it. Quotes inside quotes are not listed.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend((offset + a, offset + b) for a, b in _paragraph_spans(paragraph))
        offset += len(paragraph) + 1
    return spans


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    marks: list[tuple[int, int]] = []  # outer spans, marks included
    i = 0
    while i < len(text):
        closing = _PAIRS.get(text[i])
        if closing:
            end = text.find(closing, i + 1, i + _LONGEST)
            if end != -1:
                marks.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    opened = None
    for i, char in enumerate(text):
        if char != '"' or any(a <= i < b for a, b in marks):
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is None:
            if not after.isspace() and after not in ",.;:)":
                opened = i
        elif (not before.isspace() or after in ",.;:)") and i - opened < _LONGEST:
            # 'passer! ".' : a mark before punctuation closes, whatever space precedes it
            marks.append((opened, i + 1))
            opened = None
        elif not after.isspace():
            opened = i  # a mark after a space opens: the previous one was stray
    spans = []
    for a, b in sorted(marks):
        start, end = a + 1, b - 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if _WORDS.search(text[start:end]):
            spans.append((start, end))
    return spans


def extract_quotes(doc: Doc, lang: str = "fr") -> list[dict]:
    """Quotes with their speakers; sets doc._.attributions as a side result of the same reading."""
    quotes, attributions = _read(doc, lang)
    doc._.attributions = attributions
    return quotes


def _read(doc: Doc, lang: str) -> tuple[list[dict], list[dict]]:
    text = doc.text  # Doc.text joins every token: read it once
    spans = [(a, b) for a, b in quote_spans(text) if not _in_boilerplate(doc, a)]
    speakers, attributions = attribute(doc, spans, lang)
    quotes: list[dict] = []
    seen: dict[str, dict] = {}
    for (start, end), found in zip(spans, speakers, strict=True):
        record = {
            "start": start,
            "end": end,
            "speaker": found.get("speaker", ""),
            "speaker_start": found.get("speaker_start"),
            "speaker_end": found.get("speaker_end"),
            "speaker_country": found.get("speaker_country", ""),
            "speaker_role": found.get("speaker_role", ""),
            "relay": found.get("relay", ""),
            "cue": found.get("cue", ""),
        }
        if not record["speaker"]:
            record["speaker_start"] = record["speaker_end"] = None
        key = " ".join(text[start:end].lower().split())
        if (
            key in seen
        ):  # said once, repeated (a headline): one quote, with the speaker found anywhere
            first = seen[key]
            if not first["speaker"] and record["speaker"]:
                first.update({k: v for k, v in record.items() if k not in ("start", "end")})
            continue
        seen[key] = record
        quotes.append(record)
    clean = [{k: v for k, v in a.items() if k not in _INTERNAL} for a in attributions]
    return quotes, clean


def _in_boilerplate(doc: Doc, char: int) -> bool:
    return any(start <= char < end for start, end, *_ in doc._.boilerplate)


@Language.factory(
    "veille_quotes",
    assigns=["doc._.quotes", "doc._.attributions"],
    requires=["token.dep", "doc.sents"],
    default_config={"lang": "fr"},
)
def make_quotes_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, lang)
        return doc

    return component
