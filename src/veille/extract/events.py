"""Extract events: who did what to whom, coded in CAMEO from the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from veille.cameo import gdelt_fields
from veille.extract.actors import actor_at, home_country
from veille.lang import read_table
from veille.nlp import text_of

# Argument labels, most telling first (Universal Dependencies).
_SUBJECT = ("nsubj",)
_PASSIVE_SUBJECT = ("nsubj:pass",)
_AGENT = ("obl:agent",)
_TARGET_VERB = ("obj", "iobj", "obl:arg", "obl", "obl:mod", "nmod")
_TARGET_NOUN = ("nmod", "amod")
# Labels through which a predicate shares its head's subject.
_SHARES_SUBJECT = ("xcomp", "conj", "advcl")
_REFLEXIVE = {"se", "s'", "s’"}
# Prepositions that introduce the agent of a nominal event ("la visite de Kim").
_AGENT_PREPOSITIONS = {"de", "du", "des", "d'", "par"}
_AGAINST = {"contre"}  # a phrase so introduced is the target wherever the parser hangs it
_TARGET_PREPOSITIONS = {"à", "au", "aux", "contre", "avec", "en", "vers", "sur", "envers", "entre"}
# Codes worth coding with one side only (a bombing by an unnamed attacker, no comment).
# Measured on the dev set: a source with no target is nearly always a target we failed to find,
# so only a refusal to comment or a denial is coded without one.
_SOURCE_ONLY = {"011", "016", "152", "153", "154"}
_TARGET_ONLY = {"163", "185", "186"}
_TARGET_ONLY_ROOTS = {"18", "19", "20"}
# Codes whose two sides do the same thing (meet, negotiate, agree, cooperate): told twice in
# either order, they are one event.
# Force moves whose object is the mover's own forces: the target is where they go or leave.
_OWN_FORCES_CODES = {"0874", "150", "152", "154", "1661"}
_PLACE_PREPOSITIONS = {"à", "au", "aux", "en", "sur", "dans", "contre", "vers", "près", "autour"}
_COOPERATIVE_ROOTS = {"03", "04", "05", "06"}
_SYMMETRIC = {"040", "044", "046", "050", "057", "060", "062", "064"}
# Intent (03x) codes for an intended event of each root; hostile intents are threats (13x).
_INTENT = {
    "01": "030", "02": "030", "03": "030", "04": "036", "05": "032", "06": "031",
    "07": "033", "08": "035", "09": "030", "10": "130", "11": "130", "12": "130",
    "13": "130", "14": "133", "15": "138", "16": "131", "17": "137", "18": "138",
    "19": "138", "20": "138",
}  # fmt: skip
_INTENT_SUBCODE = {"062": "0312", "061": "0311", "071": "0331", "072": "0332", "073": "0333",
                   "074": "0334", "084": "0353", "0841": "0353", "085": "0354", "087": "0356",
                   "0874": "0356", "057": "037", "045": "039", "046": "036"}  # fmt: skip


USE_HOME_COUNTRY = False  # on the dev set, guessing the article's country cost more than it gained
MERGE_BY_ROOT = False  # False: one record per (source, target, full code), as GUIDELINES.md


@dataclass
class Rule:
    code: str
    pos: str  # "V", "N" or "*"
    with_lemmas: frozenset = frozenset()
    without_lemmas: frozenset = frozenset()
    prepositions: frozenset = frozenset()
    reflexive: bool = False
    genitive_target: bool = False  # "la libération de X": the "de" complement is the patient


@dataclass
class Lexicon:
    predicates: dict[str, list[Rule]] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)  # lemma -> intent|denial|hypothesis|...
    speech: frozenset = frozenset()  # verbs whose "que" clause tells what the statement is about
    statement_cues: dict[str, str] = field(default_factory=dict)  # clause word -> code
    negated_speech: frozenset = frozenset()  # "ne pas penser que": pessimistic (012)
    cue_pos: dict[str, str] = field(default_factory=dict)  # cue -> the only POS it counts as
    quote_cues: dict[str, str] = field(default_factory=dict)  # "ironiser" -> 111


@cache
def lexicon(lang: str = "fr") -> Lexicon:
    """Predicates and stance cues of `lang`, read once per process."""
    lex = Lexicon()
    for lemma, pos, condition, code, *_ in read_table(lang, "predicates.tsv"):
        reflexive = False
        words = lemma.split()
        if lemma.startswith(("s'", "s’")):
            lemma, reflexive = lemma[2:], True
        elif words[0] == "se":
            lemma, reflexive = " ".join(words[1:]), True
        extra = set()
        if " " in lemma:  # "mettre en garde": the verb, with its last word nearby
            words = lemma.split()
            lemma, extra = words[0], {words[-1]}
        rule = Rule(code=code, pos=pos, reflexive=reflexive, with_lemmas=frozenset(extra))
        for part in condition.split(","):
            key, _, values = part.partition(":")
            values = frozenset(v for v in values.split("|") if v)
            if key == "with":
                rule.with_lemmas = rule.with_lemmas | values
            elif key == "notwith":
                rule.without_lemmas = values
            elif key == "prep":
                rule.prepositions = values
            elif key == "refl":
                rule.reflexive = True
            elif key == "de-target":
                rule.genitive_target = True
        lex.predicates.setdefault(lemma.lower(), []).append(rule)
    # A rule with a condition is tried before the same lemma's plain rule, wherever it is listed.
    for rules in lex.predicates.values():
        rules.sort(key=lambda r: not (r.with_lemmas or r.without_lemmas or r.prepositions))
    for lemma, kind, *_ in read_table(lang, "stance.tsv"):
        lex.cues[(lemma[2:] if lemma.startswith("s'") else lemma).lower()] = kind
    rows = read_table(lang, "event_statement_cues.tsv")
    lex.speech = frozenset(w.lower() for w, kind, *_ in rows if kind == "speech")
    lex.negated_speech = frozenset(w.lower() for w, kind, *_ in rows if kind == "negated")
    lex.statement_cues = {w.lower(): code for w, kind, code, *_ in rows if kind == "cue"}
    lex.cue_pos = {w.lower(): rest[0] for w, kind, _, *rest in rows if kind == "cue" and rest}
    lex.quote_cues = {w.lower(): code for w, kind, code, *_ in rows if kind == "quote"}
    return lex


def _case(token: Token) -> str:
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.i < token.i:
            return child.lower_
    return ""


def _nearby_lemmas(token: Token) -> set[str]:
    """Lemmas of the predicate's children and grandchildren, its subject's side left out."""
    lemmas = set()
    for child in token.children:
        if child.dep_.startswith("nsubj"):
            continue
        lemmas.add(child.lemma_.lower())
        lemmas.add(child.lower_)
        for grandchild in child.children:
            lemmas.add(grandchild.lemma_.lower())
            lemmas.add(grandchild.lower_)
    if token.dep_ in ("obj", "nmod", "obl") and token.head.pos_ == "VERB":
        lemmas.add(token.head.lemma_.lower())  # "prendre la défense"
    if token.dep_ == "acl":
        lemmas.add(token.head.lemma_.lower())  # "le chef tué par", "une voiture piégée"
    return lemmas


def _lemma(token: Token, lex: Lexicon) -> str:
    """The token's lemma, mended where the lemmatiser gives a verb its noun's lemma (demande)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma.endswith("e") and lemma + "r" in lex.predicates:
        return lemma + "r"
    if _participle_as_noun(token):  # "le journaliste assassiné", tagged as a noun
        stem = token.lower_.rstrip("s").rstrip("e")
        if stem.endswith("é") and stem[:-1] + "er" in lex.predicates:
            return stem[:-1] + "er"
    return lemma


