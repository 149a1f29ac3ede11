"""Attribution: who says what, for quotes and reported speech, by local walks on the dependency tree."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from veille.lang import read_table
from veille.nlp import text_of

# Personal pronouns that can stand for a speaker: (number, gender).
_PRONOUNS = {
    "il": ("Sing", "Masc"),
    "elle": ("Sing", "Fem"),
    "ils": ("Plur", "Masc"),
    "elles": ("Plur", "Fem"),
}
_SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")
# Clauses whose subject is not the article's current topic (what someone said, a relative clause …).
_SUBORDINATE = {"ccomp", "advcl", "acl", "acl:relcl", "xcomp", "csubj", "advcl:cleft"}
# Dependents that belong to a speaker's name ("ministère russe des Affaires étrangères").
_NAME_PARTS = {
    "amod",
    "nmod",
    "case",
    "det",
    "flat:name",
    "flat",
    "flat:foreign",
    "compound",
    "fixed",
    "nummod",
}
_HONORIFIC = re.compile(r"^(?:M\.|Mme|Mlle|MM\.|Mr\.?|Dr\.?)\s+")
_WORD = re.compile(r"\w+")
_RECENT_SENTENCES = 2  # a pronoun refers to the last speaker only if it spoke this recently


@cache
def cues(lang: str) -> dict[str, tuple[str, str]]:
    """Reporting cues: lemma or phrase -> (kind, stance), from lang/<lang>/reporting.tsv."""
    return {
        row[0]: (row[1], row[2] if len(row) > 2 else "asserted")
        for row in read_table(lang, "reporting.tsv")
    }


@cache
def _endings(lang: str) -> tuple[tuple[str, str], ...]:
    rows = [(row[0], row[1]) for row in read_table(lang, "reporting_endings.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def cue_lemma(lang: str, lemma: str, form: str) -> str:
    """The reporting lemma of a verb form, recovering it when the lemmatiser kept the form."""
    table = cues(lang)
    if lemma in table or lemma != form:
        return lemma
    for ending, replacement in _endings(lang):
        if form.endswith(ending) and form[: -len(ending)] + replacement in table:
            return form[: -len(ending)] + replacement
    return lemma


@cache
def offices(lang: str) -> tuple[tuple[str, str], ...]:
    """Titles -> the office they name, longest first, from lang/<lang>/reporting_titles.tsv."""
    rows = [(row[0], row[1]) for row in read_table(lang, "reporting_titles.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def speaker_nouns(lang: str) -> dict[str, str]:
    """Nouns usable as speakers: lemma -> person | body | document."""
    return {row[0]: row[1] for row in read_table(lang, "reporting_speakers.tsv")}


@cache
def _actor_at():
    # The actors component may not provide actor_at yet: fall back to entities alone.
    try:
        from veille.extract.actors import actor_at
    except ImportError:
        return None
    return actor_at


def attribute(
    doc: Doc, quote_spans: list[tuple[int, int]], lang: str = "fr"
) -> tuple[list[dict], list[dict]]:
    """Speaker info for each quote ([start, end) of the words inside the marks), and all attributions.

    Sentences are read in order so a pronoun ("a-t-il ajouté") resolves to who spoke or acted before.
    """
    state = _State(doc, quote_spans, lang)
    speakers: list[dict] = [{} for _ in quote_spans]
    by_sentence: dict[int, list[int]] = {}
    for n in range(len(quote_spans)):
        by_sentence.setdefault(doc[state.quote_tokens[n][0]].sent.start, []).append(n)
    attributions: list[dict] = []
    for s, sent in enumerate(doc.sents):
        state.sentence = s
        state.paragraph += "\n" in doc[sent.start - 1].text_with_ws if sent.start else 0
        said: list[dict] = []
        for n in by_sentence.get(sent.start, []):
            found = _quote_speaker(state, n, sent)
            if not found.get("speaker") and state.last_quote is not None:
                found = _continuation(state, n, sent) or found
            speakers[n] = found
            state.last_quote = (n, s, state.paragraph, found)
            if found.get("speaker"):
                start, end = quote_spans[n]
                said.append(
                    {
                        **found,
                        "content_start": start,
                        "content_end": end,
                        "kind": "direct",
                        "_quote": n,
                    }
                )
        said.extend(_reported(state, sent))
        _relays(state, sent, said)
        for record in said:
            if "_quote" in record:
                speakers[record.pop("_quote")]["relay"] = record["relay"]
        attributions.extend(said)
        state.remember(sent, said)
    for found in speakers:
        found.pop("_cue_i", None)
    for found in attributions:
        found.pop("_cue_i", None)
    attributions.sort(key=lambda a: (a["content_start"], a["kind"]))
    return speakers, attributions


class _State:
    """What a left-to-right reading of the article knows: quote tokens, names, recent speakers."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]], lang: str):
        self.doc, self.lang = doc, lang
        self.cues, self.nouns = cues(lang), speaker_nouns(lang)
        self.text = text_of(doc)
        self.tokens = list(doc)  # sentences are walked several times: build the Token objects once
        self.according_to = _according_to_nominals(self.tokens, self.cues)
        self.kinds = [_cue_kind(self, token) for token in self.tokens]
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
            for place in doc._.places
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
        actor_at = _actor_at()
        return actor_at(self.doc, start, end) if actor_at else None

    def person_names(self) -> set[str]:
        if self._person_names is None:
            self._person_names = {e.text for e in self.people} | {
                a["name"] for a in self.doc._.actors if a.get("kind") == "person"
            }
        return self._person_names

    def holders(self) -> list[tuple[int, str, str, str]]:
        if self._holders is None:
            self._holders = _holders(self)
        return self._holders

    def remember(self, sent: Span, said: list[dict]) -> None:
        for token in self.tokens[sent.start : sent.end]:
            if (
                token.dep_ in _SUBJECTS
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


def _quote_speaker(state: _State, n: int, sent: Span) -> dict:
    """The speaker of quote n: an incise or governing reporting verb, "selon X", else the governing subject."""
    a, b = state.quote_tokens[n]
    if a == b:
        return {}
    doc = state.doc
    inside = range(a, b)
    candidates: list[tuple[int, int, dict]] = []  # (priority, distance, found)
    # Words outside the quote hanging on a word inside it: "«…», a-t-il dit", "selon lui, «…»".
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i] or token.head.i not in inside:
            continue
        found = _cue_speaker(state, token, after=b if token.i > b else None)
        if found.get("speaker"):
            candidates.append((0, _distance(token.i, a, b), found))
    # Words that govern the quote: "X a déclaré que «…»", "Pékin les a qualifiées de «…»".
    heads = [t for t in doc[a:b] if t.head.i not in inside or t.head == t]
    # A whole sentence in quotes is attributed by a reporting verb, never by whatever verb governs it.
    clause = any(c.dep_ in _SUBJECTS and c.i in inside for h in heads for c in h.children) or (
        doc[a].is_title and b - a >= 5
    )
    generic = None
    for head in heads[:3]:
        node, depth = head, 0
        while node.head != node and depth < 12:
            node, depth = node.head, depth + 1
            if node.i in inside or state.in_quote[node.i]:
                continue
            for child in node.children:
                if child.dep_ == "parataxis" and not state.in_quote[child.i] and child.i > b:
                    incise = _cue_speaker(state, child, after=b)
                    if incise.get("speaker"):
                        candidates.append((0, _distance(child.i, a, b), incise))
            found = _cue_speaker(state, node)
            if not found.get("speaker"):
                for child in node.children:
                    if not state.in_quote[child.i] and child.i in state.according_to:
                        found = _cue_speaker(state, child)
                        break
            if found.get("speaker"):
                candidates.append((1, depth, found))
                break
            if generic is None and not clause and node.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                subject = _subject(node)
                if subject is not None and not state.in_quote[subject.i] and subject.pos_ != "PRON":
                    found = speaker_of(state, subject)
                    if found.get("speaker") and found.get("speakerlike"):
                        generic = {
                            **found,
                            "cue": node.lemma_,
                            "stance": "asserted",
                            "_cue_i": node.i,
                        }
    if generic:
        candidates.append((2, 0, generic))
    # Anything in the sentence that reports speech, nearest first.
    for token in state.tokens[sent.start : sent.end]:
        if not state.in_quote[token.i]:
            kind = state.kinds[token.i]
            if kind in ("verb", "according_to"):
                found = _cue_speaker(state, token)
                if found.get("speaker"):
                    candidates.append((3, _distance(token.i, a, b), found))
    if not candidates:
        return {}
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def _distance(i: int, a: int, b: int) -> int:
    return a - i if i < a else i - b + 1


