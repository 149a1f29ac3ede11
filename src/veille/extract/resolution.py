"""Resolution: who a speaker's words name (a person at their fullest name, the holder of a title,
the antecedent of a pronoun, a body), by rules over a left-to-right reading, and the speaker of
each quotation chosen among the article's candidates by a model learned from annotated articles."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from veille.extract import speakers as candidates
from veille.extract.reporting import (
    HONORIFIC,
    PRONOUNS,
    SUBJECTS,
    according_to_nominals,
    cue_kind,
    cues,
    inverted_subject,
    name_span,
    offices,
    speaker_nouns,
    subject_of,
)
from veille.text import text_of

# Clauses whose subject is not the article's current topic (what someone said, a relative clause …).
_SUBORDINATE = {"ccomp", "advcl", "acl", "acl:relcl", "xcomp", "csubj", "advcl:cleft"}
_WORD = re.compile(r"\w+")
_RECENT_SENTENCES = 2  # a pronoun refers to the last speaker only if it spoke this recently
_ECHO = 0.6  # share of a quotation's words another repeats, for the two to be one statement


def actor_at(actors: list[dict], start: int, end: int) -> dict | None:
    """The actor mention at a character span: the smallest covering it, else the largest inside
    it; names and titles before bare adjectives (as veille.extract.actors.actor_at, over a list)."""
    covering = [m for m in actors if m["start"] <= start and end <= m["end"]]
    if covering:
        return min(covering, key=lambda m: (m["kind"] == "adjective", m["end"] - m["start"]))
    inside = [m for m in actors if start <= m["start"] and m["end"] <= end]
    if inside:
        return max(
            inside,
            key=lambda m: (m["kind"] != "adjective", bool(m["country"]), m["end"] - m["start"]),
        )
    return None


class Reading:
    """What a left-to-right reading of the article knows: quote tokens, names, recent speakers."""

    def __init__(
        self,
        doc: Doc,
        quote_spans: list[tuple[int, int]],
        actors: list[dict],
        places: list[dict],
        lang: str,
    ):
        self.doc, self.lang, self.actors = doc, lang, actors
        self.cues, self.nouns = cues(lang), speaker_nouns(lang)
        self.text = text_of(doc)
        self.tokens = list(doc)  # sentences are walked several times: build the Token objects once
        self.according_to = according_to_nominals(self.tokens, self.cues)
        self.kinds = [cue_kind(lang, token, self.according_to) for token in self.tokens]
        self.in_quote = [False] * len(doc)
        self.quote_tokens: list[tuple[int, int]] = []
        for start, end in quote_spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            a, b = (span.start, span.end) if span is not None and len(span) else (0, 0)
            self.quote_tokens.append((a, b))
            for i in range(max(a - 1, 0), min(b + 1, len(doc))):  # the marks too
                self.in_quote[i] = True
        self.people = [ent for ent in doc.ents if ent.label_ == "PER"]
        # Each name's words, and whether a preposition introduces it: asked for every speaker.
        self.people_words = [
            (ent.text, set(_WORD.findall(ent.text.lower()))) for ent in self.people
        ]
        self.introduced = {ent.start for ent in self.people if _after_preposition(doc, ent.start)}
        self.person_starts = {ent.start: ent for ent in self.people}
        # First characters of place names' words: a place that is no actor never speaks.
        self.places = {
            t.idx
            for place in places
            for t in doc.char_span(place["start"], place["end"], alignment_mode="expand") or ()
        }
        self.titles = _titles(self.people, self.nouns)
        self._holders: list | None = None  # built on the first title met
        self._person_names: set | None = None
        self.timeline: list[dict] = []
        self.sentence = 0
        self.paragraph = 0
        self.last_quote: tuple | None = None

    def actor(self, start: int, end: int) -> dict | None:
        return actor_at(self.actors, start, end)

    def person_names(self) -> set[str]:
        if self._person_names is None:
            self._person_names = {e.text for e in self.people} | {
                a["name"] for a in self.actors if a.get("kind") == "person"
            }
        return self._person_names

    def holders(self) -> list[tuple[int, str, str, str]]:
        if self._holders is None:
            self._holders = _holders(self)
        return self._holders

    def remember(self, sent: Span, said: list[dict]) -> None:
        for token in self.tokens[sent.start : sent.end]:
            if (
                token.dep_ in SUBJECTS
                and not self.in_quote[token.i]
                and token.head.dep_ not in _SUBORDINATE
            ):
                entry = speaker_of(self, token)
                if entry.get("speaker"):
                    self.timeline.append(
                        {
                            **entry,
                            "said": False,
                            "sentence": self.sentence,
                            "paragraph": self.paragraph,
                        }
                    )
        for attribution in said:
            self.timeline.append(
                {
                    **attribution,
                    "said": True,
                    "sentence": self.sentence,
                    "paragraph": self.paragraph,
                }
            )


def _titles(people: list[Span], nouns: dict[str, str]) -> list[tuple[int, str, Span]]:
    """(token index, title lemma, name) for names in apposition with a title: "le porte-parole, Dmitri Peskov"."""

    def title(token: Token) -> bool:
        return token.pos_ == "NOUN" and nouns.get(token.lemma_.lower()) == "person"

    out = []
    for ent in people:
        root = ent.root
        own = [c for c in root.children if c.dep_ == "appos" and title(c)]
        for child in own:
            out.append((child.i, child.lemma_.lower(), ent))
        # "les arguments du président, Mark Hertling, ancien commandant": a name followed by its
        # own title is not the title before it; "le fonds d'Alexeï Navalny" is not his title.
        if (
            not own
            and root.dep_ in ("appos", "flat:name", "nmod")
            and title(root.head)
            and not _after_preposition(ent.doc, ent.start)
        ):
            out.append((root.head.i, root.head.lemma_.lower(), ent))
    return out


def speaker_of(state: Reading, token: Token) -> dict:
    """Resolve the noun phrase headed by `token` to {speaker, speaker_start, speaker_end, country, role …}."""
    doc = state.doc
    if (
        token.lower_ in ("qui", "lequel", "laquelle", "lesquels", "lesquelles")
        and token.head.dep_ == "acl:relcl"
    ):
        token = token.head.head
    pronoun = token.lower_.lstrip("-").removeprefix("t-")
    span = name_span(token)
    found = {
        "speaker": "",
        "speaker_start": span.start_char,
        "speaker_end": span.end_char,
        "speaker_country": "",
        "speaker_role": "",
        "relay": "",
        "number": _number(token),
        "gender": _gender(token),
        "speaker_kind": "",
        "speakerlike": token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("PER", "ORG"),
    }
    actor = state.actor(span.start_char, span.end_char)
    if actor and actor.get("kind") != "adjective" or token.pos_ == "PRON":
        found["speakerlike"] = True
        found["speaker_kind"] = {"person": "person", "title": "person"}.get(
            (actor or {}).get("kind", ""), "body"
        )
        # The actors component knows countries and roles; names we resolve here, where speakers are known.
        found.update(
            speaker_country=(actor or {}).get("country", ""),
            speaker_role=(actor or {}).get("role", ""),
        )
    if token.pos_ == "PRON":
        if pronoun not in PRONOUNS:
            return found
        number, gender = PRONOUNS[pronoun]
        antecedent = _antecedent(state, number, gender)
        if antecedent:
            for key in ("speaker", "speaker_country", "speaker_role", "speaker_kind"):
                found[key] = antecedent.get(key, "")
            found["number"], found["gender"] = number, antecedent.get("gender") or gender
        elif actor and actor.get("name"):
            found["speaker"] = actor["name"]
        return found
    person = _person_in(state, token, span)
    if person is not None:
        found.update(speaker=_fullest(state, person.text), speaker_kind="person")
        if actor and actor.get("kind") == "person" and actor.get("name"):
            found["speaker"] = max(found["speaker"], actor["name"], key=len)
        return found
    if (
        actor
        and actor.get("kind") in ("person", "title")
        and actor.get("name") in state.person_names()
        and actor["name"] != actor.get("text")
        and not _introduced(state, span)
    ):
        found.update(speaker=actor["name"], speaker_kind="person")
        return found
    kind = state.nouns.get(token.lemma_.lower(), "")
    found["speaker_kind"] = kind
    found["speakerlike"] = found["speakerlike"] or bool(kind)
    # A singular title stands for one person; "les médecins", "des experts" speak as a group.
    if kind == "person" and found["number"] != "Plur":
        name = _titled(state, token, found["speaker_country"])
        if name:
            found["speaker"] = name
            return found
    if kind == "document" or any(c.lower_ == "même" for c in token.children):
        # "le communiqué", "la même source": whoever was last said to speak
        owner = next((c for c in token.children if c.dep_ == "nmod"), None)
        main = subject_of(token.sent.root)
        # "X a convoqué l'ambassadeur qui, selon un communiqué, …": the communiqué is X's.
        if (
            owner is None
            and main is not None
            and token.head != token.sent.root
            and main.i != token.i
            and not state.in_quote[main.i]
        ):
            found_main = speaker_of(state, main)
            if found_main.get("speakerlike") and found_main.get("speaker"):
                return {
                    **found_main,
                    "speaker_start": span.start_char,
                    "speaker_end": span.end_char,
                }
        if owner is not None:
            return {
                **speaker_of(state, owner),
                "speaker_start": span.start_char,
                "speaker_end": span.end_char,
            }
        antecedent = _antecedent(state, "", "", said=True)
        if antecedent:
            found.update(
                {k: antecedent.get(k, "") for k in ("speaker", "speaker_country", "speaker_role")}
            )
            return found
    # A speaker is a person, a body or an actor: never a place ("Novoprokopivka") or a common
    # noun the parser took for a subject ("l'espace", "la levée de l'embargo").
    if not found["speakerlike"] or (not actor and token.idx in state.places):
        return found
    if token.pos_ in ("NOUN", "PROPN", "X"):
        found["speaker"] = HONORIFIC.sub("", span.text)
        if token.pos_ == "PROPN":
            found["speaker"] = _fullest(state, found["speaker"])
        if (
            actor
            and actor.get("kind") == "organisation"
            and actor["start"] <= token.idx < actor["end"]
        ):
            # "le New York Times", however the parser splits it: the words the text gives
            words = doc.char_span(actor["start"], actor["end"], alignment_mode="expand")
            while words is not None and len(words) > 1 and words[0].pos_ in ("DET", "ADP"):
                words = words[1:]
            found["speaker"] = words.text if words is not None else found["speaker"]
    return found


def _person_in(state: Reading, token: Token, span: Span) -> Span | None:
    """A person's name given with a title: "le porte-parole, Dmitri Peskov", "un officier nommé Hedgehog"."""
    for ent in state.people:
        # "le directeur du fonds d'Alexeï Navalny" is not Navalny: a preposition introduces him.
        if ent.start in state.introduced:
            continue
        # "le ministre des Affaires étrangères Jean Dupont", however it is parsed; "le porte-parole
        # de la présidente Claire Martin" is not Claire Martin (asked last: it reads the words between)
        if (
            span.start <= ent.start and ent.end <= span.end or ent.start == span.end
        ) and not candidates.inner_title(state.doc, token.i, ent.start, state.nouns):
            return ent
    # A name in apposition anywhere under the title ("le ministre des Affaires étrangères Jean Dupont"),
    # never one introduced by a preposition ("le fils de Vladimir Poutine").
    for ent in state.people:
        root = ent.root
        if not (token.left_edge.i <= root.i <= token.right_edge.i) or root.i == token.i:
            continue
        if any(c.dep_ == "case" for c in root.children) or ent.start in state.introduced:
            continue
        apposed = root.dep_ in ("appos", "flat:name", "nmod") or (
            root.dep_ == "conj" and not any(c.dep_ == "cc" for c in root.children)
        )
        if (
            apposed
            and _reaches(root, token)
            and not candidates.inner_title(state.doc, token.i, ent.start, state.nouns)
        ):
            return ent
    named = _named_after(state, token, span)
    if named is not None:
        return named
    for child in token.children:
        if child.dep_ == "acl":  # "un officier nommé Hedgehog": the name the participle gives
            for grandchild in child.children:
                if grandchild.pos_ == "PROPN":
                    return name_span(grandchild)
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            name = name_span(child)
            if not _after_preposition(state.doc, name.start) and name[0].pos_ != "ADP":
                return name
    return None


