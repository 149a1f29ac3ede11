"""Quality flags per article: machine-translation artifacts, content-farm author bios, short text."""

from __future__ import annotations

import re
from functools import cache

from veille.lang import read_table

SHORT_WORDS = 80  # fewer words than this: a brief or a stub, not an article

# Punctuation that machine translation and careless scraping leave: a full stop alone between
# spaces (" . "), doubled stops (". ."), a space before a comma, or a stop before a comma.
_STRAY_PUNCTUATION = re.compile(r"(?<=\w) [.,](?= \w)|\. \.(?!\.)|\.,")
# A templated bio: four or more short fragments in a row ("Fan de café. Passionné de voyages.
# Spécialiste du web. Amateur de jardins."), the pattern of generated author pages on content
# farms, in the last lines of the page where bios sit.
_FRAGMENT_RUN = re.compile(r"^[“\"«]?(?:[^\s.!?]+(?: [^\s.!?]+){0,4}[.!?] ?){4,}[”\"»]?$")
_BIO_LINES = 3
_WORD = re.compile(r"\w+")
_PAIRS = [("«", "»"), ("“", "”")]
_MIN_FRAGMENT = 60  # characters: shorter paragraphs are too short to identify their language
_SURELY_OWN = 0.25  # share of the language's function words above which a paragraph is its own


def quality_flags(
    article_text: str, boilerplate: list[dict] | None = None, lang: str = "fr"
) -> list[str]:
    """Flags for what may make an article unreliable, sorted: `short_text`, `mt_punctuation`,
    `unbalanced_quotes`, `untranslated_fragment`, `author_bio`."""
    flags = set()
    boilerplate = boilerplate or []
    kept = _without_boilerplate(article_text, boilerplate)
    if len(_WORD.findall(kept)) < SHORT_WORDS:
        flags.add("short_text")
    if len(_STRAY_PUNCTUATION.findall(kept)) >= 2:
        flags.add("mt_punctuation")
    if (
        any(kept.count(opening) != kept.count(closing) for opening, closing in _PAIRS)
        or kept.count('"') % 2
    ):
        flags.add("unbalanced_quotes")
    if _has_foreign_paragraph(kept, lang):
        flags.add("untranslated_fragment")
    last_lines = [line.strip() for line in article_text.splitlines() if line.strip()][-_BIO_LINES:]
    if any(b.get("kind") == "bio" for b in boilerplate) or any(
        _FRAGMENT_RUN.match(line) for line in last_lines
    ):
        flags.add("author_bio")
    return sorted(flags)


def _without_boilerplate(text: str, boilerplate: list[dict]) -> str:
    if not boilerplate:
        return text
    parts, last = [], 0
    for span in sorted(boilerplate, key=lambda b: b["start"]):
        parts.append(text[last : span["start"]])
        last = max(last, span["end"])
    parts.append(text[last:])
    return "".join(parts)


def warm(lang: str = "fr") -> None:
    """Load the language identifier and word list now, before workers fork and share them."""
    from veille.ingest.language import warm as warm_identifier

    warm_identifier()
    _function_words(lang)


def _has_foreign_paragraph(text: str, lang: str) -> bool:
    """A paragraph confidently in another language: a passage the translation left as it was."""
    from veille.ingest.language import identify

    own_words = _function_words(lang)
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if len(paragraph) < _MIN_FRAGMENT:
            continue
        # Identification reads every character in Python; most paragraphs show their language
        # in their commonest words already.
        words = _WORD.findall(paragraph.lower())
        if own_words and sum(w in own_words for w in words) >= _SURELY_OWN * len(words):
            continue
        guess, probability = identify(paragraph)
        if guess != lang and probability > 0.95:
            return True
    return False


@cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(row[0] for row in read_table(lang, "function_words.tsv"))
