"""The text layer under every extractor: veille's Doc extensions, a Doc's text read once, quotation marks.

It imports no extractor, so extractors and the pipeline that assembles them (`veille.nlp`) can
both import it without a loop.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# doc._ values must stay plain (lists of dicts, strings): nlp.pipe(n_process>1) sends them
# between processes with msgpack.
for _name, _default in [
    ("published", ""),  # ISO publication date, the anchor for relative dates
    ("boilerplate", []),  # [start, end] character spans that extraction must skip
    ("events", []),
    ("quotes", []),
    ("places", []),
    ("dates", []),
    ("amounts", []),
    ("actors", []),  # actor mentions, with pronouns and descriptions resolved
    ("attributions", []),  # who says what: speaker, relay, and the span of what is said
]:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

# The one quotation scanner: « » and “ ” pair by kind; straight marks either pair as they come
# (quoted_spans) or open before a word and close after one (quote_spans).
_PAIRS = {"«": "»", "“": "”", '"': '"'}
CLOSING_MARKS = frozenset(_PAIRS.values())
_ANY_MARK = re.compile('[«“"]')
_CURLY_MARK = re.compile("[«“]")
_STRAIGHT_MARK = re.compile('"')
_WORD = re.compile(r"\w")
_LONGEST_QUOTE = 2000  # characters; an unclosed mark must not swallow the article


def text_of(doc: Doc) -> str:
    """doc.text, read once per Doc: the property joins every token each time it is read."""
    text = doc.user_data.get("veille_text")
    if text is None:
        text = doc.user_data["veille_text"] = doc.text
    return text


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each quotation (marks included), within one paragraph; unclosed ones
    skipped; a straight mark closes at the next one. What the sentence rules keep whole."""
    return [
        (offset + a, offset + b)
        for offset, paragraph in _paragraphs(text)
        for a, b in _paired(paragraph, _ANY_MARK)
    ]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the words inside each pair of quotation marks, paragraph by paragraph:
    the direct quotations.

    « » and “ ” pair by direction. Straight quotes open before a word and close after one, so a
    stray mark is skipped instead of shifting every pair after it. Quotes inside quotes are not listed.
    """
    spans: list[tuple[int, int]] = []
    for offset, paragraph in _paragraphs(text):
        spans.extend((offset + a, offset + b) for a, b in _words_inside(paragraph))
    return spans


def _paragraphs(text: str) -> list[tuple[int, str]]:
    found, offset = [], 0
    for paragraph in text.split("\n"):
        found.append((offset, paragraph))
        offset += len(paragraph) + 1
    return found


def _paired(paragraph: str, opening: re.Pattern) -> list[tuple[int, int]]:
    """Each mark `opening` finds with the first closing mark of its kind after it (marks
    included), left to right; a mark left unclosed is skipped."""
    spans = []
    found = opening.search(paragraph)
    while found:
        i = found.start()
        end = paragraph.find(_PAIRS[paragraph[i]], i + 1, i + _LONGEST_QUOTE)
        if end == -1:
            found = opening.search(paragraph, i + 1)
            continue
        spans.append((i, end + 1))
        found = opening.search(paragraph, end + 1)
    return spans


def _words_inside(text: str) -> list[tuple[int, int]]:
    marks = _paired(text, _CURLY_MARK)  # outer spans, marks included
    opened = None
    for i in (m.start() for m in _STRAIGHT_MARK.finditer(text)):
        if any(a <= i < b for a, b in marks):
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is None:
            if not after.isspace() and after not in ",.;:)":
                opened = i
        elif (not before.isspace() or after in ",.;:)" or not text[i + 1 :].strip()) and (
            i - opened < _LONGEST_QUOTE
        ):
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
        if _WORD.search(text[start:end]):
            spans.append((start, end))
    return spans