def _introduced(state: Reading, span: Span) -> bool:
    """True when the only person named in `span` follows a preposition ("le fonds d'Alexeï Navalny")."""
    inside = [e for e in state.people if span.start <= e.start and e.end <= span.end]
    return bool(inside) and all(e.start in state.introduced for e in inside)


def _after_preposition(doc: Doc, start: int) -> bool:
    """True when a preposition comes before the name starting at `start`, over any first names."""
    i = start - 1
    while i >= 0 and doc[i].pos_ == "PROPN":
        i -= 1
    return i >= 0 and (doc[i].pos_ == "ADP" or doc[i].dep_ == "case")


def _named_after(state: Reading, token: Token, span: Span) -> Span | None:
    """ "l'ancien chef des forces au Moyen-Orient, le général Joseph Votel": a title followed, after a
    comma, by a name (with its own title), however the parser hung them."""
    if state.nouns.get(token.lemma_.lower()) != "person":
        return None
    doc, i = state.doc, span.end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    for j in range(i, min(i + 4, len(doc))):
        if state.in_quote[j]:
            return None
        ent = state.person_starts.get(j)
        if ent is not None:
            return None if candidates.inner_title(doc, token.i, j, state.nouns) else ent
        word = doc[j]
        if not (
            word.pos_ in ("DET", "ADJ")
            or word.pos_ == "NOUN"
            and state.nouns.get(word.lemma_.lower()) == "person"
        ):
            return None
    return None


