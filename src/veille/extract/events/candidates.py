"""Candidates: the article's actors by sentence, and the (source, target) pairs they allow.

A gold event's source and target are countries (or bodies: UNO, EU …); veille's actor mentions
give them where the text names them, and where it implies them (extract/actors.py gives
role-only actors and unplaced people the article's country, flagged `implied`, which the
model weighs). Places no actor covers stand for their country too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from veille.extract.actors import home_country


@dataclass
class Mention:
    """One actor mention reduced to what the event model reads."""

    country: str
    role: str
    kind: str
    head: int  # token index of the mention's head
    start: int  # character offset
    end: int
    name: str
    implied: bool = False  # the country is the article's, not the text's


@dataclass
class ArticleActors:
    """The actors of one article, by sentence, with the article's main country."""

    home: str
    mentions: list[Mention]
    sentences: list[Span]
    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)  # country -> rank by mentions (0 most)
    # The subject actor last seen before each sentence: the actor a sentence without one
    # goes on talking about.
    previous_subject: dict[int, Mention | None] = field(default_factory=dict)

    def sentence_of(self, token_index: int) -> int:
        return bisect_right(self._starts, token_index) - 1

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    @property
    def countries(self) -> list[str]:
        return sorted({m.country for m in self.mentions})


def article_actors(doc: Doc) -> ArticleActors:
    """The article's actor mentions with a country, each coordination's members one by one."""
    counts = Counter(
        m["country"]
        for m in doc._.actors
        if m["country"] and m["kind"] != "pronoun" and not m.get("implied")
    )
    home = home_country(doc._.actors, doc._.places)
    mentions = []
    for m in doc._.actors:
        for member in m.get("members") or [m]:
            if not member.get("country"):
                continue
            mentions.append(
                Mention(
                    country=member["country"],
                    role=member.get("role") or m.get("role", ""),
                    kind=m["kind"],
                    head=m["head"],
                    start=m["start"],
                    end=m["end"],
                    name=member.get("name") or m.get("name", ""),
                    implied=bool(member.get("implied") or m.get("implied")),
                )
            )
    mentions += _places_as_mentions(doc, mentions)
    actors = ArticleActors(home=home, mentions=mentions, sentences=list(doc.sents))
    actors.rank = {c: i for i, (c, _) in enumerate(counts.most_common())}
    for mention in mentions:
        actors.by_sentence.setdefault(actors.sentence_of(mention.head), []).append(mention)
    subject = None
    for index in range(len(actors.sentences)):
        actors.previous_subject[index] = subject
        here = [
            m
            for m in actors.by_sentence.get(index, [])
            if doc[m.head].dep_.startswith("nsubj") and not m.implied
        ]
        subject = here[0] if here else subject
    return actors


def _places_as_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Places no actor covers, as their country: the target of a strike on a city is the
    city's country ("l'armée a bombardé Kharkiv": UKR)."""
    covered = [(m.start, m.end) for m in mentions]
    found = []
    for place in doc._.places:
        if not place.get("country") or any(
            s < place["end"] and place["start"] < e for s, e in covered
        ):
            continue
        span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
        if span is None:
            continue
        found.append(
            Mention(
                country=place["country"],
                role="",
                kind="place",
                head=span.root.i,
                start=place["start"],
                end=place["end"],
                name=place.get("name", ""),
            )
        )
    return found


def pair_kind(source: str, target: str) -> str:
    """same (a domestic event), diff, or which side the text leaves unnamed."""
    if source == target:
        return "same"
    if not source:
        return "noS"
    return "noT" if not target else "diff"