def _continuation(state: _State, n: int, sent: Span) -> dict:
    """A quote nobody is said to say, right after a quote of the same paragraph, continues its speaker."""
    previous, s, paragraph, found = state.last_quote
    if not found.get("speaker") or paragraph != state.paragraph or state.sentence - s > 1:
        return {}
    return {**found, "cue": "", "_cue_i": None}


def _cue_kind(state: _State, token: Token) -> str:
    if token.pos_ in ("VERB", "AUX") or token.tag_ == "VERB":
        kind = state.cues.get(_lemma(state, token), ("",))[0]
        if kind == "verb":
            return kind
    if token.i in state.according_to:
        return "according_to"
    return ""


def _lemma(state: _State, token: Token) -> str:
    return cue_lemma(state.lang, token.lemma_.lower(), token.lower_)


def _according_to_nominals(tokens: list[Token], table: dict) -> set[int]:
    """The nominals of "selon X" / "d'après X": the heads of an according-to preposition."""
    found = set()
    for token in tokens:
        if token.dep_ == "case":
            phrase = token.lower_ + "".join(f.lower_ for f in token.children if f.dep_ == "fixed")
            if table.get(phrase, ("",))[0] == "according_to":
                found.add(token.head.i)
    return found


def _cue_speaker(state: _State, token: Token, after: int | None = None) -> dict:
    """If `token` is a reporting verb or the X of "selon X": the speaker it names, with the cue.

    `after`: the end of a quote just before; a verb right after it with its subject inverted is an
    incise ("«…», a-t-il mis en garde", "«…», ironise le porte-parole"), a reporting verb whatever it is.
    """
    kind = state.kinds[token.i]
    incise = after is not None and token.pos_ == "VERB" and _is_incise(state, token, after)
    if kind == "verb" or incise:
        subject = _inverted_subject(state, token) if incise else None
        subject = subject or _subject(token, inverted=True) or _left_subject(state, token)
        if subject is None or state.in_quote[subject.i]:
            return {}
        stance = state.cues.get(_lemma(state, token), ("", "asserted"))[1]
        return {
            **speaker_of(state, subject),
            "cue": _lemma(state, token),
            "stance": stance,
            "_cue_i": token.i,
        }
    if kind == "according_to":
        case = next(c for c in token.children if c.dep_ == "case")
        return {
            **speaker_of(state, token),
            "cue": case.lower_,
            "stance": "asserted",
            "_cue_i": token.i,
        }
    return {}


