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

_OPENING = {"«": "»", "“": "”", '"': '"'}
_OPENING_MARK = re.compile('[«“"]')
_LONGEST_QUOTE = 2000  # characters; an unclosed mark must not swallow the article


def text_of(doc: Doc) -> str:
    """doc.text, read once per Doc: the property joins every token each time it is read."""
    text = doc.user_data.get("veille_text")
    if text is None:
        text = doc.user_data["veille_text"] = doc.text
    return text


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each quotation (marks included), within one paragraph; unclosed ones skipped."""
    spans = []
    found = _OPENING_MARK.search(text)
    while found:
        i = found.start()
        end = text.find(_OPENING[text[i]], i + 1, i + _LONGEST_QUOTE)
        paragraph_end = text.find("\n", i)
        if end == -1 or (paragraph_end != -1 and paragraph_end < end):
            found = _OPENING_MARK.search(text, i + 1)
            continue
        spans.append((i, end + 1))
        found = _OPENING_MARK.search(text, end + 1)
    return spans
