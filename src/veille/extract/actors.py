"""Extract actors: who is mentioned, resolved to a CAMEO actor code (country + role)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from veille.lang import read_table

_ANTECEDENT_SENTENCES = 2  # how far back a pronoun looks for its antecedent


@dataclass
class Lexicon:
    """Actor lexicons of one language, lowercased forms -> entries."""

    forms: dict[str, dict] = field(default_factory=dict)  # phrase -> {country, role, name, kind}
    adjectives: dict[str, str] = field(default_factory=dict)  # "russe", "tchétchène" -> RUS
    regional: frozenset = frozenset()  # "tchétchène": of a region, not a nationality
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma -> (role, kind)
    role_phrases: dict[frozenset, tuple[str, str]] = field(default_factory=dict)  # force, ordre
    cased_roles: frozenset = frozenset()  # "État": "l'état d'urgence" is no actor
    surnames: dict[str, dict] = field(default_factory=dict)  # "le pen" -> person entry
    surname_forms: dict[str, str] = field(default_factory=dict)  # "le pen" -> "Le Pen"
    pair_words: frozenset = frozenset()  # "deux": "les deux pays" names two actors
    pair_nouns: frozenset = frozenset()  # "camp": an actor only as a pair, "les deux camps"
    others: frozenset = frozenset()  # "son homologue" is not of its possessor's country
    multinational: frozenset = frozenset()  # "occidental": an actor of several countries
    words: dict[str, frozenset] = field(default_factory=dict)  # kind -> function words


def _strip_article(form: str, articles: frozenset) -> str:
    first, _, rest = form.replace("'", "' ", 1).partition(" ")
    return rest.lstrip() if rest and first.lower() in articles else form


def _surname(name: str, particles: frozenset) -> str:
    """What a later mention calls a person: "Le Pen" for Marine Le Pen, "von der Leyen"."""
    words = name.split()
    if len(words) == 1:
        return name
    if len(words) > 2 and words[1].lower() in particles:
        return " ".join(words[1:])
    return words[-1] if len(words[-1]) > 3 else ""


@cache
def lexicon(lang: str = "fr") -> Lexicon:
    """The actor lexicons of `lang`, read once per process from lang/<lang>/*.tsv."""
    lex = Lexicon()
    words: dict[str, set[str]] = {}
    for word, kind, *_ in read_table(lang, "actor_words.tsv"):
        words.setdefault(kind, set()).add(word)
    lex.words = {kind: frozenset(found) for kind, found in words.items()}
    articles = lex.words["article"]
    for form, code, kind, *_ in read_table(lang, "countries.tsv"):
        if kind in ("adjective", "regional"):
            lex.adjectives[form.lower()] = code
            if kind == "regional":
                lex.regional |= {form.lower()}
            continue
        # A country, its capital or a metonym acting is its government (GUIDELINES.md); a
        # demonym ("les Russes") is its people, left without a role.
        role = "GOV" if kind in ("capital", "metonym", "name") else ""
        name = _strip_article(form, articles)
        entry = {"country": code, "role": role, "name": name, "kind": kind}
        lex.forms.setdefault(name.lower(), entry)
    for form, code, role, name, *_ in read_table(lang, "organisations.tsv"):
        # "Le Monde" is a paper, "le monde" is not, and "les républicains" of the Congress are
        # not "Les Républicains": a capitalised form must be written so, but for its article.
        # A form also listed in lower case ("talibans", "Talibans") stands in either case.
        before = lex.forms.get(form.lower(), {})
        uncased = before.get("kind") == "organisation" and not before.get("cased")
        if before.get("cased"):  # "Nations unies", "Nations Unies": the first needs less
            form = min(form, before["cased"], key=lambda f: sum(w[:1].isupper() for w in f.split()))
        lex.forms[form.lower()] = {
            "country": code,
            "role": role,
            "name": name,
            "kind": "organisation",
            "cased": form if form != form.lower() and not uncased else "",
        }
    surnames: dict[str, list[dict]] = {}
    for name, code, role, *_ in read_table(lang, "people.tsv"):
        entry = {"country": code, "role": role, "name": name, "kind": "person"}
        lex.forms[name.lower()] = entry
        surname = _surname(name, lex.words["particle"])
        if surname:
            surnames.setdefault(surname.lower(), []).append(entry)
            lex.surname_forms[surname.lower()] = surname
    # A surname shared by people of different countries or roles is not resolved from the list.
    for surname, entries in surnames.items():
        if len({(e["country"], e["role"]) for e in entries}) == 1:
            lex.surnames[surname] = entries[0]
    for lemma, role, kind, *rest in read_table(lang, "roles.tsv"):
        if rest and rest[0] == "other":
            lex.others |= {lemma.lower()}
        if kind == "pair":
            lex.pair_words |= {lemma.lower()}
            continue
        if kind == "pair-noun":
            lex.pair_nouns |= {lemma.lower()}
            continue
        if kind == "multinational":
            lex.multinational |= {lemma.lower()}
            continue
        words = lemma.lower().split()
        if len(words) > 1:
            # "force de l'ordre": the noun and one of its dependents, in either order.
            last = words[-1].split("'")[-1]
            lex.role_phrases[frozenset((words[0], last))] = (role, kind)
            continue
        lex.roles[lemma.lower()] = (role, kind)
        if lemma != lemma.lower():
            lex.cased_roles |= {lemma.lower()}
    return lex


@cache
def _phrase_matcher(lang: str, vocab_id: int, vocab) -> PhraseMatcher:
    tokenizer = spacy.blank(lang).tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    lex = lexicon(lang)
    forms = list(lex.forms) + list(lex.surnames)
    patterns = [Doc(vocab, words=[t.text for t in tokenizer(form)]) for form in forms]
    matcher.add("ACTOR", patterns)
    return matcher


def _mention(span: Span, entry: dict, head: Token | None = None) -> dict:
    country, role = entry.get("country", ""), entry.get("role", "")
    return {
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "name": entry.get("name") or span.text,
        "country": country,
        "role": role,
        "code": country + role,
        "kind": entry.get("kind", ""),
        "head": (head or span.root).i,
        "tokens": [span.start, span.end],
    }


def _lookup(span: Span, lex: Lexicon) -> dict | None:
    key = span.text.lower()
    entry = lex.forms.get(key)
    # "les drapeaux en berne", "un russe": a country, capital or people is written capitalised.
    if entry and entry["kind"] in _CAPITALISED and not span.text[:1].isupper():
        return None
    if entry and entry.get("cased") and not _written_as(span, entry["cased"], lex):
        return None
    if entry is None and key in lex.surnames and _is_surname(span, lex.surname_forms[key], lex):
        return lex.surnames[key]
    return entry


def _written_as(span: Span, form: str, lex: Lexicon) -> bool:
    """Whether a span is written as `form`: its capitalised words but an article capitalised,
    not in a headline's capitals ("FAIRE LE POINT"), not the start of a longer name ("Times
    Square")."""
    text = span.text
    if text.isupper() and not form.isupper():
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    longer = after is not None and after.text[:1].isupper() and after.is_alpha
    if len(span) == 1 and not form.isupper() and longer:
        return False
    return all(
        word[:1].isupper() or not want[:1].isupper() or want.lower() in lex.words["article"]
        for word, want in zip(text.split(), form.split(), strict=False)
    )


_CAPITALISED = {"name", "capital", "metonym", "demonym"}


def _is_surname(span: Span, written: str, lex: Lexicon) -> bool:
    """Whether a known surname stands alone: not "le maire de", not the first name of
    "Michel Barnier", not the surname of another "Louise Michel"."""
    if span.text not in (written, written.upper()):
        return False
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text[:1].isupper() and after.is_alpha:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        before is None
        or not (before.pos_ == "PROPN" and before.text[:1].isupper() and before.is_alpha)
        or before.lower_ in lex.words["honorific"]
    )


def _country_of_noun(
    noun: Token, lex: Lexicon, named: dict[int, dict], place_of: dict[int, str], depth: int = 0
) -> tuple[dict | None, list[Token]]:
    """The country or body a role noun belongs to: its adjective (président russe) or its
    complement (porte-parole du Kremlin, ministre de la Russie, la police de Montréal), one
    nominal level deep."""
    for child in noun.children:
        if _is_adjective_of_country(child, lex) and (child.dep_ == "amod" or child.i > noun.i):
            return {"country": lex.adjectives[child.lower_], "role": ""}, [child]
    for child in noun.children:
        if child.dep_ != "nmod" or child.i < noun.i:
            continue
        entry = named.get(child.i)
        if entry and entry["kind"] != "person":
            return entry, list(child.subtree)
        if child.i in place_of and any(c.lemma_ == "de" for c in child.children):
            return {"country": place_of[child.i], "role": ""}, list(child.subtree)
        if depth == 0 and child.lemma_.lower().removeprefix("ex-") in lex.roles:
            found, tokens = _country_of_noun(child, lex, named, place_of, depth + 1)
            if found:
                return found, list(child.subtree)
    return None, []


def _role_of(token: Token, lex: Lexicon) -> tuple[str, str, list[Token]] | None:
    """The role and kind of a role noun ("l'ex-chef", "l'État"), or of a noun and its dependent
    ("les forces de l'ordre", "des gilets jaunes", with the dependent's words)."""
    lemma = token.lemma_.lower().removeprefix("ex-")  # "l'ex-chef du renseignement"
    for child in token.children:
        phrase = lex.role_phrases.get(frozenset((lemma, child.lemma_.lower())))
        if phrase:
            # "chef d'accusation": a phrase listed as no actor at all.
            return None if phrase[1] == "none" else (*phrase, list(child.subtree))
    if lemma in lex.pair_nouns and _counted_as_pair(token, lex):
        return ("", "group", [])
    found = lex.roles.get(lemma) or lex.roles.get(token.lower_)
    if found is None or (lemma in lex.cased_roles and not token.text[:1].isupper()):
        return None
    return (*found, [])


def _counted_as_pair(token: Token, lex: Lexicon) -> bool:
    """ "Les deux pays", "ces deux dirigeants": two actors named before; "deux policiers"
    (no article) only counts people."""
    return (
        token.morph.get("Number") == ["Plur"]
        and any(c.dep_ == "nummod" and c.lower_ in lex.pair_words for c in token.children)
        and any(
            c.dep_ == "det" and c.lower_ in lex.words["definite-plural"] for c in token.children
        )
    )


def _may_be_name(token: Token, lex: Lexicon) -> bool:
    # "Ébranlé, il a démissionné": a capitalised participle is no name.
    return (
        token.text[:1].isupper()
        and token.pos_ in ("PROPN", "NOUN", "X")
        and token.lower_ not in lex.adjectives
        and token.lemma_.lower() not in lex.roles
    )


def _is_adjective_of_country(token: Token, lex: Lexicon) -> bool:
    # The parser sometimes tags "kényane" in "l'armée kényane" as a noun or X; a lowercase
    # form without a preposition is still the adjective ("en anglais" is a language).
    return (
        token.lower_ in lex.adjectives
        and (token.pos_ == "ADJ" or (token.text.islower() and token.pos_ not in ("VERB", "AUX")))
        and not any(c.dep_ == "case" for c in token.children)
    )


def _name_of_noun(noun: Token, persons: dict[int, dict]) -> dict | None:
    """A person named beside a title: "le président Vladimir Poutine", "le porte-parole, X"."""
    for child in noun.children:
        # amod: "l'administration Trump", where the parser takes the name for an adjective.
        if child.dep_ in ("appos", "flat:name", "conj", "nmod", "amod") and child.i in persons:
            return persons[child.i]
    if noun.dep_ == "appos" and noun.head.i in persons:
        return persons[noun.head.i]
    return None


def extract_actors(doc: Doc, lang: str = "fr", places: Sequence[dict] = ()) -> list[dict]:
    """Actor mentions of a parsed Doc: names, titles, capitals, bodies, pronouns, resolved.
    `places` (doc._.places) tell whose police or mayor "la police de Montréal" is, and where
    the article happens."""
    if not doc.has_annotation("DEP"):
        raise ValueError("extract_actors needs a parsed Doc (dependency labels)")
    lex = lexicon(lang)
    place_of = _place_countries(doc, places)
    matcher = _phrase_matcher(lang, id(doc.vocab), doc.vocab)
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
    mentions: list[dict] = []
    named: dict[int, dict] = {}  # token index -> mention, for names, bodies and countries
    for span in spans:
        entry = _lookup(span, lex)
        if entry is None:
            continue
        mention = _mention(span, entry)
        mentions.append(mention)
        for token in span:
            named[token.i] = mention
    # People the lists do not know: the parser's person entities, and later surnames.
    for ent in doc.ents:
        if ent.label_ != "PER" or any(t.i in named for t in ent):
            continue
        # "Le président kényan", taken for a person by the parser, is a title.
        if not any(_may_be_name(t, lex) for t in ent):
            continue
        # "le Portugais Antonio Costa", "portugais Antonio Costa": the nationality named before.
        before = doc[ent.start - 1].lower_ if ent.start else ""
        country = lex.adjectives.get(before, "")
        mention = _mention(ent, {"name": ent.text, "kind": "person", "country": country})
        mentions.append(mention)
        for token in ent:
            named[token.i] = mention
    mentions += _later_surnames(doc, mentions, named, place_of, lex)
    persons = {i: m for i, m in named.items() if m["kind"] == "person"}
    _resolve_names(mentions, lex)
    # Titles and bodies: role nouns with their country and the person they name.
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in named:
            continue
        found = _role_of(token, lex)
        if found is None:
            continue
        role, kind, phrase_tokens = found
        owner, owner_tokens = _country_of_noun(token, lex, named, place_of)
        person = _name_of_noun(token, persons)
        tokens = [token, *owner_tokens, *phrase_tokens]
        tokens += [c for c in token.children if c.dep_ in ("det", "amod") and c.i < token.i]
        if person:
            tokens += list(doc[person["tokens"][0] : person["tokens"][1]])
        span = doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]
        country = owner["country"] if owner else ""
        # "les médias occidentaux": several countries, so no country, and not a domestic actor.
        # "les pays", "34 pays", "tous les États" (but "les deux pays"): several countries too.
        several = kind == "country" and "Plur" in token.morph.get("Number")
        multinational = not owner and (
            any(c.dep_ == "amod" and c.lemma_.lower() in lex.multinational for c in token.children)
            or (several and not _counted_as_pair(token, lex))
        )
        if owner and owner.get("role") == "IGO":
            role = "IGO"
        # "les agences de renseignement", "les services de sécurité": the complement's role.
        for child in token.children:
            if (
                kind == "group"
                and child.dep_ == "nmod"
                and child.i > token.i
                and not any(c.dep_ == "det" for c in child.children)
                and child.lemma_.lower() in lex.roles
            ):
                role = lex.roles[child.lemma_.lower()][0]
        if person and person.get("country"):
            country, role = person["country"], person["role"] or role
        name = person["name"] if person else span.text
        kind = "title" if kind == "person" else "group"
        mention = _mention(
            span, {"country": country, "role": role, "name": name, "kind": kind}, token
        )
        mention["lemma"] = token.lemma_.lower()
        if multinational:
            mention["multinational"] = True
        mention["definite"] = any(
            c.dep_ == "det" and c.lower_ in lex.words["article"] for c in token.children
        )
        mention["plural"] = "Plur" in token.morph.get("Number")
        if person:
            # The title tells who the person is: give it to the name's own mention too.
            for key in ("country", "role", "code"):
                if not person[key]:
                    person[key] = mention[key]
            mention["name"] = person["name"]
        mentions.append(mention)
    # "Un Australien", "une Russe": a capitalised nationality noun is a national of that country.
    for token in doc:
        if (
            token.pos_ in ("NOUN", "PROPN")
            and token.i not in named
            and token.text[:1].isupper()
            and token.lower_ in lex.adjectives
            and token.lower_ not in lex.regional  # "la Corse" is the island
            and token.i > token.sent.start
        ):
            entry = {"country": lex.adjectives[token.lower_], "role": "CVL", "kind": "demonym"}
            mention = _mention(doc[token.i : token.i + 1], entry)
            mentions.append(mention)
            named[token.i] = mention
    # Bare adjectives of nationality ("les frappes russes") stand for their country.
    in_roles = {i for m in mentions if m["kind"] in ("title", "group") for i in range(*m["tokens"])}
    for token in doc:
        if (
            _is_adjective_of_country(token, lex)
            and token.i not in named
            and token.i not in in_roles
        ):
            entry = {"country": lex.adjectives[token.lower_], "role": "", "kind": "adjective"}
            mentions.append(_mention(doc[token.i : token.i + 1], entry))
    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    _mark_locatives(doc, mentions, lex)
    _resolve_descriptions(mentions, lex)
    mentions += _resolve_pairs(doc, mentions, lex)
    _imply_home(mentions, places)
    _resolve_possessives(doc, mentions, lex)
    mentions += _resolve_pronouns(doc, mentions, lex)
    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    for mention in mentions:
        mention["code"] = mention["country"] + mention["role"]
    return mentions


def _later_surnames(
    doc: Doc, mentions: list[dict], named: dict[int, dict], place_of: dict[int, str], lex: Lexicon
) -> list[dict]:
    """A person the text introduced in full ("Amina Wekesa"), met again by surname alone where
    the parser saw no person ("Selon Wekesa")."""
    surnames = {}
    for m in mentions:
        words = m["name"].split() if m["kind"] == "person" else []
        if len(words) > 1 and len(words[-1]) > 3 and words[-1][:1].isupper():
            surnames.setdefault(words[-1], m)
    found = []
    for token in doc:
        first = surnames.get(token.text)
        if first is None or token.i in named or token.i in place_of or token.i < first["head"]:
            continue
        if not _is_surname(doc[token.i : token.i + 1], token.text, lex):
            continue
        mention = _mention(doc[token.i : token.i + 1], {"name": first["name"], "kind": "person"})
        named[token.i] = mention
        found.append(mention)
    return found


def _mark_locatives(doc: Doc, mentions: list[dict], lex: Lexicon) -> None:
    """ "En France", "à Moscou": a place where things happen, not the government acting
    (GUIDELINES.md); the mention stays, marked `locative`, for a reader to weigh."""
    for m in mentions:
        if m["kind"] in ("name", "capital") and any(
            c.dep_ == "case" and c.lower_ in lex.words["locative"] for c in doc[m["head"]].children
        ):
            m["locative"] = True


def _resolve_names(mentions: list[dict], lex: Lexicon) -> None:
    """A person named by surname only takes the fullest name of the article ("Kim" -> Kim Jong Un)."""
    full = [m for m in mentions if m["kind"] == "person" and len(m["name"].split()) > 1]
    by_word: dict[str, dict] = {}
    no_one = lex.words["particle"] | lex.words["given-name-part"]
    for m in full:
        for word in m["name"].lower().replace("-", " ").split():
            if word not in no_one and len(word) > 2:
                by_word.setdefault(word, m)
    honorifics = lex.words["honorific"]
    for m in mentions:
        if m["kind"] != "person":
            continue
        words = [w for w in m["name"].lower().replace("-", " ").split() if w not in honorifics]
        if len(words) == 1 and words[0] in by_word:
            other = by_word[words[0]]
            m["name"] = other["name"]
            m["country"] = m["country"] or other["country"]
            m["role"] = m["role"] or other["role"]
        else:
            # The fullest spelling: the longest name this one is part of.
            longer = [o for o in full if m["name"] in o["name"] and len(o["name"]) > len(m["name"])]
            if longer:
                m["name"] = max(longer, key=lambda o: len(o["name"]))["name"]


def _may_be_titled(name: str, title: str, titles_of: dict[str, set[str]], lex: Lexicon) -> bool:
    """Whether a person may be meant by a title: not "le gouverneur" for a secretary of state,
    but "le chef de l'État" for the president named before."""
    known = titles_of.get(name)
    return not known or title in known or title in lex.words["leading-title"]


def _resolve_descriptions(mentions: list[dict], lex: Lexicon) -> None:
    """A title with no country ("le porte-parole") is the last one so titled that had one;
    a named person met later without a country takes their earlier mention's."""
    last_by_lemma: dict[str, dict] = {}
    last_by_name: dict[str, dict] = {}
    last_official: dict = {}
    titles_of: dict[str, set[str]] = {}  # a person's name -> the titles the text gives them
    for m in mentions:
        if m.get("lemma") and m["kind"] == "title" and m["country"]:
            titles_of.setdefault(m["name"], set()).add(m["lemma"])
        if m.get("lemma"):
            if m["country"]:
                last_by_lemma[m["lemma"]] = m
            elif m.get("definite") and m["lemma"] in last_by_lemma:
                other = last_by_lemma[m["lemma"]]
                m.update(country=other["country"], role=other["role"], name=other["name"])
            elif (
                m.get("definite")
                and m["kind"] == "title"
                and not m.get("plural")
                and m["role"] == "GOV"
                and last_official
                and _may_be_titled(last_official["name"], m["lemma"], titles_of, lex)
            ):
                # "le chef de l'Etat" after "Emmanuel Macron": the official last named.
                m.update(country=last_official["country"], name=last_official["name"])
        if m["kind"] == "person":
            if m["country"]:
                last_by_name[m["name"]] = m
                last_official = m if m["role"] == "GOV" else last_official
            elif m["name"] in last_by_name:
                m.update(
                    country=last_by_name[m["name"]]["country"], role=last_by_name[m["name"]]["role"]
                )
    # Persons still without a country: a title elsewhere in the article may name them.
    titled = {m["name"]: m for m in mentions if m.get("lemma") and m["country"]}
    for m in mentions:
        if m["kind"] == "person" and not m["country"] and m["name"] in titled:
            m.update(country=titled[m["name"]]["country"], role=titled[m["name"]]["role"])


def _place_countries(doc: Doc, places: Sequence[dict]) -> dict[int, str]:
    """Token index -> country, for the tokens of place mentions."""
    place_of = {}
    for place in places:
        span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
        if span is not None and place.get("country"):
            for token in span:
                place_of[token.i] = place["country"]
    return place_of


_HOME_LEAD = 3


def _imply_home(mentions: list[dict], places: Sequence[dict]) -> None:
    """People, role-only actors and bodies of no country the text gives no country ("les
    autorités", "la police", "X a déclaré", "Amnesty") belong, in most articles, to the country
    the article is about (GUIDELINES.md: groups with no state, where they act): they take it,
    marked `implied` so that a reader can weigh them."""
    counts = _country_counts(mentions, places).most_common(2)
    # A home must lead the next country by three mentions: in the training articles, implied
    # countries were right 0.68 of the time with a lead of one or two, 0.80 with three to
    # five, 0.96 beyond ("la Grèce et la Turquie ont signé" names no home).
    lead = counts[0][1] - (counts[1][1] if len(counts) > 1 else 0) if counts else 0
    if lead < _HOME_LEAD:
        return
    home = counts[0][0]
    for m in mentions:
        if m["country"] or m.get("multinational") or m.get("members"):
            continue
        if m["kind"] not in ("person", "title", "group", "organisation"):
            continue
        if m["kind"] != "person" and not m["role"]:
            continue
        m.update(country=home, implied=True)


def _members(mention: dict) -> list[dict]:
    return [{k: v for k, v in mention.items() if k != "members"}]


def _coordinations(doc: Doc, mentions: list[dict]) -> list[dict]:
    """Actors named together ("Poutine et Kim", "la Turquie et l'UE"): a plural group whose
    members are the coordinated actors, in the order the text names them."""
    by_head = {m["head"]: m for m in mentions if m["country"] and m["kind"] != "adjective"}
    groups = []
    for head, mention in by_head.items():
        conjuncts = [
            by_head[c.i] for c in doc[head].children if c.dep_ == "conj" and c.i in by_head
        ]
        if not conjuncts:
            continue
        members = [mention, *conjuncts]
        if len({m["country"] for m in members}) < 2:
            continue
        last = max(members, key=lambda m: m["end"])
        group = _mention(
            doc[mention["tokens"][0] : last["tokens"][1]], {"kind": "group"}, doc[head]
        )
        group["members"] = [x for m in members for x in _members(m)]
        groups.append(group)
    return groups


def _resolve_pairs(doc: Doc, mentions: list[dict], lex: Lexicon) -> list[dict]:
    """ "Les deux pays", "les deux dirigeants": the actors of a coordination in the sentences
    just before, else the two countries the article has named most so far, in order of
    first mention."""
    resolved = []
    groups = _coordinations(doc, mentions)
    sentence_starts = [sent.start_char for sent in doc.sents]
    for m in mentions:
        if not (m.get("lemma") and not m["country"] and _counted_as_pair(doc[m["head"]], lex)):
            continue
        index = _sentence_index(sentence_starts, m["start"])
        limit = sentence_starts[max(0, index - _ANTECEDENT_SENTENCES)]
        earlier = [g for g in groups if limit <= g["start"] and g["end"] <= m["start"]]
        if earlier:
            m["members"] = earlier[-1]["members"]
            continue
        named = [
            o
            for o in mentions
            if o["end"] <= m["start"] and o["country"] and o["kind"] not in ("adjective", "pronoun")
        ]
        counts = Counter(o["country"] for o in named)
        top = [c for c, n in counts.most_common(2) if n > 1]
        if len(top) == 2:
            firsts = [next(o for o in named if o["country"] == c) for c in top]
            firsts.sort(key=lambda o: o["start"])
            m["members"] = [x for o in firsts for x in _members(o)]
    return resolved + groups


def _resolve_pronouns(doc: Doc, mentions: list[dict], lex: Lexicon) -> list[dict]:
    """Subject pronouns (il, elle, ils, elles) take the last actor of the two sentences before
    that was a subject, or, for il and elle, a person or title named anywhere in a clause
    ("a jugé Mahmoud Abbas", where the parser misses the subject of the quotation's verb)."""
    singular, plural, groups = [], [], []
    for m in mentions:
        if not m["country"] or m["kind"] == "adjective":
            continue
        head = doc[m["head"]]
        subject = head.dep_.startswith("nsubj")
        if head.morph.get("Number") != ["Plur"] and (subject or m["kind"] in _SINGULAR_PEOPLE):
            singular.append(m)
        if subject:
            plural.append(m)
        if m.get("members"):
            groups.append(m)
    by_number = {"sg": _by_start(singular), "pl": _by_start(plural)}
    groups_by_start = _by_start(groups)
    resolved = []
    sentence_starts = [s.start for s in doc.sents]
    for token in doc:
        word = token.lower_.lstrip("-")
        number = (
            "sg" if word in lex.words["pronoun-singular"]
            else "pl" if word in lex.words["pronoun-plural"]
            else None
        )  # fmt: skip
        # "a-t-il ajouté": the parser calls the inverted subject an expletive.
        inverted = token.text.startswith("-") and token.dep_ == "expl:subj"
        if number is None or not (token.dep_.startswith("nsubj") or inverted):
            continue
        sent_index = _sentence_index(sentence_starts, token.i)
        limit = sentence_starts[max(0, sent_index - _ANTECEDENT_SENTENCES)]
        antecedent = None
        if number == "pl":
            antecedent = _last_before(doc, groups_by_start, limit, token.i)
        if antecedent is None:
            # Not an actor of the pronoun's own verb ("il a reçu Poutine").
            antecedent = _last_before(doc, by_number[number], limit, token.i, token.head)
        if antecedent is None:
            continue
        mention = _mention(doc[token.i : token.i + 1], antecedent)
        mention.update(kind="pronoun", antecedent=antecedent["start"])
        if antecedent.get("implied"):
            mention["implied"] = True
        if antecedent.get("members"):
            mention["members"] = antecedent["members"]
        resolved.append(mention)
    return resolved


_SINGULAR_PEOPLE = {"person", "title"}


def _resolve_possessives(doc: Doc, mentions: list[dict], lex: Lexicon) -> None:
    """ "L'Ukraine a affirmé que ses forces …", "Moscou a rappelé son ambassadeur": a role noun
    with a possessive and no country of its own is of the subject actor before it, in its
    sentence or the one before (not "son homologue", who is another's)."""
    subjects = _by_start(
        [
            m
            for m in mentions
            if m["country"] and m["kind"] != "adjective" and doc[m["head"]].dep_.startswith("nsubj")
        ]
    )
    sentence_starts = [s.start for s in doc.sents]
    for m in mentions:
        if m["kind"] not in ("title", "group") or (m["country"] and not m.get("implied")):
            continue
        token = doc[m["head"]]
        if m.get("lemma") in lex.others or not any(
            c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in token.children
        ):
            continue
        index = _sentence_index(sentence_starts, token.i)
        limit = sentence_starts[max(0, index - 1)]
        owner = _last_before(doc, subjects, limit, m["tokens"][0])
        if owner is None:
            continue
        m.update(country=owner["country"], antecedent=owner["start"])
        if owner.get("implied"):
            m["implied"] = True
        else:
            m.pop("implied", None)


def _by_start(mentions: list[dict]) -> tuple[list[int], list[dict]]:
    ordered = sorted(mentions, key=lambda m: m["tokens"][0])
    return [m["tokens"][0] for m in ordered], ordered


def _last_before(
    doc: Doc, indexed: tuple[list[int], list[dict]], limit: int, i: int, verb: Token | None = None
) -> dict | None:
    """The last mention starting in [limit, i) that is no argument of `verb`."""
    starts, ordered = indexed
    for k in range(bisect_left(starts, i) - 1, bisect_left(starts, limit) - 1, -1):
        if verb is None or doc[ordered[k]["head"]].head != verb:
            return ordered[k]
    return None


def _sentence_index(starts: list[int], i: int) -> int:
    return bisect_right(starts, i) - 1


def actor_at(doc: Doc, start: int, end: int) -> dict | None:
    """The actor mention at a character span: the smallest one covering it, else the largest
    one inside it, else None. Names and titles win over bare adjectives."""
    mentions = doc._.actors
    covering = [m for m in mentions if m["start"] <= start and end <= m["end"]]
    if covering:
        return min(covering, key=lambda m: (m["kind"] == "adjective", m["end"] - m["start"]))
    inside = [m for m in mentions if start <= m["start"] and m["end"] <= end]
    if inside:
        return max(
            inside,
            key=lambda m: (m["kind"] != "adjective", bool(m["country"]), m["end"] - m["start"]),
        )
    return None


def home_country(mentions: list[dict], places: Sequence[dict] = ()) -> str:
    """The country an article is mostly about: the most mentioned one as actor or place, or ""."""
    counts = _country_counts(mentions, places)
    return counts.most_common(1)[0][0] if counts else ""


def _country_counts(mentions: list[dict], places: Sequence[dict]) -> Counter:
    counts = Counter(
        m["country"]
        for m in mentions
        if m["country"] and m["kind"] != "pronoun" and not m.get("implied")
    )
    counts.update(p["country"] for p in places if p.get("country"))
    return counts


@Language.factory(
    "veille_actors",
    assigns=["doc._.actors"],
    requires=["token.dep", "doc._.places"],
    default_config={"lang": "fr"},
)
def make_actors_component(nlp: Language, name: str, lang: str):
    lexicon(lang)
    _phrase_matcher(lang, id(nlp.vocab), nlp.vocab)

    def component(doc: Doc) -> Doc:
        doc._.actors = extract_actors(doc, lang, doc._.places)
        return doc

    return component