def _left_subject(state: _State, verb: Token) -> Token | None:
    """A subject the parser hung elsewhere ("…, le chef de l'État a promis que"): the noun phrase
    ending right before the verb and its auxiliaries, unless a preposition introduces it."""
    doc, i = state.doc, verb.i - 1
    while i >= verb.sent.start and (
        doc[i].dep_.startswith(("aux", "advmod", "expl"))
        or doc[i].pos_ in ("AUX", "ADV")
        or (doc[i].pos_ == "PRON" and doc[i].head == verb and doc[i].dep_ in ("obj", "iobj"))
    ):
        i -= 1
    if i > verb.sent.start and doc[i].text == ",":
        # "Mark Hertling, ancien commandant des forces, a estimé": the name the apposition follows.
        node = doc[i - 1]
        while node.head.i < node.i and node.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            node = node.head
            if node.ent_type_ == "PER" and not state.in_quote[node.i]:
                return node
        return None
    if i < verb.sent.start or state.in_quote[i] or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    node = doc[i]
    while node.dep_ in ("nmod", "flat:name", "flat") and node.head.i < node.i:
        node = node.head
    if node.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "case" for c in node.children):
        return None
    return node


def _inverted_subject(state: _State, verb: Token) -> Token | None:
    """The subject after an incise verb, which spaCy often labels obj, obl or appos: the first noun
    phrase after the verb that no preposition introduces ("a assuré à l'AFP un haut responsable")."""
    for token in verb.doc[verb.i + 1 : verb.sent.end]:
        if state.in_quote[token.i]:
            break
        if token.lower_ in ("-t", "t") or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if any(c.dep_ == "case" for c in token.children) or token.dep_ in (
            "case",
            "fixed",
            "flat:name",
        ):
            continue
        if token.pos_ in ("PROPN", "PRON") or any(c.dep_ == "det" for c in token.children):
            return token
    return None


