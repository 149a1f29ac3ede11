"""Speaker candidates: the people and bodies an article names, and what ties each to a quotation.

Every person, title and body the article names is a candidate for every quotation; what ties a
candidate to one quotation (the subject of its reporting verb, a pronoun that may stand for it, the
speaker of the quotation before …) is a set of named features, which a model learned from annotated
articles weighs (veille.extract.resolution).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from veille.extract.reporting import HONORIFIC, PRONOUNS, is_reporting_verb
from veille.lang import read_table

_WORD = re.compile(r"\w+")
# Words a name shares with others that do not tell two people apart ("Jean de La Fontaine").
_PARTICLES = {"de", "du", "la", "le", "al", "el", "bin", "ben", "von", "van", "der", "des", "d"}
# Candidate kinds, most person-like first: an entity named both ways is a person.
_KINDS = ("person", "title", "organisation", "body", "country", "document")
_ACTOR_KINDS = {
    "title": "title",
    "group": "body",
    "organisation": "organisation",
    "name": "country",
    "capital": "country",
    "metonym": "country",
}
# A document ("le communiqué") speaks for its author, whom the rules find: it is no candidate.
_NOUN_KINDS = {"person": "title", "body": "body"}
_PHRASE_WORDS = 6  # words of a noun's phrase after it ("ministère russe de la Défense")
_RUN_ON = 6  # words between a title and the name it runs on to ("le député LREM de l'Oise X")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,7}")


@dataclass
class Context:
    """What the features read of one article: its sentences, mentions and candidate entities."""

    doc: Doc
    sents: list[Span]
    sent_starts: list[int]
    paragraph: list[int]  # paragraph index of each sentence
    in_quote: list[bool]
    mentions: list[dict]
    entities: list[dict]
    by_key: dict[str, dict] = field(default_factory=dict)
    # How many quotations the rules give each entity: the article's main speakers.
    said: dict[str, int] = field(default_factory=dict)

    def sentence(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1


def context(
    doc: Doc,
    in_quote: list[bool],
    actors: list[dict],
    nouns: dict[str, str],
    lang: str,
    ruled: list[dict] = (),
) -> Context:
    """Mentions and entities of a parsed article; `in_quote` flags the tokens inside quotation marks;
    `ruled`: the speakers the rules found (speaker, speaker_start, speaker_end, speaker_kind)."""
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    paragraphs, p = [], 0
    for s in sents:
        p += bool(s.start) and "\n" in doc[s.start - 1].text_with_ws
        paragraphs.append(p)
    found = _mentions(doc, actors, nouns, lang)
    found.extend(_ruled(doc, found, ruled))
    found.sort(key=lambda m: m["head"])
    for m in found:
        _describe(doc, m, in_quote, lang)
        m["sent"] = bisect_right(starts, m["head"]) - 1
    entities = _entities(found, lang)
    _spell_out(doc, found, entities)
    return Context(
        doc, sents, starts, paragraphs, in_quote, found, entities, {e["key"]: e for e in entities}
    )


def words(name: str) -> set[str]:
    """The words that identify a name, without particles ("Jean de La Fontaine" -> jean, fontaine)."""
    return {w for w in _WORD.findall(name.lower()) if w not in _PARTICLES and len(w) > 1}


def _mentions(doc: Doc, actors: list[dict], nouns: dict[str, str], lang: str) -> list[dict]:
    """Persons (the parser's and the lists'), titles, bodies and subject pronouns, with entity keys."""
    people: dict[tuple[int, int], tuple[str, int]] = {}
    for ent in doc.ents:
        if ent.label_ == "PER" and not _bare_title(ent, nouns, lang):
            people[(ent.start, ent.end)] = (ent.text, ent.root.i)
    for actor in actors:
        start, end = actor["tokens"]
        if (
            actor["kind"] == "person"
            and not any(s < end and start < e for s, e in people)
            and not _bare_title(doc[start:end], nouns, lang)
        ):
            people[(start, end)] = (actor["name"], actor["head"])
    bare = [HONORIFIC.sub("", name).strip() for name, _ in people.values()]
    named = [(name, words(name)) for name in bare]

    def fullest(name: str) -> str:
        # The longest name of the article holding all this one's words ("Kirby" -> "John Kirby").
        name = HONORIFIC.sub("", name).strip()
        own, best = words(name), name
        for other, its in named:
            if own and len(other) > len(best) and own <= its:
                best = other
        return best

    countries = {tuple(a["tokens"]): a.get("country", "") for a in actors if a["kind"] == "person"}
    out, covered = [], set()
    for (start, end), (name, head) in people.items():
        out.append(
            {
                "kind": "person",
                "key": fullest(name),
                "start": start,
                "end": end,
                "head": head,
                "country": countries.get((start, end), ""),
            }
        )
        covered.update(range(start, end))
    persons = ({m["start"]: m for m in out}, {m["end"]: m for m in out})
    for actor in actors:
        kind = _ACTOR_KINDS.get(actor["kind"])
        if kind is None or actor["head"] in covered:
            continue
        start, end = actor["tokens"]
        mention = {
            "kind": kind,
            "start": start,
            "end": end,
            "head": actor["head"],
            "country": actor.get("country", ""),
            # "un porte-parole du ministère": someone the article does not name, not a holder
            "indefinite": actor.get("definite") is False and not actor.get("plural"),
        }
        person = next(
            (
                m
                for m in out
                if m["kind"] == "person"
                and start <= m["start"]
                and m["end"] <= end
                and not inner_title(doc, actor["head"], m["start"], nouns)
            ),
            None,
        )
        if kind == "title" and person is None:
            person = _apposed(doc, start, end, actor["head"], persons, nouns)
        if kind == "title" and person is not None:
            # "le porte-parole du Kremlin, Dmitri Peskov": the title is the person's
            mention.update(key=person["key"], titled=True)
        elif kind == "country":
            mention["key"] = _phrase(doc[actor["head"]])
        else:
            mention["key"] = (
                actor["name"] if kind == "organisation" else _phrase(doc[actor["head"]])
            )
        mention["lemma"] = actor.get("lemma") or ""
        if kind == "organisation":
            # Its words as the text gives them ("l'Élysée"), where the key is the list's ("Elysée")
            words_ = doc[start:end]
            while len(words_) > 1 and words_[0].pos_ in ("DET", "ADP"):
                words_ = words_[1:]
            mention["surface"] = words_.text
        out.append(mention)
        covered.add(actor["head"])
    for token in doc:
        pronoun = token.lower_.lstrip("-")
        if pronoun in PRONOUNS:
            if token.dep_.startswith(("nsubj", "expl")) or token.text[0] == "-":
                out.append(
                    {
                        "kind": "pronoun",
                        "key": "",
                        "pronoun": pronoun,
                        "start": token.i,
                        "end": token.i + 1,
                        "head": token.i,
                    }
                )
            continue
        if token.i in covered or token.pos_ not in ("NOUN", "PROPN"):
            continue
        kind = _NOUN_KINDS.get(nouns.get(token.lemma_.lower(), ""))
        if kind is None and token.ent_type_ == "ORG" and token.ent_iob_ == "B":
            kind = "organisation"
        if kind is None:
            continue
        end = token.i + 1
        while token.ent_iob_ == "B" and end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1  # "New York Times": the whole name, once
        mention = {
            "kind": kind,
            "key": _phrase(token),
            "start": token.left_edge.i,
            "end": end,
            "head": token.i,
            "lemma": token.lemma_.lower(),
            "country": "",
            "indefinite": any(
                c.dep_ == "det" and c.lower_ in ("un", "une") for c in token.children
            ),
        }
        person = (
            _apposed(doc, token.i, _phrase_end(token), token.i, persons, nouns)
            if kind == "title"
            else None
        )
        if person is not None:
            mention.update(key=person["key"], titled=True)
        out.append(mention)
        covered.update(range(token.i, end))
    out.sort(key=lambda m: m["head"])
    return out


def _bare_title(ent: Span, nouns: dict[str, str], lang: str) -> bool:
    """A title the parser took for a name ("le président de la République", "le Premier
    ministre"): a title noun with no name after it, only common words and the state's own."""
    if nouns.get(ent[0].lemma_.lower()) != "person" and nouns.get(ent[0].lower_) != "person":
        return False
    state = state_words(lang)
    return all(t.is_lower or t.pos_ in ("DET", "ADP") or t.text in state for t in ent[1:])


@cache
def state_words(lang: str) -> frozenset[str]:
    """Capitalised words of titles that name the state, not a person."""
    return frozenset(row[0] for row in read_table(lang, "state_words.tsv"))


def _ruled(doc: Doc, mentions: list[dict], ruled: list[dict]) -> list[dict]:
    """The speakers the rules read where no mention stands (a name the parser missed, "accuse
    Buzzfeed"): candidates too, marked as the rules' own."""
    out, seen = [], set()
    for found in ruled:
        if not found.get("speaker") or found.get("speaker_start") is None:
            continue
        span = doc.char_span(found["speaker_start"], found["speaker_end"], alignment_mode="expand")
        if span is None or not len(span) or (span.start, span.end) in seen:
            continue
        root = span.root
        # A name, not whatever common noun the rules took for a subject ("la conférence de presse")
        if root.pos_ != "PROPN" or any(
            span.start <= m["head"] < span.end or m["start"] <= root.i < m["end"] for m in mentions
        ):
            continue
        seen.add((span.start, span.end))
        kind = "person" if found.get("speaker_kind") == "person" else "organisation"
        out.append(
            {
                "kind": kind,
                "key": found["speaker"],
                "start": span.start,
                "end": span.end,
                "head": root.i,
                "country": found.get("speaker_country", ""),
                "lemma": "",
                "from_rules": True,
            }
        )
    return out


def inner_title(doc: Doc, head: int, start: int, nouns: dict[str, str]) -> bool:
    """True when another title stands between a title and a name inside its phrase: "le porte-parole
    de la chancelière Angela Merkel" is not Angela Merkel, the chancellor is."""
    return any(
        t.pos_ == "NOUN" and nouns.get(t.lemma_.lower()) == "person" for t in doc[head + 1 : start]
    )


def _apposed(
    doc: Doc,
    start: int,
    end: int,
    head: int,
    persons: tuple[dict[int, dict], dict[int, dict]],
    nouns: dict[str, str],
) -> dict | None:
    """The person a title [start, end) is set beside: "le préfet de police, Michel Cadot", "une
    passante, Ewalina Ochab", "Michel Cadot, le préfet", "le député La République en marche
    Aurélien Taché". `persons`: person mentions by start, by end."""
    by_start, by_end = persons
    after = end + (end < len(doc) and doc[end].text == ",")
    if after in by_start:
        return None if inner_title(doc, head, after, nouns) else by_start[after]
    # The title's words may run on past what the actors took (a party, a ministry) to the name,
    # never through a verb or a comma, nor to a name a preposition or another title introduces.
    for j in range(end, min(end + _RUN_ON, len(doc))):
        if j in by_start:
            if doc[j - 1].pos_ not in ("ADP", "DET") and not inner_title(doc, head, j, nouns):
                return by_start[j]
            break
        if doc[j].pos_ not in ("PROPN", "ADJ", "DET", "ADP", "NOUN"):
            break
    before = start - 1
    while before >= 0 and doc[before].pos_ == "DET":
        before -= 1
    # "Pour Jean Dupont, le ministre a menti": a title that heads its own clause is someone else.
    if before > 0 and doc[before].text == "," and not doc[head].dep_.startswith("nsubj"):
        return by_end.get(before)
    return None


def _phrase_end(token: Token) -> int:
    """Where the words of a noun's phrase end (exclusive): see `_phrase`."""
    if token.ent_type_ == "ORG" and token.ent_iob_ == "B":
        return next(e for e in token.doc.ents if e.start == token.i).end
    end = token.i
    for t in sorted(token.subtree, key=lambda t: t.i):
        if t.ent_type_ == "PER" or (t.dep_ == "case" and t.head.ent_type_ == "PER"):
            break
        if t.i != end + 1 or t.is_punct or t.dep_ in ("acl", "acl:relcl"):
            continue
        # Six words at most, but never a noun cut from its adjective ("… des Affaires étrangères")
        if t.i - token.i < _PHRASE_WORDS or (t.dep_ == "amod" and token.i <= t.head.i <= end):
            end = t.i
    return end + 1


def _phrase(token: Token) -> str:
    """A noun with the words after it that belong to it ("ministère russe de la Défense"), short
    of a person it belongs to ("le gouvernement de M. Morrison" is the government)."""
    return token.doc[token.i : _phrase_end(token)].text


def _describe(doc: Doc, m: dict, in_quote: list[bool], lang: str) -> None:
    """What a mention's place in its sentence tells: subject, reporter, after a preposition, gender."""
    head = doc[m["head"]]
    clause = head
    while clause.dep_ in ("flat:name", "appos", "flat") and clause.head != clause:
        clause = clause.head
    m["in_quote"] = in_quote[m["head"]]
    m["subject"] = clause.dep_.startswith("nsubj")
    m["reporter"] = m["subject"] and is_reporting_verb(lang, clause.head)
    m["prep"] = any(c.dep_ == "case" for c in head.children) or (
        m["start"] > 0 and doc[m["start"] - 1].pos_ == "ADP"
    )
    m["gender"] = _gender(doc, m)


def _gender(doc: Doc, m: dict) -> str:
    if m["kind"] == "pronoun":
        return PRONOUNS[m["pronoun"]][1]
    # The honorific before the name, or its first word where the parser took it into the name
    before = {doc[m["start"] - 1].text if m["start"] else "", doc[m["start"]].text}
    if before & {"Mme", "Madame", "madame"}:
        return "Fem"
    if before & {"M.", "Monsieur", "monsieur"}:
        return "Masc"
    if m["kind"] == "person":
        return ""
    head = doc[m["head"]]
    gender = head.morph.get("Gender")
    for child in head.children:
        if child.dep_ == "det" and child.morph.get("Gender"):
            gender = child.morph.get("Gender")
    return gender[0] if gender else ""


@cache
def first_names(lang: str) -> dict[str, str]:
    """First name -> Fem | Masc, from lang/<lang>/first_names.tsv."""
    return {row[0]: row[1] for row in read_table(lang, "first_names.tsv")}


def _entities(mentions: list[dict], lang: str) -> list[dict]:
    """Mentions grouped by what they name: a person by their fullest name, a body by its words."""
    by_key: dict[str, dict] = {}
    for m in mentions:
        if m["kind"] == "pronoun":
            continue
        kind = "person" if m.get("titled") else m["kind"]
        entity = by_key.setdefault(m["key"], {"key": m["key"], "kind": kind, "mentions": []})
        entity["mentions"].append(m)
        if _KINDS.index(kind) < _KINDS.index(entity["kind"]):
            entity["kind"] = kind
    for entity in by_key.values():
        genders = [m["gender"] for m in entity["mentions"] if m["gender"]]
        entity["gender"] = max(sorted(set(genders)), key=genders.count) if genders else ""
        if not entity["gender"] and entity["kind"] == "person":
            first = entity["key"].split(" ")[0]
            # "Jean-Christophe", "Marie-France": a compound first name takes its first part's gender
            names = first_names(lang)
            entity["gender"] = names.get(first) or names.get(first.split("-")[0], "")
        entity["lemmas"] = {m["lemma"] for m in entity["mentions"] if m.get("lemma")}
        surfaces = [m["surface"] for m in entity["mentions"] if m.get("surface")]
        entity["name"] = max(surfaces, key=len) if surfaces else entity["key"]
        entity["words"] = words(entity["key"]) | words(entity["name"])
        entity["countries"] = {m["country"] for m in entity["mentions"] if m.get("country")}
    return list(by_key.values())


def _spell_out(doc: Doc, mentions: list[dict], entities: list[dict]) -> None:
    """A body and the acronym the article gives it in brackets ("la Fédération hospitalière de
    France (FHF)") go by both: the name is the fullest, and annotators give either."""
    of = {id(m): e for e in entities for m in e["mentions"]}
    ends = {m["end"]: m for m in mentions if m["kind"] in ("organisation", "body")}
    by_name = {e["name"]: e for e in entities}
    for t in doc[1:-2]:
        acronym = doc[t.i + 1]
        if t.text != "(" or doc[t.i + 2].text != ")" or not _ACRONYM.fullmatch(acronym.text):
            continue
        body = of.get(id(ends.get(t.i)))
        if body is None or "(" in body["name"]:
            continue
        name = f"{body['name']} ({acronym.text})"
        for e in (body, by_name.get(acronym.text)):
            if e is not None and e["kind"] != "person":
                e["name"] = name


def frame_mention(ctx: Context, start: int | None, end: int | None) -> tuple[str, dict | None]:
    """What the rules took for the speaker of a quotation (characters [start, end)): a name, a title,
    a body, a pronoun, or nothing."""
    if start is None or end is None:
        return "none", None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "none", None
    inside = [m for m in ctx.mentions if span.start <= m["head"] < span.end] or [
        m for m in ctx.mentions if m["start"] <= span.root.i < m["end"]
    ]
    if not inside:
        return "other", None
    pronoun = [m for m in inside if m["kind"] == "pronoun"]
    # The mention the span is headed by ("le porte-parole de la présidente X" is the spokesman),
    # else the most person-like inside it.
    headed = [m for m in inside if m["head"] == span.root.i]
    m = pronoun[0] if pronoun else headed[0] if headed else min(inside, key=_rank)
    if m.get("from_rules"):
        return "other", m
    kind = {"pronoun": "pronoun", "person": "name", "title": "title"}.get(m["kind"], "body")
    return ("name" if m.get("titled") else kind), m


def _rank(m: dict) -> int:
    return -1 if m.get("titled") else _KINDS.index(m["kind"])


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def features(
    ctx: Context,
    quote: tuple[int, int],
    frame: tuple[str, dict | None],
    rule_speaker: str,
    previous: dict | None,
    next_frame: str | None,
    lang: str,
    echo: str = "",
) -> list[dict[str, float]]:
    """One feature dict per entity of `ctx` for the quotation on tokens [a, b).

    `frame`: what the rules took for its speaker (kind, mention); `rule_speaker`: the name they
    resolved it to; `previous`: {key, sent, paragraph} of the speaker chosen for the quotation
    before; `next_frame`: the entity the rules name for an adjacent next quotation; `echo`: the
    speaker they name for another quotation that repeats this one's words."""
    a, b = quote
    qs = ctx.sentence(a)
    sent = ctx.sents[qs]
    kind, fm = frame
    rule_words = words(rule_speaker)
    echo_words = words(echo)
    last, last_subject, last_report = {}, {}, {}
    for e in ctx.entities:
        for m in e["mentions"]:
            if m["head"] < a and not m["in_quote"]:
                last[e["key"]] = m
                if m["subject"]:
                    last_subject[e["key"]] = m["head"]
                if m["reporter"]:
                    last_report[e["key"]] = m["head"]
    recency = _ranks({k: m["head"] for k, m in last.items()})
    people_recency = [k for k in sorted(last, key=lambda k: -last[k]["head"])]
    people_recency = [k for k in people_recency if ctx.by_key[k]["kind"] == "person"]
    subject_rank = _ranks(last_subject)
    report_rank = _ranks(last_report)
    top = max(
        (e for e in ctx.entities if e["kind"] == "person"),
        key=lambda e: len(e["mentions"]),
        default=None,
    )
    said_rank = _ranks(ctx.said)
    governors = _governors(ctx.doc, a, b)
    held = {lemma for e in ctx.entities if e["kind"] == "person" for lemma in e["lemmas"]}
    near = [m for m in ctx.mentions if sent.start <= m["head"] < sent.end and not m["in_quote"]]
    surface = _surface(ctx, near, a, b, lang)
    pronoun = _incise_pronoun(near, a, b)
    incise = _incise_clause(ctx, near, b, sent.end)
    first_person = next((m for m in incise if m["kind"] == "person" or m.get("titled")), None)
    frame_country = fm.get("country", "") if fm is not None and kind != "pronoun" else ""
    indefinite = fm is not None and kind == "title" and fm.get("indefinite")
    titled = kind == "title" and fm is not None
    frame_gender = fm["gender"] if titled else ""
    holders = (
        [k for k in people_recency if fm.get("lemma") in ctx.by_key[k]["lemmas"]] if titled else []
    )
    rows = []
    for e in ctx.entities:
        key, ms = e["key"], e["mentions"]
        f = {"kind=" + e["kind"]: 1.0, f"frame={kind}&kind={e['kind']}": 1.0}
        if all(m["in_quote"] for m in ms):
            f["only_in_quotes"] = 1.0
        if all(m.get("from_rules") for m in ms):
            f["only_from_rules"] = 1.0
        if any(a <= m["head"] < b for m in ms):
            f["named_in_quote"] = 1.0
        if all(m["prep"] for m in ms):
            f["only_after_preposition"] = 1.0
        f["mentions=" + _bucket(len(ms), (1, 2, 4, 8))] = 1.0
        if key in said_rank:
            f["said_rank=" + _bucket(said_rank[key], (0, 1))] = 1.0
            if qs <= 1:
                f["said_rank=" + _bucket(said_rank[key], (0, 1)) + "&headline"] = 1.0
        if e is top:
            f["most_named_person"] = 1.0
            if qs <= 1:
                f["most_named_person&headline"] = 1.0
        f["recency=" + (_bucket(recency[key], (0, 1, 2, 4)) if key in recency else "none")] = 1.0
        if key in last:
            f["sentences_since=" + _bucket(qs - last[key]["sent"], (0, 1, 2, 4, 8))] = 1.0
            if last[key]["subject"]:
                f["last_as_subject"] = 1.0
        if key in subject_rank:
            f["subject_recency=" + _bucket(subject_rank[key], (0, 1, 3))] = 1.0
        if key in report_rank:
            step = _bucket(report_rank[key], (0, 1, 2))
            f["reporter_recency=" + step] = 1.0
            f[f"reporter_recency={step}&frame={kind}"] = 1.0
        here = [m for m in ms if sent.start <= m["head"] < sent.end and not m["in_quote"]]
        if here:
            f["in_sentence"] = 1.0
            if any(m["subject"] for m in here):
                f["subject_in_sentence"] = 1.0
            if any(m["head"] >= b for m in here):
                f["after_in_sentence"] = 1.0
            for m in here:
                for relation in _syntax(ctx, m, a, b, governors, lang):
                    f["syntax_" + relation] = 1.0
                    if kind in ("none", "continued", "other"):
                        f["unframed&syntax_" + relation] = 1.0
                for tag in surface.get(id(m), ()):
                    f["surface_" + tag] = 1.0
                    f[f"surface_{tag}&{e['kind']}"] = 1.0
        if incise and any(m is incise[0] for m in ms):
            f["incise_clause_first"] = 1.0
            f["incise_clause_first&" + e["kind"]] = 1.0
        if first_person is not None and any(m is first_person for m in ms):
            f["incise_clause_first_person"] = 1.0
        elif any(m in incise for m in ms):
            f["incise_clause_other&" + e["kind"]] = 1.0
        if frame_country and e["countries"]:
            same = "same" if frame_country in e["countries"] else "other"
            f["frame_country=" + same] = 1.0
            f[f"frame_country={same}&frame={kind}"] = 1.0
        if any(m["sent"] == qs + 1 and not m["in_quote"] for m in ms):
            f["next_sentence"] = 1.0
        # Who speaks in the sentence before or after, where the quotation's own names none:
        # "X a réagi jeudi. « … »", "« … » X l'a redit ensuite."
        for m in ms:
            step = m["sent"] - qs
            if step in (-1, 1) and not m["in_quote"] and m["subject"]:
                role = "reporter" if m["reporter"] else "subject"
                f[f"{role}_sentence{step:+d}"] = 1.0
                f[f"{role}_sentence{step:+d}&frame={kind}"] = 1.0
        said_before = previous is not None and previous["key"] == key
        if said_before:
            f["previous_speaker"] = 1.0
            f["previous_speaker&frame=" + kind] = 1.0
            if previous["paragraph"] == ctx.paragraph[qs]:
                f["previous_speaker&paragraph"] = 1.0
            if qs - previous["sent"] <= 1:
                f["previous_speaker&near"] = 1.0
        if echo_words & e["words"]:
            f["echo"] = 1.0
            f["echo&frame=" + kind] = 1.0
        if next_frame == key:
            f["next_speaker"] = 1.0
            f["next_speaker&frame=" + kind] = 1.0
        if (
            fm is not None
            and kind != "pronoun"
            and any(m is fm or m["start"] <= fm["head"] < m["end"] for m in ms)
        ):
            f["is_frame_" + kind] = 1.0
            if indefinite:
                f["is_frame&indefinite"] = 1.0
        if rule_words & e["words"]:
            f["rules_" + kind] = 1.0
        if pronoun is not None:
            _pronoun_features(f, e, pronoun, people_recency, ctx, said_before, "incise_")
        if kind == "pronoun" and fm is not None:
            _pronoun_features(f, e, fm, people_recency, ctx, said_before, "frame_")
            if key in subject_rank:
                f["frame_pronoun&subject_recency=" + _bucket(subject_rank[key], (0, 1, 3))] = 1.0
        if e["kind"] == "title" and e["lemmas"] & held:
            f["title_of_a_named_person"] = 1.0
        if fm is not None and e["kind"] == "person" and fm.get("lemma") in e["lemmas"]:
            f["title_held&frame=" + kind] = 1.0
            if indefinite:
                f["title_held&indefinite"] = 1.0
        if frame_gender and e["kind"] == "person" and e["gender"]:
            f["frame_title&" + ("gender" if e["gender"] == frame_gender else "other_gender")] = 1.0
        if key in holders:
            f["title_holder_recency=" + _bucket(holders.index(key), (0, 1))] = 1.0
        if kind == "title" and fm is not None and key in people_recency:
            f["title&person_recency=" + _bucket(people_recency.index(key), (0, 1, 2))] = 1.0
        rows.append(f)
    return rows


def _ranks(positions: dict[str, int]) -> dict[str, int]:
    """Keys ranked by position, latest first."""
    return {k: r for r, k in enumerate(sorted(positions, key=lambda k: -positions[k]))}


def _pronoun_features(
    f: dict,
    e: dict,
    pronoun: dict,
    people_recency: list[str],
    ctx: Context,
    said_before: bool,
    tag: str,
) -> None:
    number, gender = PRONOUNS[pronoun["pronoun"]]
    if number == "Sing":
        if e["kind"] != "person":
            f[tag + "pronoun&not_person"] = 1.0
        elif e["gender"] and e["gender"] != gender:
            f[tag + "pronoun&other_gender"] = 1.0
        else:
            agreeing = [k for k in people_recency if ctx.by_key[k]["gender"] in ("", gender)]
            if e["key"] in agreeing:
                f[tag + "pronoun&recency=" + _bucket(agreeing.index(e["key"]), (0, 1, 2))] = 1.0
        if e["gender"] == gender:
            f[tag + "pronoun&gender"] = 1.0
    elif e["kind"] == "person":
        f[tag + "plural_pronoun&person"] = 1.0
    if said_before:
        f[tag + "pronoun&previous_speaker"] = 1.0


def _incise_pronoun(near: list[dict], a: int, b: int) -> dict | None:
    """A subject pronoun right after the quotation ("…», a-t-il dit") or before it in its sentence."""
    after = [m for m in near if m["head"] >= b]
    first = after[0] if after else None
    if first is not None and first["kind"] == "pronoun" and first["head"] - b <= 6:
        return first
    before = [m for m in near if m["head"] < a]
    if first is None and before and before[-1]["kind"] == "pronoun":
        return before[-1]
    return None


def _incise_clause(ctx: Context, near: list[dict], b: int, end: int) -> list[dict]:
    """The names of an incise right after the quotation, in order: "», a plaidé l'épidémiologiste
    du ministère, Fernando Simon." (a verb after the closing mark, up to the next quotation)."""
    doc, in_quote = ctx.doc, ctx.in_quote
    j = b
    while j < end and (in_quote[j] or doc[j].text == ","):
        j += 1
    if j >= end or doc[j].pos_ not in ("VERB", "AUX"):
        return []
    stop = next((k for k in range(j, end) if in_quote[k]), end)
    return [m for m in near if j <= m["head"] < stop and m["kind"] != "pronoun"]


def _surface(ctx: Context, near: list[dict], a: int, b: int, lang: str) -> dict[int, list[str]]:
    """Tags by surface order, which hold where the parse fails: the first names after the quotation
    (with a reporting verb between), the last ones before it (sentence-initial or not)."""
    doc, in_quote = ctx.doc, ctx.in_quote

    def between(i: int, j: int, test) -> bool:
        return any(test(t) for t in doc[i:j] if not in_quote[t.i])

    tags: dict[int, list[str]] = {}
    after = [m for m in near if m["head"] >= b and m["kind"] != "pronoun"]
    for n, m in enumerate(after[:2]):
        tag = f"after{n}"
        if between(b, m["start"], lambda t: t.pos_ in ("VERB", "AUX")):
            tag += "_verb"
        if between(b, m["start"], lambda t: is_reporting_verb(lang, t)):
            tag += "_reporting"
        if m["head"] - b <= 8:
            tag += "_close"
        tags.setdefault(id(m), []).append(tag)
    before = [m for m in near if m["head"] < a and m["kind"] != "pronoun"]
    for n, m in enumerate(reversed(before[-2:])):
        tag = f"before{n}"
        if between(m["end"], a, lambda t: is_reporting_verb(lang, t)):
            tag += "_reporting"
        if m["start"] <= ctx.sents[ctx.sentence(a)].start + 1:
            tag += "_initial"
        tags.setdefault(id(m), []).append(tag)
    return tags


def _governors(doc: Doc, a: int, b: int) -> set[int]:
    """The words outside a quotation [a, b) that govern it, up the tree."""
    governors = set()
    for t in [t for t in doc[a:b] if not a <= t.head.i < b or t.head == t][:3]:
        node = t
        for _ in range(12):
            if node.head == node:
                break
            node = node.head
            if not a <= node.i < b:
                governors.add(node.i)
    return governors


def _syntax(ctx: Context, m: dict, a: int, b: int, governors: set[int], lang: str) -> set[str]:
    """How a mention in the quotation's sentence relates to it: subject of its reporting verb, of
    the verb that governs it, inverted subject of an incise, "selon X", "pour X", an object …"""
    doc, in_quote = ctx.doc, ctx.in_quote
    head = doc[m["head"]]
    while (
        head.dep_ in ("flat:name", "appos", "flat")
        and head.head != head
        and not in_quote[head.head.i]
    ):
        head = head.head
    verb, relation = head.head, head.dep_
    out = set()
    reporting = is_reporting_verb(lang, verb)
    if relation.startswith("nsubj"):
        out.add("subject")
        if reporting:
            out.add("subject_of_reporting")
        if verb.i in governors:
            out.add("subject_of_governor")
        if verb.i >= b and reporting:
            out.add("subject_of_reporting_after")
    cases = [c for c in head.children if c.dep_ == "case"]
    if (
        verb.i >= b
        and head.i > verb.i
        and not cases
        and verb.pos_ == "VERB"
        and all(
            t.is_punct or t.pos_ in ("AUX", "PRON", "ADV") or in_quote[t.i] for t in doc[b : verb.i]
        )
    ):
        out.add("inverted_subject" + ("_of_reporting" if reporting else ""))
    if cases:
        words_ = {c.lower_ for c in cases} | {g.lower_ for c in cases for g in c.children}
        if "selon" in words_ or "après" in words_:
            out.add("according_to")
        elif "pour" in words_:
            out.add("pour")
        elif "par" in words_:
            out.add("par")
        else:
            out.add("preposition")
    if relation in ("obj", "iobj") and not any(r.startswith("inverted") for r in out):
        out.add("object")
    out.add("before" if m["head"] < a else "after")
    distance = a - m["head"] if m["head"] < a else m["head"] - b
    out.add("distance=" + _bucket(distance, (2, 5, 10, 20)))
    return out
