"""Event records: a decision of the model with its evidence, actors' roles, stance, reporter,
place and date, in GDELT's fields (../shared/eval/FORMAT.md)."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from veille.cameo import gdelt_fields
from veille.extract.events.candidates import ArticleActors, Mention
from veille.extract.events.model import Decision
from veille.extract.events.stance import stance
from veille.text import text_of


def record(doc: Doc, actors: ArticleActors, decision: Decision, lead_end: int) -> dict:
    """The event record of one decision; offsets index doc.text."""
    start, end = sentence_span(doc, actors, decision.sentence)
    source = _mention_of(actors, decision.source, decision.sentence)
    target = _mention_of(actors, decision.target, decision.sentence, other_than=source)
    trigger = doc[decision.trigger] if decision.trigger is not None else None
    place, date = _place_and_date(doc, start, end)
    return {
        "start": start,
        "end": end,
        "source": decision.source,
        "source_role": source.role if source else "",
        "source_name": source.name if source else "",
        "target": decision.target,
        "target_role": target.role if target else "",
        "target_name": target.name if target else "",
        "source_code": decision.source + (source.role if source else ""),
        "target_code": decision.target + (target.role if target else ""),
        **gdelt_fields(decision.code),
        "stance": stance(trigger),
        "reported_by": _reported_by(doc, trigger.idx if trigger else start, source),
        "place": place,
        "date": date,
        "is_root_event": start < lead_end,
        "probability": round(decision.probability, 3),
        "mentions": [
            dict(zip(("start", "end"), sentence_span(doc, actors, s), strict=True))
            for s in [decision.sentence, *(s for s in decision.sentences if s != decision.sentence)]
        ],
        "codes": [decision.code],
    }


def sentence_span(doc: Doc, actors: ArticleActors, index: int) -> tuple[int, int]:
    """The sentence's characters, without the spaces and line breaks around it."""
    sentence = actors.sentences[index]
    text = text_of(doc)
    start, end = sentence.start_char, sentence.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _mention_of(
    actors: ArticleActors, country: str, sentence: int, other_than: Mention | None = None
) -> Mention | None:
    """The mention that stands for a side: named in the evidence sentence if it is, else the
    side's commonest mention in the article (its role is the side's usual one)."""
    if not country:
        return None
    here = [
        m
        for m in actors.by_sentence.get(sentence, [])
        if m.country == country and m is not other_than
    ]
    if here:
        return min(here, key=lambda m: (m.implied, m.kind == "adjective"))
    elsewhere = [m for m in actors.mentions if m.country == country and not m.implied]
    if not elsewhere:
        return None
    role = Counter(m.role for m in elsewhere).most_common(1)[0][0]
    return next(m for m in elsewhere if m.role == role)


def _place_and_date(doc: Doc, start: int, end: int) -> tuple[str, str]:
    place = next((p for p in doc._.places if start <= p["start"] < end), None)
    date = next((d for d in doc._.dates if start <= d["start"] < end), None)
    name = text_of(doc)[place["start"] : place["end"]] if place else ""
    return name, date.get("value", "") if date else ""


def _reported_by(doc: Doc, offset: int, source: Mention | None) -> str:
    # The nearest report frames the event: in "X a dit que …, tandis que Y rapporte que E",
    # the parse may put Y's report inside X's words, and E is Y's, not X's.
    framing = sorted(
        (a["content_end"] - a["content_start"], a.get("speaker", ""))
        for a in doc._.attributions
        if a.get("content_start", -1) <= offset < a.get("content_end", -1)
    )
    for _, speaker in framing:
        if speaker and (not source or speaker != source.name):
            return speaker
    return ""


def lead_end(doc: Doc) -> int:
    """End of the title and lead paragraph: events there are GDELT's root events."""
    text = text_of(doc)
    paragraphs = 0
    for i, char in enumerate(text):
        if char == "\n" and i > 0 and text[i - 1] != "\n":
            paragraphs += 1
            if paragraphs == 2:
                return i
    return len(text)