def _reaches(node: Token, ancestor: Token) -> bool:
    """True when `node` hangs on `ancestor` through name parts only, never through a clause."""
    while node != ancestor:
        if node.dep_ in ("acl:relcl", "acl", "ccomp", "advcl", "parataxis") or node.head == node:
            return False
        node = node.head
    return True


def _titled(state: Reading, token: Token, country: str = "") -> str:
    """A title standing for a person ("le porte-parole", "le chef de l'État"): the person named with
    the same office, the nearest before else the nearest after; else who is named speaking in the next
    sentence; else the person who last spoke."""
    office = _office(state, token)
    holders = [
        (i, name)
        for i, other, name, where in state.holders()
        if other == office and i != token.i and not (country and where and where != country)
    ]
    before = [name for i, name in holders if i < token.i]
    if before:
        return before[-1]
    after = [name for i, name in holders if i > token.i]
    if after:
        return after[0]
    following = _next_speaker(state, token)
    if following:
        return following
    antecedent = _antecedent(state, "", "", people_only=True)
    if not antecedent:
        return ""
    # "selon le gouverneur régional" after the secretary of state spoke: not him.
    offices = {other for _, other, name, _ in state.holders() if name == antecedent["speaker"]}
    return "" if offices and office not in offices else antecedent.get("speaker", "")


