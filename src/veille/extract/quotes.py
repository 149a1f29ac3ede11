"""Extract quotes: direct quotations with their speakers on doc._.quotes, all attributions on doc._.attributions."""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from veille.extract.attribution import attribute
from veille.text import quote_spans, text_of

_INTERNAL = ("number", "gender", "speaker_kind", "speakerlike", "_cue_i", "_continued")


def extract_quotes(
    doc: Doc,
    boilerplate: list,
    actors: list[dict],
    places: list[dict],
    lang: str = "fr",
) -> tuple[list[dict], list[dict]]:
    """Quotes with their speakers, and every attribution (quoted or reported) of the same reading.

    `boilerplate` ([start, end, kind] spans: their quotes are skipped), `actors` and `places` are
    what the pipeline found before (doc._.boilerplate, doc._.actors, doc._.places)."""
    text = text_of(doc)
    spans = [(a, b) for a, b in quote_spans(text) if not _in_boilerplate(boilerplate, a)]
    speakers, attributions = attribute(doc, spans, actors, places, lang)
    records = []
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
        records.append(record)
    _echoes(doc, records)
    records = [r for r in records if not _a_name(text[r["start"] : r["end"]], r["speaker"])]
    quotes: list[dict] = []
    seen: dict[str, dict] = {}
    for record in records:
        start, end = record["start"], record["end"]
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


def _echoes(doc: Doc, records: list[dict]) -> None:
    """Words quoted twice are one speaker's: a headline, lead or subheading quote, or one nobody is
    said to say, takes the speaker of a quote that contains its words ("acteur étatique" ->
    "…d'un acteur étatique sophistiqué", a-t-il dit). A subheading with no echo takes the speaker of
    the paragraph it heads when they share words, else none."""
    text = text_of(doc)
    starts = _paragraph_starts(text)
    words = [_content(doc, r["start"], r["end"]) for r in records]
    paragraph = [bisect_right(starts, r["start"]) - 1 for r in records]
    body = len(starts) > 2  # a headline and a lead before a body
    heads = [_subheading(text, r["start"], r["end"]) for r in records]
    found = [dict(r) for r in records]  # echoes come from the speakers the sentences gave
    for n, record in enumerate(records):
        early = body and paragraph[n] <= 1
        if record["speaker"] and not early and not heads[n] or not words[n]:
            continue
        echoes = [
            m
            for m, other in enumerate(found)
            if m != n
            and other["speaker"]
            and len(words[n] & words[m]) >= _ECHO * len(words[n])
            and len(words[m]) >= len(words[n])
            and (not early or paragraph[m] > 1)
        ]
        later = [m for m in echoes if m > n]
        source = later[0] if later else (echoes[-1] if echoes else None)
        if source is None and heads[n]:
            below = [
                m
                for m in range(n + 1, len(records))
                if found[m]["speaker"] and not heads[m] and paragraph[m] <= paragraph[n] + 1
            ]
            region = doc.char_span(
                records[n]["end"], _next_break(text, records[n]["end"]), alignment_mode="expand"
            )
            topic = region is not None and words[n] & {t.lemma_.lower() for t in region}
            source = below[0] if below and topic else None
            if source is None:
                record.update(
                    speaker="",
                    speaker_start=None,
                    speaker_end=None,
                    speaker_country="",
                    speaker_role="",
                    cue="",
                )
                continue
        if source is not None:
            record.update({k: v for k, v in found[source].items() if k not in ("start", "end")})


_ECHO = 0.8  # share of a quote's words found in the other for an echo


def _a_name(words: str, speaker: str) -> bool:
    """A name in quotation marks ("Five Eyes", "Allée Jamal Khashoggi") reproduces nobody's words."""
    tokens = words.split()
    capitals = [w for w in tokens if len(w) > 2 and w[0].isalpha()]
    if not 0 < len(tokens) <= _NAME_WORDS or not all(w[0].isupper() for w in capitals):
        return False
    return bool(capitals) and (len(capitals) > 1 or not speaker) and words[-1].isalnum()


_NAME_WORDS = 4


def _paragraph_starts(text: str) -> list[int]:
    starts, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    return starts or [0]


def _content(doc: Doc, start: int, end: int) -> set[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return {t.lemma_.lower() for t in span or () if t.is_alpha and not t.is_stop and len(t) > 2}


_DASHES = " -\u2013\u2014"


def _subheading(text: str, start: int, end: int) -> bool:
    """A quote standing as a subheading: alone on its line, or between dashes ("- « Pas de poison » -")."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line : max(start - 1, line)]
    glued = max(before.rfind(c) for c in ".!?")  # wire copy glues subheadings to sentences
    before = before[glued + 1 :] if glued >= 0 else before
    if before.strip(_DASHES):
        return False
    rest = text[end + 1 : _next_break(text, end + 1)]
    gap = rest[: len(rest) - len(rest.lstrip(_DASHES))]
    if not rest.strip():
        return len(text[start:end].split()) <= 8 and "-" not in before or "-" in before
    return "-" in gap or "\u2013" in gap or "\u2014" in gap


def _next_break(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end == -1 else end


def _in_boilerplate(boilerplate: list, char: int) -> bool:
    return any(start <= char < end for start, end, *_ in boilerplate)


@Language.factory(
    "veille_quotes",
    assigns=["doc._.quotes", "doc._.attributions"],
    # doc._.boilerplate is set on the Doc before the pipe (veille.pipeline), by no component, so
    # spaCy cannot check it here; the component reads it too.
    requires=[
        "token.dep",
        "token.pos",
        "token.lemma",
        "token.morph",
        "token.ent_type",
        "doc.sents",
        "doc.ents",
        "doc._.actors",
        "doc._.places",
    ],
    default_config={"lang": "fr"},
)
def make_quotes_component(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.quotes, doc._.attributions = extract_quotes(
            doc, doc._.boilerplate, doc._.actors, doc._.places, lang
        )
        return doc

    return component