def _participle_as_noun(token: Token) -> bool:
    return (
        token.dep_ == "acl"
        and token.pos_ in ("NOUN", "ADJ")
        and token.lower_.endswith(("é", "ée", "és", "ées"))
    )


def _rule_for(token: Token, lex: Lexicon) -> Rule | None:
    rules = lex.predicates.get(_lemma(token, lex))
    if not rules:
        return None
    pos = "V" if token.pos_ in ("VERB", "AUX") or _participle_as_noun(token) else ""
    pos = pos or ("N" if token.pos_ in ("NOUN", "PROPN") else "")
    if not pos:
        return None
    nearby = None
    for rule in rules:
        if rule.pos not in ("*", pos):
            continue
        if rule.reflexive and not any(c.lower_ in _REFLEXIVE for c in token.children):
            continue
        if rule.with_lemmas or rule.without_lemmas:
            nearby = nearby if nearby is not None else _nearby_lemmas(token)
            if rule.with_lemmas and not rule.with_lemmas & nearby:
                continue
            if rule.without_lemmas & nearby:
                continue
        if rule.prepositions and not any(_case(c) in rule.prepositions for c in token.children):
            continue
        return rule
    return None


class _Actors:
    """Actor mentions indexed by token, to find the actor an argument stands for."""

    def __init__(self, doc: Doc):
        self.by_token: dict[int, list[dict]] = {}
        self.mentions = doc._.actors
        self.subjects = [
            m for m in doc._.actors
            if m.get("country") and m["kind"] != "adjective" and doc[m["head"]].dep_.startswith("nsubj")
        ]  # fmt: skip
        for mention in doc._.actors:
            if (
                not mention.get("country")
                and not mention.get("role")
                and not mention.get("members")
            ):
                continue
            first, last = mention["tokens"]
            for i in range(first, last):
                self.by_token.setdefault(i, []).append(mention)

    def of(self, token: Token) -> dict | None:
        """The actor a noun phrase headed by `token` names."""
        mentions = self.by_token.get(token.i, [])
        groups = [m for m in mentions if m.get("members") and m["head"] == token.i]
        if groups:
            return groups[0]
        named = [m for m in mentions if m["kind"] != "adjective" and m["country"]]
        if named:
            return max(named, key=lambda m: (m["head"] == token.i, m["end"] - m["start"]))
        # A phrase whose head is no actor: its apposition ("un allié de l'Otan, la Turquie"),
        # else its adjective or complement, may be one.
        for child in sorted(token.children, key=lambda c: c.dep_ != "appos"):
            if child.dep_ in ("amod", "nmod", "appos", "flat:name") and _case(
                child
            ) not in _TARGET_PREPOSITIONS - {"de"}:
                for mention in self.by_token.get(child.i, []):
                    if mention["country"]:
                        return mention
        # "tués par des bombardements menés par l'armée turque": the agent of the agent.
        # "bombardements de représailles menés par l'armée turque": one complement deeper too.
        nested = [g for c in token.children if c.dep_ == "nmod" for g in c.children]
        for child in [*token.children, *nested]:
            if child.dep_ == "acl":
                for agent in child.children:
                    if agent.dep_ == "obl:agent" and self.of(agent):
                        return self.of(agent)
        if mentions and mentions[0]["country"]:
            return mentions[0]
        # A role with no country ("les juges", "les rebelles"): kept, the pair decides its country.
        roles = [m for m in mentions if m["role"] and m["kind"] in ("title", "group")]
        return roles[0] if roles else None

    def opponent(self, own: set[str]) -> dict | None:
        """The other side: the country most often named in the article apart from `own`,
        as its armed forces."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m["country"] and m["country"] not in own and m["kind"] != "pronoun":
                counts[m["country"]] = counts.get(m["country"], 0) + 1
        if not counts:
            return None
        country = max(counts, key=counts.get)
        return {"country": country, "role": "MIL", "name": country, "kind": "opponent"}

    def possessor(self, token: Token) -> list[dict]:
        """The actor a possessive determiner (son, sa, leur) refers to: the last subject actor
        before it, in its sentence or the one before."""
        if not any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in token.children):
            return []
        sent = token.sent
        limit = token.doc[sent.start - 1].sent.start if sent.start > 0 else 0
        for mention in reversed(self.subjects):
            if limit <= mention["tokens"][0] < token.i:
                return [mention]
        return []

    def with_conjuncts(self, token: Token) -> list[dict]:
        """The actors of a phrase and of its coordinated phrases (la France et l'Allemagne)."""
        actors: list[dict] = []
        for t in [token, *[c for c in token.children if c.dep_ == "conj"]]:
            actor = self.of(t)
            for a in (actor.get("members") or [actor]) if actor else []:
                if not any(_same_actor(a, b) for b in actors):
                    actors.append(a)
        return actors


def _same_actor(a: dict, b: dict) -> bool:
    return (a["country"], a["role"], a["name"]) == (b["country"], b["role"], b["name"])


def _incise_subject(token: Token, actors: _Actors) -> list[dict]:
    """An incise inverts the subject ("…, accuse l'ONU", "…, a dénoncé l'ONG"): the parser
    takes the subject after the verb, ending the sentence, for its object."""
    group_start = min([token.i] + [c.i for c in token.children if c.dep_.startswith("aux")])
    if group_start == 0 or token.doc[group_start - 1].text not in (",", "»", '"'):
        return []
    for child in token.children:
        if child.dep_ == "obj" and child.i > token.i and child.right_edge.i + 2 >= token.sent.end:
            found = actors.with_conjuncts(child)
            if found:
                return found
    return []


def _correlated(token: Token, subject: Token, actors: _Actors) -> list[dict]:
    """ "Tant Berlin, Paris que Londres ont appelé": the parser hangs the first members of a
    correlative coordination on its adverb, before the subject; they are subjects too."""
    found: list[dict] = []
    for adverb in token.children:
        if adverb.dep_ != "advmod" or adverb.i > subject.i:
            continue
        for member in adverb.subtree:
            if member.dep_ in ("dep", "conj", "flat:name", "nsubj"):
                found += [
                    a
                    for a in actors.with_conjuncts(member)
                    if not any(_same_actor(a, b) for b in found)
                ]
    return found


def _subject(token: Token, actors: _Actors, depth: int = 0) -> tuple[list[dict], bool]:
    """The actors doing the act of a verb, and whether the verb is passive (its subject is then
    the target). Climbs to the governing verb for infinitives, gerunds and coordinations."""
    passive = any(c.dep_ in ("aux:pass",) for c in token.children)
    # "le journaliste assassiné": a past participle modifying a noun is passive, the noun its patient.
    # One with an object of its own ("de son côté accusé Pékin") is active, misattached.
    passive = passive or (
        token.dep_ == "acl"
        and "Past" in token.morph.get("Tense")
        and not any(c.dep_ == "obj" and c.pos_ != "PRON" for c in token.children)
    )
    for child in token.children:
        if child.dep_ in _AGENT:
            return actors.with_conjuncts(child), True
    if passive:
        # "des frappes attribuées par Ankara au régime": the parser's oblique is the agent.
        for child in token.children:
            if child.dep_ in ("obl", "obl:mod") and _case(child) == "par" and actors.of(child):
                return actors.with_conjuncts(child), True
    # "X : des armes livrées sans notification, accuse l'ONU": the incise names the speaker
    # even when the parser took the headline's first word for the subject.
    found = [] if passive else _incise_subject(token, actors)
    if found:
        return found, False
    for child in token.children:
        if child.dep_ in _SUBJECT + _PASSIVE_SUBJECT and not passive:
            if "Rel" in child.morph.get("PronType"):
                found = actors.with_conjuncts(token.head) if token.dep_ == "acl:relcl" else []
                # "des sanctions contre la Russie, qui avait nié": the parser hung the clause
                # on another noun; the antecedent is the actor just before the pronoun.
                before = child.i - 1
                while before > token.sent.start and token.doc[before].is_punct:
                    before -= 1
                antecedent = actors.of(token.doc[before]) if before >= token.sent.start else None
                if not found and antecedent and antecedent.get("country"):
                    found = [antecedent]
                if found or token.dep_ == "acl:relcl":
                    return found, False
            return _correlated(token, child, actors) + actors.with_conjuncts(child), False
    if not passive:
        found = _incise_subject(token, actors)
        if found:
            return found, False
    # A misparsed subject hangs beside the verb ("que Washington demande" as dep of the head).
    for sibling in token.head.children:
        if sibling.dep_ == "dep" and sibling.i < token.i and token.dep_ != "ROOT":
            found = actors.with_conjuncts(sibling)
            if found:
                return found, passive
    if depth < 2 and token.dep_ == "xcomp":
        # Object control: "persuader Pyongyang de vendre", "demander à X de cesser".
        for child in token.head.children:
            if child.dep_ in ("obj", "obl:arg", "iobj") and child.i < token.i:
                found = actors.with_conjuncts(child)
                if found:
                    return found, passive
    if depth < 2 and token.dep_ in _SHARES_SUBJECT:
        found = _subject(token.head, actors, depth + 1)[0]
        if found:
            return found, passive
    if not passive:
        # French is SVO: an actor right before the verb group ("bien que Pyongyang ait démenti",
        # parsed as a fixed expression) is its subject.
        found = _left_neighbour(token, actors)
        if found:
            return found, passive
    if depth == 0 and not passive:
        # The parser lost the subject ("L'administration a de son côté accusé"): the last
        # subject actor before the verb in its sentence.
        for mention in reversed(actors.subjects):
            if token.sent.start <= mention["tokens"][0] < token.i:
                return [mention], passive
    return [], passive


def _place_target(
    doc: Doc, token: Token, sources: list[dict], places: dict[int, dict], actors: _Actors
) -> list[dict]:
    """ "Des frappes sur Kharkiv", "attaques en Ukraine": force used at a place hits that place's
    country. On the source's own soil ("les forces ukrainiennes ont repris des terres autour de
    Bakhmut") it hits the other side: the country the article names most after the source's."""
    own = {s["country"] for s in sources}
    candidates = []
    for child in token.children:
        if child.dep_ not in ("obl", "obl:mod", "obl:arg", "nmod", "obj"):
            continue
        if _case(child) and _case(child) not in _PLACE_PREPOSITIONS:
            continue
        candidates += list(child.subtree)
    # "la ville dont les forces russes ont pris le contrôle": the relative's antecedent.
    for t in doc[token.left_edge.i : token.i]:
        if t.lower_ in ("dont", "où") and "Rel" in t.morph.get("PronType"):
            candidates += [doc[i] for i in range(max(t.sent.start, t.i - 4), t.i)]
    for t in candidates:
        place = places.get(t.idx)
        if place is None:
            continue
        if place["country"] not in own:
            name = text_of(doc)[place["start"] : place["end"]]
            return [{"country": place["country"], "role": "", "name": name, "kind": "place"}]
        other = actors.opponent(own)
        return [other] if other else []
    return []


def _place_instead_of_own_forces(
    doc: Doc, token: Token, sources: list[dict], targets: list[dict]
) -> list[dict]:
    """ "Retirer ses troupes de Syrie", "déployer des soldats en Pologne": the act concerns the
    place's country, not the source's own forces."""
    own = {s["country"] for s in sources}
    if targets and not all(t["country"] in own for t in targets):
        return targets
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for place in doc._.places:
        if start <= place["start"] < end and place.get("country") and place["country"] not in own:
            name = text_of(doc)[place["start"] : place["end"]]
            return [{"country": place["country"], "role": "", "name": name, "kind": "place"}]
    return []


def _left_neighbour(token: Token, actors: _Actors) -> list[dict]:
    """The actor ending right before a finite verb group (its auxiliaries, clitics, negation)."""
    group = [token, *[c for c in token.children if c.dep_.startswith("aux") and c.i < token.i]]
    if not any("Fin" in t.morph.get("VerbForm") for t in group):
        return []
    i = min(t.i for t in group) - 1
    doc = token.doc
    while i >= token.sent.start and doc[i].pos_ in ("PRON", "ADV", "PART") and doc[i].dep_ in (
        "expl:comp", "expl:pass", "expl:subj", "advmod", "obj", "iobj", "obl:arg", "iobj"
    ):  # fmt: skip
        i -= 1
    if i < token.sent.start or doc[i].dep_.startswith(("obj", "iobj")) or _case(doc[i]):
        return []
    if not any(m["country"] and m["kind"] != "adjective" for m in actors.by_token.get(i, [])):
        return []
    # The last of coordinated actors ("Poutine et Kim ont"): take the whole coordination.
    first = doc[i]
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return actors.with_conjuncts(first)


def _passive_patient(token: Token, actors: _Actors) -> list[dict]:
    for child in token.children:
        if child.dep_ in _PASSIVE_SUBJECT + _SUBJECT:
            return actors.with_conjuncts(child)
    if token.dep_ == "acl":  # "les frappes attribuées par Ankara au régime"
        return actors.with_conjuncts(token.head)
    return []


def _same_side(actor: dict, sources: list[dict]) -> bool:
    """True when a would-be target is one of the sources, or only their country's adjective."""
    return any(
        actor is s
        or (
            actor["country"] == s["country"]
            and (actor["kind"] == "adjective" or actor["role"] == s["role"])
        )
        for s in sources
    )


_OBJECT_PRONOUNS = {"lui": "Sing", "le": "Sing", "la": "Sing", "l'": "Sing", "l’": "Sing",
                    "les": "Plur", "leur": "Plur"}  # fmt: skip


def _object_pronoun(token: Token, actors: _Actors, sources: list[dict]) -> list[dict]:
    """ "Lui reprochant", "les a accusés": a clitic object stands for the last actor named
    before it, in its sentence or the one before, of its number, that is not the subject."""
    # The clitic sits right before the verb group; the parser may tag it anything ("lui" as a
    # determiner subject), so the form and the place decide.
    group = {
        token.i,
        *[
            c.i
            for c in token.children
            if c.dep_.startswith("aux") or c.lower_ in ("ne", "n'", "n’")
        ],
    }
    pronoun = next(
        (
            c for c in token.children
            if c.lower_ in _OBJECT_PRONOUNS and c.i < token.i
            and (c.i + 1 in group or c.i + 2 in group)
            and c.dep_ not in ("det",) or (c.lower_ == "lui" and c.i + 1 == token.i)
        ),
        None,
    )  # fmt: skip
    if pronoun is None:
        return []
    number = _OBJECT_PRONOUNS[pronoun.lower_]
    doc = token.doc
    sent = token.sent
    limit = doc[sent.start - 1].sent.start if sent.start > 0 else 0
    for mention in reversed(actors.mentions):
        first = mention["tokens"][0]
        if not limit <= first < pronoun.i or first >= pronoun.i:
            continue
        # A person of no known country may still be the one meant ("le médecin … lui").
        if mention["kind"] in ("adjective", "place") or not (
            mention["country"] or mention["kind"] == "person"
        ):
            continue
        if _same_side(mention, sources) or mention["tokens"][1] > pronoun.i:
            continue
        plural = doc[mention["head"]].morph.get("Number") == ["Plur"] or mention.get("members")
        if (number == "Plur") == bool(plural):
            return [mention]
    return []


def _targets_of_verb(
    token: Token, actors: _Actors, sources: list[dict], fallback: bool = True
) -> list[dict]:
    found = _object_pronoun(token, actors, sources)
    if found:
        return found
    for label in _TARGET_VERB:
        for child in token.children:
            if child.dep_ != label:
                continue
            if label in ("obl", "obl:mod", "nmod") and _case(child) not in _TARGET_PREPOSITIONS:
                continue
            found = [a for a in actors.with_conjuncts(child) if not _same_side(a, sources)]
            if not found and label in ("obj", "obl:arg"):
                # "accuser Pékin", "demander à X de": else the object's complement ("la mort de Y")
                for grandchild in sorted(child.children, key=lambda g: g.dep_ != "nmod"):
                    if grandchild.dep_ in ("nmod", "amod"):
                        found = [
                            a
                            for a in actors.with_conjuncts(grandchild)
                            if not _same_side(a, sources)
                        ]
                        if found:
                            break
            if found:
                before, after = _listed_around(child, token, actors, sources)
                return before + found + after
    # "refuser de confirmer les informations fournies par Washington", "menacer d'ouvrir les
    # portes de l'Europe": the arguments of the infinitive the verb governs.
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB" and child.i > token.i:
            found = _targets_of_verb(child, actors, sources, fallback=False)
            if found:
                return found
    if not fallback:
        return []
    # The parser hung the object elsewhere ("avertir jeudi la Chine"): the first actor to the
    # right of the verb whose nearest verb is this one.
    for right in token.doc[token.i + 1 : token.sent.end]:
        if right.pos_ == "VERB" or right.text in ',;:«»"':
            break
        for mention in actors.by_token.get(right.i, []):
            if mention["country"] and mention["kind"] != "adjective" and mention not in sources:
                return [mention]
    return []


def _first_word(token: Token) -> int:
    """The first word of a phrase, without the comma the parser may hang on it."""
    start = token.left_edge.i
    while start < token.i and token.doc[start].is_punct:
        start += 1
    return start


def _last_word(token: Token) -> int:
    """The last word of a phrase, without the comma the parser may hang on it."""
    end = token.right_edge.i
    while end > token.i and token.doc[end].is_punct:
        end -= 1
    return end


def _listed_around(
    child: Token, verb: Token, actors: _Actors, sources: list[dict]
) -> tuple[list[dict], list[dict]]:
    """ "Sur l'Allemagne, la France et la Grande-Bretagne" parsed as sibling arguments: the
    actors listed comma by comma before and after `child`, in text order."""
    doc = child.doc
    by_start = {_first_word(c): c for c in verb.children}
    by_end = {_last_word(c): c for c in verb.children}
    before, after = [], []
    first, last = _first_word(child), _last_word(child)
    while first >= 2 and doc[first - 1].text == "," and (prev := by_end.get(first - 2)):
        more = [a for a in actors.with_conjuncts(prev) if not _same_side(a, sources)]
        if not more or prev.dep_ not in _TARGET_VERB:
            break
        before = more + before
        first = _first_word(prev)
    while last + 2 < len(doc) and doc[last + 1].text == "," and (nxt := by_start.get(last + 2)):
        more = [a for a in actors.with_conjuncts(nxt) if not _same_side(a, sources)]
        if not more or nxt.dep_ not in _TARGET_VERB:
            break
        after += more
        last = _last_word(nxt)
    return before, after


def _arguments_of_noun(
    token: Token, actors: _Actors, genitive_target: bool = False
) -> tuple[list[dict], list[dict]]:
    """Source and target of an event noun: "la visite de Kim en Russie", "frappes russes contre
    Kiev", "le sommet entre Poutine et Kim"; a noun without agent takes its verb's subject."""
    sources, targets = [], []
    complements = [c for c in token.children if c.dep_ in _TARGET_NOUN]
    # "la visite de Poutine en Chine": the parser often hangs "en Chine" on "Poutine".
    nested = [
        g for c in complements if c.dep_ == "nmod" and actors.of(c)
        for g in c.children if g.dep_ == "nmod" and _case(g) in _TARGET_PREPOSITIONS - {"de"}
    ]  # fmt: skip
    for child in complements + nested:
        case = _case(child)
        found = actors.with_conjuncts(child)
        if not found:
            continue
        if case == "entre" and len(found) >= 2:
            return [found[0]], [found[1]]
        if genitive_target and case in ("de", "du", "des", "d'"):
            targets = targets or found
        elif child.dep_ == "amod" or case in _AGENT_PREPOSITIONS:
            sources = sources or found
        elif case in _TARGET_PREPOSITIONS:
            targets = targets or found
    if (
        not any(s["country"] for s in sources)
        and token.dep_ in ("obj", "obl", "obl:mod", "obl:arg", "nsubj:pass")
        and token.head.pos_ == "VERB"
    ):
        # "la Turquie a lancé une offensive"; "ils ont accéléré le déploiement de leurs
        # troupes": the verb's subject, with the role its complement names.
        found = _subject(token.head, actors)[0]
        role = next((s["role"] for s in sources if s["role"]), "")
        if found:
            sources = [{**f, "role": role or f["role"]} if role == "MIL" else f for f in found]
    if not sources and token.dep_ == "nmod" and token.head.dep_ == "obj":
        sources = _subject(token.head.head, actors)[0]
    if not sources:
        sources = actors.possessor(token)  # "sa guerre contre l'Ukraine"
    if not sources and targets:
        # "une conversation avec son homologue chinois": the counterpart of the last subject.
        for child in complements:
            if _case(child) in _TARGET_PREPOSITIONS and actors.of(child) in targets:
                sources = actors.possessor(child)
                break
    if not targets:
        # "une attaque au camion piégé contre un bâtiment de l'armée": the parser hangs the
        # "contre" phrase deeper in the noun's phrase, or on its verb ("mener une attaque").
        around = list(token.subtree)
        if token.dep_ == "obj" and token.head.pos_ == "VERB":
            around += [c for c in token.head.children if c.dep_ in ("obl", "obl:mod")]
        for inner in around:
            if inner.i != token.i and _case(inner) in _AGAINST and actors.of(inner):
                targets = [a for a in actors.with_conjuncts(inner) if a not in sources]
                if targets:
                    break
    return sources, [t for t in targets if t not in sources]


def _governor_chain(token: Token, limit: int = 3) -> list[Token]:
    chain, current = [], token
    for _ in range(limit):
        if current.head is current:
            break
        current = current.head
        chain.append(current)
    return chain


def _modality(token: Token, lex: Lexicon) -> tuple[str, bool, bool]:
    """(stance, intended, negated) of the event at `token`."""
    stance, intended, negated = "asserted", False, False
    for child in token.children:
        kind = lex.cues.get(child.lemma_.lower())
        if kind == "negation" and child.dep_ in ("advmod", "det"):
            negated = True
        if (
            kind == "hypothesis"
            and child.dep_ in ("aux", "mark", "aux:tense")
            or "Cnd" in child.morph.get("Mood")
        ):
            stance = "hypothetical"
    if "Cnd" in token.morph.get("Mood"):
        stance = "hypothetical"
    chain_dep = token.dep_
    for governor in _governor_chain(token):
        kind = lex.cues.get(governor.lemma_.lower())
        if kind == "denial":
            return "denied", intended, negated
        if kind == "intent" and chain_dep in ("xcomp", "obj", "ccomp"):
            intended = True
        if kind == "hypothesis" and governor.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            stance = "hypothetical"
        if governor.dep_ not in ("xcomp", "obj", "ccomp", "nmod", "acl", "advcl", "obl", "obl:arg"):
            break
        chain_dep = chain_dep if chain_dep in ("xcomp", "obj", "ccomp") else "other"
        chain_dep = governor.dep_ if chain_dep != "other" else chain_dep
    return stance, intended, negated


def _intent_code(code: str) -> str:
    if code.startswith("03"):
        return code
    return _INTENT_SUBCODE.get(code) or _INTENT_SUBCODE.get(code[:3]) or _INTENT[code[:2]]


def _reported_by(doc: Doc, token: Token, source: dict | None) -> str:
    # The nearest report frames the event: in "X a dit que …, tandis que Y rapporte que E",
    # the parse may put Y's report inside X's words, and E is Y's, not X's.
    framing = sorted(
        (a["content_end"] - a["content_start"], a.get("speaker", ""))
        for a in doc._.attributions
        if a.get("content_start", -1) <= token.idx < a.get("content_end", -1)
    )
    for _, speaker in framing:
        if speaker and (not source or speaker != source.get("name")):
            return speaker
    return ""


def _span_of(token: Token, actor: dict | None) -> tuple[int, int]:
    """The evidence: the predicate's phrase, stretched to its source, within its sentence."""
    sent = token.sent
    first, last = token.left_edge.i, token.right_edge.i
    # Leave out the clauses a reporting verb governs that do not belong to this event.
    if actor and sent.start <= actor["tokens"][0] < sent.end:
        first = min(first, actor["tokens"][0])
    first, last = max(first, sent.start), min(last, sent.end - 1)
    while last > first and token.doc[last].is_punct:
        last -= 1
    return token.doc[first].idx, token.doc[last].idx + len(token.doc[last])


def _place_and_date(doc: Doc, token: Token) -> tuple[str, str]:
    clause = (token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
    sent = (token.sent.start_char, token.sent.end_char)
    place = date = None
    for start, end in (clause, sent):
        place = place or next((p for p in doc._.places if start <= p["start"] < end), None)
        date = date or next((d for d in doc._.dates if start <= d["start"] < end), None)
    name = text_of(doc)[place["start"] : place["end"]] if place else ""
    return name, date.get("value", "") if date else ""


def _lead_end(doc: Doc) -> int:
    """End of the title and lead paragraph: events there are GDELT's root events."""
    text = text_of(doc)
    paragraphs = 0
    for i, char in enumerate(text):
        if char == "\n" and i > 0 and text[i - 1] != "\n":
            paragraphs += 1
            if paragraphs == 2:
                return i
    return len(text)


def extract_events(doc: Doc, lang: str = "fr") -> list[dict]:
    """One record per distinct (source, target, code), with every mention of it."""
    if not doc.has_annotation("DEP"):
        raise ValueError("extract_events needs a parsed Doc (dependency labels)")
    lex = lexicon(lang)
    actors = _Actors(doc)
    lead_end = _lead_end(doc)
    home = home_country(doc._.actors)
    events: dict[tuple, dict] = {}
    places = {p["start"]: p for p in doc._.places if p.get("country")}
    for token in doc:
        if _lemma(token, lex) not in lex.predicates:
            continue
        rule = _rule_for(token, lex)
        if rule is None or any(b[0] <= token.idx < b[1] for b in doc._.boilerplate):
            continue
        has_subject = any(c.dep_.startswith("nsubj") for c in token.children)
        if token.pos_ in ("VERB", "AUX") or has_subject or _participle_as_noun(token):
            sources, passive = _subject(token, actors)
            if passive:
                targets = _passive_patient(token, actors)
                if not targets:  # "l'attaque imputée par Washington à l'EI": the oblique
                    targets = [
                        t
                        for t in _targets_of_verb(token, actors, sources)
                        if _case(token.doc[t["head"]]) not in ("par",)
                    ]
            else:
                targets = _targets_of_verb(token, actors, sources)
                if not targets and _incise_subject(token, actors):
                    targets = [
                        a
                        for c in token.children
                        if c.dep_ in _SUBJECT and c.i < token.i
                        for a in actors.with_conjuncts(c)
                        if not _same_side(a, sources)
                    ]
        else:
            sources, targets = _arguments_of_noun(token, actors, rule.genitive_target)
        stance, intended, negated = _modality(token, lex)
        if lex.cues.get(_lemma(token, lex)) == "denial":
            stance = "asserted"  # the denial itself happened
        if rule.code == "016":
            targets = [
                t for t in targets if t["country"] != (sources[0]["country"] if sources else "")
            ]
        if negated and stance != "denied":
            continue
        code = _intent_code(rule.code) if intended else rule.code
        if stance == "hypothetical" and code[:2] == "04":
            code = "036"  # "Kim pourrait se rendre à Vladivostok": a meeting planned, not held
        if stance != "asserted" and not sources and code[:2] in _TARGET_ONLY_ROOTS:
            continue  # "le chef aurait été tué": no attacker and no certainty
        if code[:2] in _TARGET_ONLY_ROOTS and not targets:
            targets = _place_target(doc, token, sources, places, actors)
        if code in _OWN_FORCES_CODES:
            targets = _place_instead_of_own_forces(doc, token, sources, targets)
        if code[:2] == "15":  # force posture happens at a place, not to the place's country
            targets = [t for t in targets if t["kind"] != "adjective"]
        if len(sources) >= 2 and not targets and code[:2] in _COOPERATIVE_ROOTS:
            # "Poutine et Kim ont échangé des lettres", "les deux pays discutent": symmetric,
            # coded once, the actor named first as the source (GUIDELINES.md).
            sources, targets = sources[:1], sources[1:2]
        if code == "040" and len(sources) == 1 and len(targets) == 1:
            sources, targets, code = _visit(doc, token, sources[0], targets[0], code)
        for source, target in _pairs(sources, targets, code, home):
            _record(events, doc, token, source, target, code, stance, lead_end, lex)
    _statements(doc, actors, lex, events, lead_end)
    _quotations(doc, actors, lex, events, lead_end)
    return _answer_accusers(list(events.values()))


def _visit(doc: Doc, token: Token, source: dict, target: dict, code: str):
    """A meeting held in one side's country is the other side's visit (042, visitor -> host):
    "un sommet avec son homologue turc à Sotchi" is Turkey's visit to Russia."""
    start, end = token.idx, token.right_edge.idx + len(token.right_edge)
    for place in doc._.places:
        if start <= place["start"] < end and place.get("country"):
            if place["country"] == source["country"] != target["country"]:
                return [target], [source], "042"
            if place["country"] == target["country"] != source["country"]:
                return [source], [target], "042"
            break
    return [source], [target], code


def _record(
    events: dict,
    doc: Doc,
    token: Token,
    source: dict,
    target: dict,
    code: str,
    stance: str,
    lead_end: int,
    lex: Lexicon,
) -> None:
    """Add one mention of (source, target, code) at `token`, merged with its earlier ones."""
    # One record per (source, target, code); a second code of the same root for the same pair
    # is kept in "codes" (GDELT's matching is on roots).
    key = (
        source.get("country", ""),
        target.get("country", ""),
        code[:2] if MERGE_BY_ROOT else code,
    )
    reverse = (key[1], key[0], key[2])
    if code[:3] in _SYMMETRIC and reverse in events:
        key = reverse  # "A a rencontré B", later "B et A se sont rencontrés": one meeting
    start, end = _span_of(token, source if source.get("country") else None)
    mention = {"start": start, "end": end}
    if key in events:
        events[key]["mentions"].append(mention)
        if code not in events[key]["codes"]:
            events[key]["codes"].append(code)
        return
    place, date = _place_and_date(doc, token)
    events[key] = {
        "start": start,
        "end": end,
        "source": source.get("country", ""),
        "source_role": source.get("role", ""),
        "source_name": source.get("name", ""),
        "target": target.get("country", ""),
        "target_role": target.get("role", ""),
        "target_name": target.get("name", ""),
        "source_code": source.get("country", "") + source.get("role", ""),
        "target_code": target.get("country", "") + target.get("role", ""),
        **gdelt_fields(code),
        "stance": stance,
        "reported_by": _reported_by(doc, token, source),
        "place": place,
        "date": date,
        "is_root_event": start < lead_end,
        "mentions": [mention],
        "codes": [code],
    }


# A reproach outweighs a mood, a mood outweighs an option considered.
_STATEMENT_PRIORITY = ("111", "012", "013", "014")


def _clause_tokens(clause: Token) -> list[Token]:
    """The words of a clause, without the clauses hung on it (", tandis que …")."""
    tokens, stack = [], [clause]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack += [c for c in token.children if c.dep_ not in ("advcl", "parataxis", "acl:relcl")]
    return tokens


def _statements(doc: Doc, actors: _Actors, lex: Lexicon, events: dict, lead_end: int) -> None:
    """ "X a affirmé que Y avait fait une erreur": a statement by X about the actor its clause
    names (the clause's subject), coded by the clause's words (reproach, pessimism, optimism,
    option) or 010."""
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in lex.speech:
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
        if clause is None or any(b[0] <= token.idx < b[1] for b in doc._.boilerplate):
            continue
        sources, passive = _subject(token, actors)
        if passive or not any(s["country"] for s in sources):
            continue
        code = ""
        speaker = token
        # "il a dit qu'il ne pensait pas que …": the innermost clause, negated thought is 012.
        while True:
            negated = any(
                lex.cues.get(c.lemma_.lower()) == "negation" and c.dep_ == "advmod"
                for c in speaker.children
            )
            if negated:
                if speaker.lemma_.lower() not in lex.negated_speech:
                    break
                code = "012"
            if clause.lemma_.lower() not in lex.speech:
                break
            inner = next((c for c in clause.children if c.dep_ == "ccomp"), None)
            if inner is None:
                break
            speaker, clause = clause, inner
        if negated and not code:
            continue
        # "X a déclaré que Moscou souhaitait obtenir des armes": the clause is an event of its
        # own, X only reports it.
        # So is a clause whose verb governs an infinitive ("Moscou tentait de recruter").
        verbs = [clause, *[c for c in clause.children if c.dep_ == "conj"]]
        if any(_rule_for(v, lex) or any(c.dep_ == "xcomp" for c in v.children) for v in verbs):
            continue
        subjects = [c for c in clause.children if c.dep_ in _SUBJECT + _PASSIVE_SUBJECT]
        # "les commentaires des soldats": a subject that is no actor speaks for its complement.
        subjects += [
            g for c in subjects if not actors.of(c) for g in c.children if g.dep_ == "nmod"
        ]
        targets = [
            t for c in subjects for t in actors.with_conjuncts(c) if not _same_side(t, sources)
        ]
        if not targets:
            continue
        if not code:
            found = {
                lex.statement_cues[t.lemma_.lower()]
                for t in _clause_tokens(clause)
                if t.lemma_.lower() in lex.statement_cues
                and not t.dep_.startswith("nsubj")
                and lex.cue_pos.get(t.lemma_.lower(), t.pos_) == t.pos_
            }
            code = next((c for c in _STATEMENT_PRIORITY if c in found), "010")
        if code == "010":
            # A plain statement about one's own side is a report of its news, not an event.
            own = {s["country"] for s in sources}
            targets = [t for t in targets if t["country"] and t["country"] not in own]
        for source, target in _pairs(sources, targets, code):
            _record(events, doc, token, source, target, code, "asserted", lead_end, lex)


def _quotations(doc: Doc, actors: _Actors, lex: Lexicon, events: dict, lead_end: int) -> None:
    """ "« … », a ironisé le porte-parole": a direct quotation is a statement by its speaker
    about the first actor it names, coded by its introducing verb, else by the words inside
    it (reproach, mood, option)."""
    for said in doc._.attributions:
        if said.get("kind") != "direct" or not said.get("speaker_end"):
            continue
        inside = doc.char_span(said["content_start"], said["content_end"], alignment_mode="expand")
        if inside is None or any(b[0] <= inside.start_char < b[1] for b in doc._.boilerplate):
            continue
        source = actor_at(doc, said["speaker_start"], said["speaker_end"])
        if not source or not source.get("country"):
            continue
        source = (source.get("members") or [source])[0]
        cue = said.get("cue", "").lower()
        code = lex.quote_cues.get(cue, "")
        if not code:
            found = {
                lex.statement_cues[t.lemma_.lower()]
                for t in inside
                if t.lemma_.lower() in lex.statement_cues
                and lex.cue_pos.get(t.lemma_.lower(), t.pos_) == t.pos_
            }
            # A plain quotation (010) named too many bystanders on the dev set: only coded ones.
            code = next((c for c in _STATEMENT_PRIORITY if c in found), "")
        if not code:
            continue
        targets = []
        for token in inside:
            for target in actors.by_token.get(token.i, []):
                if (
                    target["country"]
                    and target["kind"] != "pronoun"
                    and target["start"] >= inside.start_char
                    and not _same_side(target, [source])
                    and not any(_same_actor(target, t) for t in targets)
                ):
                    targets.append(target)
        anchor = doc.char_span(said["speaker_start"], said["speaker_end"], alignment_mode="expand")
        if anchor is None:
            continue
        for source_, target in _pairs([source], targets[:1], code):
            _record(events, doc, anchor.root, source_, target, code, "asserted", lead_end, lex)


def _answer_accusers(events: list[dict]) -> list[dict]:
    """A denial with no target ("Pékin a rejeté ces accusations") answers the last accusation
    made against the denier earlier in the article: its accuser is the target."""
    kept: list[dict] = []
    for event in sorted(events, key=lambda e: e["start"]):
        if event["target"] or not (event["code"] == "016" or event["root_code"] == "12"):
            kept.append(event)
            continue
        accusations = [
            e for e in kept
            if e["root_code"] == "11" and e["target"] == event["source"] and e["source"]
        ]  # fmt: skip
        if accusations:
            accuser = accusations[-1]
            event.update(
                target=accuser["source"],
                target_role=accuser["source_role"],
                target_name=accuser["source_name"],
                target_code=accuser["source_code"],
            )
            same = [
                e for e in kept
                if (e["source"], e["target"], e["code"]) == (event["source"], event["target"], event["code"])
            ]  # fmt: skip
            if same:
                same[0]["mentions"] += event["mentions"]
                continue
        kept.append(event)
    # A denial still without target, by a source that denied something to someone in the same
    # article, is told again: one more mention of that denial.
    merged: list[dict] = []
    for event in kept:
        if not event["target"] and event["code"] == "016":
            told = [
                e for e in kept
                if e["target"] and (e["source"], e["code"]) == (event["source"], event["code"])
            ]  # fmt: skip
            if told:
                told[0]["mentions"] += event["mentions"]
                continue
        merged.append(event)
    return merged


def _pairs(
    sources: list[dict], targets: list[dict], code: str, home: str = ""
) -> list[tuple[dict, dict]]:
    """Source-target pairs worth coding: both named, or one side for the codes that allow it."""
    empty: dict = {}
    pairs = []
    for source in sources or [empty]:
        for target in targets or [empty]:
            # Two roles and no country ("les rebelles ont tué des civils"): the article's country.
            if (
                source
                and target
                and home
                and USE_HOME_COUNTRY
                and not source["country"]
                and not target["country"]
            ):
                source, target = {**source, "country": home}, {**target, "country": home}
            target_country = target.get("country", "")
            # A role without a country, facing a national actor, is taken as domestic.
            if (
                source
                and target
                and bool(source["country"]) != bool(target["country"])
                and not (source.get("multinational") or target.get("multinational"))
            ):
                country = source["country"] or target["country"]
                if not source["country"]:
                    source = {**source, "country": country}
                else:
                    target = {**target, "country": country}
            s, t = source.get("country", ""), target.get("country", "")
            if not s and not t:
                continue
            if s and t and s == t and source.get("role") == target.get("role"):
                if not target_country and code in _SOURCE_ONLY:
                    # "démentir les informations des responsables": the role names no country.
                    target = {**target, "country": ""}
                    t = ""
                else:
                    continue
            if s and not t and code not in _SOURCE_ONLY:
                continue
            if t and not s and code not in _TARGET_ONLY and code[:2] not in _TARGET_ONLY_ROOTS:
                continue
            pairs.append((source, target))
    return pairs


@Language.factory(
    "veille_events",
    assigns=["doc._.events"],
    requires=["token.dep", "doc._.actors"],
    default_config={"lang": "fr"},
)
def make_events_component(nlp: Language, name: str, lang: str):
    lexicon(lang)

    def component(doc: Doc) -> Doc:
        doc._.events = extract_events(doc, lang)
        return doc

    return component