def _office(state: Reading, token: Token) -> str:
    """The office a title names: "chef de l'État" and "président" are one."""
    words = " ".join(name_span(token).text.lower().split())
    for phrase, office in offices(state.lang):
        if words == phrase or words.startswith(phrase + " "):
            return office
    return token.lemma_.lower()


def _holders(state: Reading) -> list[tuple[int, str, str, str]]:
    """(title token, office, person, country) for every title the article gives a name."""
    out = []
    for i, _lemma, ent in state.titles:
        actor = state.actor(ent.start_char, ent.end_char) or {}
        out.append(
            (i, _office(state, state.doc[i]), _fullest(state, ent.text), actor.get("country", ""))
        )
    # A name followed by its own title ("Mark Hertling, ancien commandant") holds that one only.
    own = {ent.root.i for i, _lemma, ent in state.titles if i > ent.root.i}
    for actor in state.actors:
        if actor.get("kind") == "title" and actor.get("name") in state.person_names():
            head = state.doc[actor["head"]]
            span = state.doc[actor["tokens"][0] : actor["tokens"][1]]
            if (
                actor["name"] == actor.get("text")
                or any(head.i < i < actor["tokens"][1] for i in own)
                or _introduced(state, span)
            ):
                continue
            out.append(
                (
                    head.i,
                    _office(state, head),
                    _fullest(state, actor["name"]),
                    actor.get("country", ""),
                )
            )
    return sorted(out)


