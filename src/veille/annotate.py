"""Annotate article objects in the gold format (../shared/eval/FORMAT.md): veille's evaluation interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from veille.pipeline import analyse
from veille.records import Analysis, Article

EVENT_FIELDS = (
    "evidence",
    "source",
    "source_role",
    "target",
    "target_role",
    "code",
    "stance",
    "reported_by",
    "place",
    "date",
)
QUOTE_FIELDS = ("quote", "speaker", "speaker_country")
PLACE_FIELDS = ("mention", "name", "country", "lat", "lon", "kind")
DATE_FIELDS = ("mention", "value")


def _pick(record: dict, fields: tuple[str, ...]) -> dict:
    return {f: record.get(f, "") for f in fields}


def _distinct(records: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for record in records:
        if record[key] not in seen:
            seen.add(record[key])
            out.append(record)
    return out


def to_gold_format(analysis: Analysis, original: dict) -> dict:
    """The article object with its layers filled; every string is an exact substring of `text`."""
    out = dict(original)
    out["events"] = [_pick(e, EVENT_FIELDS) for e in analysis.events]
    out["quotes"] = _distinct([_pick(q, QUOTE_FIELDS) for q in analysis.quotes], "quote")
    out["places"] = _distinct([_pick(p, PLACE_FIELDS) for p in analysis.places], "mention")
    out["dates"] = _distinct([_pick(d, DATE_FIELDS) for d in analysis.dates], "mention")
    out["boilerplate"] = [b["text"] for b in analysis.boilerplate]
    return out


def annotate(objects: Iterable[dict], nlp: Language) -> Iterator[dict]:
    objects = list(objects)
    articles = [
        Article(
            text=o["text"],
            title=o.get("title", ""),
            origin_id=str(o.get("id", "")),
            published=o.get("date", ""),
            lang=o.get("lang", "fr"),
        )
        for o in objects
    ]
    for original, analysis in zip(objects, analyse(articles, nlp), strict=True):
        yield to_gold_format(analysis, original)