def _is_incise(state: _State, verb: Token, after: int) -> bool:
    if not _conjugated(verb):  # "un « succès », non précisé, à …" is no incise
        return False
    between = verb.doc[after : verb.i]
    if not all(
        t.is_punct or t.pos_ in ("AUX", "PRON", "ADV") or state.in_quote[t.i] for t in between
    ):
        return False
    return _inverted_subject(state, verb) is not None


def _subject(verb: Token, inverted: bool = False) -> Token | None:
    """The subject of a verb, climbing to the verb it shares it with (participles, infinitives, conjuncts)."""
    node = verb
    # "a-t-il souligné": the clitic after the verb is its subject, however spaCy labels it.
    near = [*verb.children]
    # The parser may hang the clitic on the auxiliary or on the euphonic t: "a -t -elle".
    near += [g for c in near if c.dep_.startswith("aux") or c.lower_ == "-t" for g in c.children]
    for child in near:
        if child.text.startswith("-") and child.lower_[1:] in _PRONOUNS:
            return child
    for _ in range(4):
        children = list(node.children)
        for dep in _SUBJECTS if not inverted else ("nsubj", "expl:subj", "obl:agent"):
            for child in children:
                if child.dep_ == dep and child.lower_ not in (
                    "-t",
                    "t",
                ):  # the euphonic t of "a-t-il"
                    return (
                        None if child.lower_ in ("on", "-on", "ce", "c'", "cela", "ça") else child
                    )
        if inverted and node is verb and _conjugated(verb):
            # spaCy parses an inverted subject ("a rapporté le Times", "affirme le général") as obj.
            after = [
                c
                for c in children
                if c.dep_ == "obj" and c.i > node.i and c.pos_ in ("NOUN", "PROPN")
            ]
            if after:
                return after[0]
        climbs = node.dep_ in ("xcomp", "advcl", "conj", "acl") or (
            node.dep_ == "advmod" and node.pos_ == "VERB"  # "…, tweetant que" parsed as an adverb
        )
        if climbs and node.head != node:
            node = node.head
            if node.pos_ in ("NOUN", "PROPN") and node.dep_ != "ROOT":
                node = node.head  # "un argumentaire visant à …": the verb of the noun
            if node.dep_ == "ccomp" and _present_participle(verb):
                # "Il a dit que Moscou recevrait des obus, ajoutant que …": who adds is who
                # said, not the subject of what was said.
                node = node.head
            continue
        return None
    return None


def _present_participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")


def _conjugated(verb: Token) -> bool:
    """A finite verb or a participle with its auxiliary: one whose subject may follow it. A bare
    participle or infinitive ("qualifiant l'espace de …", "d'annoncer la mesure") has its object there."""
    if "Fin" in verb.morph.get("VerbForm"):
        return True
    return any(c.dep_.startswith("aux") for c in verb.children)


def speaker_of(state: _State, token: Token) -> dict:
    """Resolve the noun phrase headed by `token` to {speaker, speaker_start, speaker_end, country, role …}."""
    doc = state.doc
    if (
        token.lower_ in ("qui", "lequel", "laquelle", "lesquels", "lesquelles")
        and token.head.dep_ == "acl:relcl"
    ):
        token = token.head.head
    pronoun = token.lower_.lstrip("-").removeprefix("t-")
    span = _name_span(token)
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
    actor_at = _actor_at()
    actor = actor_at(doc, span.start_char, span.end_char) if actor_at else None
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
        if pronoun not in _PRONOUNS:
            return found
        number, gender = _PRONOUNS[pronoun]
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
        main = _subject(token.sent.root)
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
        found["speaker"] = _HONORIFIC.sub("", span.text)
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