def _next_speaker(state: Reading, token: Token) -> str:
    """A person named as the speaker of the next sentence: "Le directeur a jugé « … ». « … », a écrit X."."""
    sent = token.sent
    end = state.doc[sent.end].sent.end if sent.end < len(state.doc) else sent.end
    for verb in state.doc[token.i + 1 : end]:
        if state.kinds[verb.i] != "verb" or state.in_quote[verb.i]:
            continue
        who = inverted_subject(verb, state.in_quote) or subject_of(verb, inverted=True)
        if who is not None and who.ent_type_ == "PER" and not state.in_quote[who.i]:
            return _fullest(state, name_span(who).text)
    return ""


def _fullest(state: Reading, name: str) -> str:
    """The longest person name in the article that contains every word of `name` ("Kirby" -> "John Kirby")."""
    name = HONORIFIC.sub("", name).strip()
    words = set(_WORD.findall(name.lower()))
    best = name
    for text, its_words in state.people_words:
        if len(text) > len(best) and words <= its_words:
            best = text
    return best


def _number(token: Token) -> str:
    if any(c.dep_ == "conj" and any(cc.dep_ == "cc" for cc in c.children) for c in token.children):
        return "Plur"
    for child in token.children:
        if child.dep_ == "det" and child.morph.get("Number"):
            return child.morph.get("Number")[0]
    number = token.morph.get("Number")
    return number[0] if number and token.pos_ in ("NOUN", "PRON") else ""


