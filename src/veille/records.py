"""The plain records that flow through veille, stage to stage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    """One article as read from a source, before any analysis."""

    text: str
    title: str = ""
    origin_id: str = ""  # the identity it came with: JSONL id, else URL, else file path
    url: str = ""
    source_name: str = ""  # site or outlet ("lemonde.fr", "AFP")
    published: str = ""  # ISO date (YYYY-MM-DD) or ""
    lang: str = ""
    author: str = ""
    path: str = ""  # the file it was read from, for error messages

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class InputError:
    """An input that could not be read: where, and why. Counted, never swallowed."""

    path: str
    reason: str
    line: int | None = None
    skipped: bool = True  # False: the article was read all the same, without the bad field

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class Analysis:
    """Everything veille found in one article; offsets index `article.text` as given."""

    article: Article
    article_id: str  # veille's own key: a hash of the content
    boilerplate: list[dict] = field(default_factory=list)  # {start, end, text, kind}
    entities: list[dict] = field(default_factory=list)  # {start, end, text, label}
    events: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    amounts: list[dict] = field(default_factory=list)
    attributions: list[dict] = field(default_factory=list)  # who says what: content spans
    quality: list[str] = field(default_factory=list)