def _name_span(token: Token) -> Span:
    """The words of a name: the head with its adjectives and complements, up to a comma or a clause."""
    keep = {token.i}
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in _NAME_PARTS and not child.is_punct:
                keep.add(child.i)
                stack.append(child)
    start, end = token.i, token.i
    while start - 1 in keep and not token.doc[start - 1].is_punct:
        start -= 1
    while end + 1 in keep and not token.doc[end + 1].is_punct:
        end += 1
    doc = token.doc
    while start < token.i and (doc[start].pos_ in ("DET", "ADP") or doc[start].dep_ == "case"):
        start += 1
    return doc[start : end + 1]


def _person_in(state: _State, token: Token, span: Span) -> Span | None:
    """A person's name given with a title: "le porte-parole, Dmitri Peskov", "un officier nommé Hedgehog"."""
    for ent in state.people:
        # "le directeur du fonds d'Alexeï Navalny" is not Navalny: a preposition introduces him.
        if ent.start in state.introduced:
            continue
        if span.start <= ent.start and ent.end <= span.end or ent.start == span.end:
            return ent  # "le ministre des Affaires étrangères Jean Dupont", however it is parsed
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
        if apposed and _reaches(root, token):
            return ent
    named = _named_after(state, token, span)
    if named is not None:
        return named
    for child in token.children:
        if child.dep_ == "acl":  # "un officier nommé Hedgehog": the name the participle gives
            for grandchild in child.children:
                if grandchild.pos_ == "PROPN":
                    return _name_span(grandchild)
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            name = _name_span(child)
            if not _after_preposition(state.doc, name.start) and name[0].pos_ != "ADP":
                return name
    return None


def _introduced(state: _State, span: Span) -> bool:
    """True when the only person named in `span` follows a preposition ("le fonds d'Alexeï Navalny")."""
    inside = [e for e in state.people if span.start <= e.start and e.end <= span.end]
    return bool(inside) and all(e.start in state.introduced for e in inside)


def _after_preposition(doc: Doc, start: int) -> bool:
    """True when a preposition comes before the name starting at `start`, over any first names."""
    i = start - 1
    while i >= 0 and doc[i].pos_ == "PROPN":
        i -= 1
    return i >= 0 and (doc[i].pos_ == "ADP" or doc[i].dep_ == "case")


def _named_after(state: _State, token: Token, span: Span) -> Span | None:
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
            return ent
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


def _titled(state: _State, token: Token, country: str = "") -> str:
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


def _office(state: _State, token: Token) -> str:
    """The office a title names: "chef de l'État" and "président" are one."""
    words = " ".join(_name_span(token).text.lower().split())
    for phrase, office in offices(state.lang):
        if words == phrase or words.startswith(phrase + " "):
            return office
    return token.lemma_.lower()


def _holders(state: _State) -> list[tuple[int, str, str, str]]:
    """(title token, office, person, country) for every title the article gives a name."""
    out = []
    for i, _lemma, ent in state.titles:
        actor = state.actor(ent.start_char, ent.end_char) or {}
        out.append(
            (i, _office(state, state.doc[i]), _fullest(state, ent.text), actor.get("country", ""))
        )
    # A name followed by its own title ("Mark Hertling, ancien commandant") holds that one only.
    own = {ent.root.i for i, _lemma, ent in state.titles if i > ent.root.i}
    for actor in state.doc._.actors:
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


def _next_speaker(state: _State, token: Token) -> str:
    """A person named as the speaker of the next sentence: "Le directeur a jugé « … ». « … », a écrit X."."""
    sent = token.sent
    end = state.doc[sent.end].sent.end if sent.end < len(state.doc) else sent.end
    for verb in state.doc[token.i + 1 : end]:
        if state.kinds[verb.i] != "verb" or state.in_quote[verb.i]:
            continue
        subject = _inverted_subject(state, verb) or _subject(verb, inverted=True)
        if subject is not None and subject.ent_type_ == "PER" and not state.in_quote[subject.i]:
            return _fullest(state, _name_span(subject).text)
    return ""