def _gender(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "det":
            gender = child.morph.get("Gender")
            if gender:
                return gender[0]
    if token.pos_ == "NOUN":
        gender = token.morph.get("Gender")
        return gender[0] if gender else ""
    return ""


def _antecedent(
    state: Reading, number: str, gender: str, said: bool = False, people_only: bool = False
) -> dict:
    """Who a pronoun stands for: the last speaker if recent, else the last subject that agrees."""

    def agrees(entry: dict) -> bool:
        if people_only and entry.get("speaker_kind") != "person":
            return False
        if number and entry.get("number") and entry["number"] != number:
            return False
        if number == "Sing" and entry.get("number") == "Plur":
            return False
        return not (gender and entry.get("gender") and entry["gender"] != gender)

    for entry in reversed(state.timeline):
        if entry["said"] and agrees(entry):
            recent = (
                state.sentence - entry["sentence"] <= _RECENT_SENTENCES
                and entry["paragraph"] == state.paragraph
            )
            if recent or said:
                return entry
            break
    if said:
        return {}
    for entry in reversed(state.timeline):
        if agrees(entry):
            return entry
    return {}


@cache
def model(lang: str) -> dict | None:
    """The learned weights of the speaker features (veille/data/speakers_<lang>.json), or None when
    the language has none: then the rules alone name the speakers."""
    path = resources.files("veille").joinpath("data", f"speakers_{lang}.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


def score(weights: dict, rows: list[dict[str, float]]) -> list[float]:
    """A linear score per candidate: the model's bias plus its weights times the features."""
    table, bias = weights["weights"], weights["bias"]
    return [bias + sum(table.get(name, 0.0) * value for name, value in row.items()) for row in rows]


def quote_rows(
    ctx: candidates.Context,
    quote_tokens: list[tuple[int, int]],
    found: list[dict],
    lang: str,
):
    """A function giving, for quotation n and the speaker chosen before it, the candidates'
    features: the rules' frames of every quotation are read once, the next one's too."""
    frames = [
        candidates.frame_mention(ctx, f.get("speaker_start"), f.get("speaker_end"))
        if f.get("speaker")
        else ("none", None)
        for f in found
    ]
    ctx.said = {}
    for f in found:
        said = candidates.words(f.get("speaker", ""))
        for e in ctx.entities:
            if said and said & e["words"]:
                ctx.said[e["key"]] = ctx.said.get(e["key"], 0) + 1
    frames = [
        ("continued", None) if f.get("_continued") else frame
        for f, frame in zip(found, frames, strict=True)
    ]
    following: list[str | None] = []
    for n, (a, _) in enumerate(quote_tokens):
        later = None
        if n + 1 < len(quote_tokens):
            kind, mention = frames[n + 1]
            this, that = ctx.sentence(a), ctx.sentence(quote_tokens[n + 1][0])
            if (
                mention is not None
                and kind in ("name", "title", "body")
                and that - this <= 1
                and ctx.paragraph[this] == ctx.paragraph[that]
            ):
                later = mention["key"]
        following.append(later)
    echoes = _echoes(ctx, quote_tokens, found)

    def rows(n: int, previous: dict | None) -> list[dict[str, float]]:
        return candidates.features(
            ctx,
            quote_tokens[n],
            frames[n],
            found[n].get("speaker", ""),
            previous,
            following[n],
            lang,
            echoes[n],
        )

    return rows, frames


def _echoes(
    ctx: candidates.Context, quote_tokens: list[tuple[int, int]], found: list[dict]
) -> list[str]:
    """For each quotation, the speaker the rules name for another quotation of the article that
    repeats most of its words: a headline quotes words the article gives again with their
    speaker ("Macron : « … »" … « … », a déclaré le président). Empty where none does."""
    said = [{t.lower_ for t in ctx.doc[a:b] if len(t) > 2 and t.is_alpha} for a, b in quote_tokens]
    out = []
    for n, own in enumerate(said):
        best, share = "", _ECHO
        for m, others in enumerate(said):
            speaker = found[m].get("speaker", "")
            if m == n or not speaker or len(own) < 2 or not others:
                continue
            overlap = len(own & others) / min(len(own), len(others))
            if overlap >= share:
                best, share = speaker, overlap
        out.append(best)
    return out


def previous_of(ctx: candidates.Context, quote: tuple[int, int], entity: dict) -> dict:
    """What the next quotation's features know of this one's speaker."""
    sent = ctx.sentence(quote[0])
    return {"key": entity["key"], "sent": sent, "paragraph": ctx.paragraph[sent]}


def choose(
    ctx: candidates.Context,
    quote_tokens: list[tuple[int, int]],
    found: list[dict],
    weights: dict,
    lang: str,
) -> list[tuple[dict, dict | None] | None]:
    """The entity the model ranks first for each quotation, in order (each choice is the previous
    speaker of the next), with the rules' frame mention, or None where the article names nobody."""
    rows, frames = quote_rows(ctx, quote_tokens, found, lang)
    previous, chosen = None, []
    for n, quote in enumerate(quote_tokens):
        if quote[0] == quote[1] or not ctx.entities:
            chosen.append(None)
            continue
        scores = score(weights, rows(n, previous))
        entity = ctx.entities[max(range(len(scores)), key=scores.__getitem__)]
        chosen.append((entity, frames[n][1]))
        previous = previous_of(ctx, quote, entity)
    return chosen


def speaker_record(
    ctx: candidates.Context,
    actors: list[dict],
    entity: dict,
    frame: dict | None,
    quote: tuple[int, int],
) -> dict:
    """Speaker fields for a chosen entity: its name, the mention that names it nearest the
    quotation (the frame's when it is one), and the country and role the actors give it."""
    ms = [m for m in entity["mentions"] if not m["in_quote"]] or entity["mentions"]
    if frame is not None and any(m is frame for m in ms):
        mention = frame
    else:
        before = [m for m in ms if m["head"] < quote[0]]
        mention = before[-1] if before else ms[0]
    doc = ctx.doc
    start, end = (
        doc[mention["start"]].idx,
        doc[mention["end"] - 1].idx + len(doc[mention["end"] - 1]),
    )
    country = role = ""
    for m in [mention, *ms]:
        a = doc[m["start"]].idx
        actor = actor_at(actors, a, doc[m["end"] - 1].idx + len(doc[m["end"] - 1]))
        if actor and actor.get("country") and actor.get("kind") != "adjective":
            country, role = actor["country"], actor.get("role", "")
            break
    return {
        "speaker": entity["name"],
        "speaker_start": start,
        "speaker_end": end,
        "speaker_country": country,
        "speaker_role": role,
        "speaker_kind": "person" if entity["kind"] in ("person", "title") else "body",
    }