def _fullest(state: _State, name: str) -> str:
    """The longest person name in the article that contains every word of `name` ("Kirby" -> "John Kirby")."""
    name = _HONORIFIC.sub("", name).strip()
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
    state: _State, number: str, gender: str, said: bool = False, people_only: bool = False
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


def _reported(state: _State, sent: Span) -> list[dict]:
    """Indirect speech ("X a déclaré que …") and "selon X, …" in a sentence, outside quotes."""
    out = []
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i]:
            continue
        kind = state.kinds[token.i]
        if kind == "verb":
            content = next(
                (c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i), None
            )
            span = None
            if content is not None:
                span = state.doc[content.left_edge.i : content.right_edge.i + 1]
            elif (
                token.dep_ in ("parataxis", "conj", "advcl")
                and token.head.i < token.i
                and _inverted_subject(state, token)
            ):
                # An incise: "L'attaque a eu lieu lundi, a rapporté le Times" reports its head clause.
                head = token.head
                start, end = head.left_edge.i, min(token.left_edge.i, head.right_edge.i + 1)
                span = state.doc[start:end]
            elif token.dep_ == "parataxis" and token.head.i > token.i:
                # "Depuis cette visite, a déclaré Kirby, Poutine et Kim ont échangé des lettres."
                span = state.doc[token.right_edge.i + 1 : token.head.right_edge.i + 1]
            if (
                span is None
                or not span.text.strip(" ,.;:")
                or 2 * sum(state.in_quote[t.i] for t in span) > len(span)
            ):
                continue
            found = _cue_speaker(state, token)
            if not found.get("speaker"):
                continue
            citing = next(
                (
                    c
                    for c in token.children
                    if c.dep_ == "advcl" and state.cues.get(c.lemma_.lower(), ("",))[0] == "citing"
                ),
                None,
            )
            record = {
                **found,
                "content_start": span.start_char,
                "content_end": span.end_char,
                "kind": "indirect",
            }
            if citing is not None:
                source = next((c for c in citing.children if c.dep_ == "obj"), None)
                if source is not None:
                    record["kind"] = "citing"
                    record["source"] = speaker_of(state, source)["speaker"]
            out.append(_strip(state.text, record))
        elif kind == "according_to":
            found = _cue_speaker(state, token)
            head = token.head
            if not found.get("speaker") or head == token:
                continue
            if token.i < head.i:
                start, end = token.right_edge.i + 1, head.right_edge.i + 1
            else:
                start, end = head.left_edge.i, token.left_edge.i - 1
            if end <= start:
                continue
            span = state.doc[start:end]
            out.append(
                _strip(
                    state.text,
                    {
                        **found,
                        "content_start": span.start_char,
                        "content_end": span.end_char,
                        "kind": "according_to",
                    },
                )
            )
    return out


def _strip(text: str, record: dict) -> dict:
    """Trim spaces and punctuation around a content span."""
    start, end = record["content_start"], record["content_end"]
    while start < end and text[start] in " ,;:.-":
        start += 1
    while end > start and text[end - 1] in " ,;:-":
        end -= 1
    record["content_start"], record["content_end"] = start, end
    return record


def _relays(state: _State, sent: Span, said: list[dict]) -> None:
    """ "cité par TASS", "relayé par l'agence": the outlet relays the words, it is not their speaker."""
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i] or state.cues.get(token.lower_, ("",))[0] != "relay":
            continue
        if token.i + 1 >= sent.end or token.nbor(1).lower_ != "par":
            continue
        outlet = next((c for c in token.children if c.dep_ in ("obl:agent", "obl", "nmod")), None)
        if outlet is None:
            outlet = next(
                (t for t in state.doc[token.i + 2 : sent.end] if t.pos_ in ("NOUN", "PROPN")), None
            )
        if outlet is None:
            continue
        relay = _HONORIFIC.sub("", _name_span(outlet).text)
        for record in said:
            if record.get("speaker") and relay not in record["speaker"]:
                record["relay"] = relay
