"""Extract places: mentions of countries, regions and towns, geocoded offline, on doc._.places."""

from __future__ import annotations

import math
from collections import Counter
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.clean.boilerplate import VIDEO
from veille.extract import gazetteer
from veille.lang import read_table
from veille.nlp import text_of

_LONGEST = 6  # tokens in a place name ("Saint-Martin-de-Belleville" is one token)
_INNER = {"de", "du", "des", "la", "le", "les", "l'", "l’", "d'", "d’", "et", "sur", "en", "-"}
_OF = {"de", "du", "des", "d'", "d’"}
_ARTICLES = {"la", "le", "les", "l'", "l’"}
_LOCATIVE = {
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "près",
    "vers",
    "depuis",
    "sur",
    "de",
    "du",
    "d'",
    "d’",
}
_ACTOR_DEPS = {"nsubj", "nsubj:pass", "obl:agent"}
_BIG = 100_000  # inhabitants: a town this big is taken even without the parser's LOC label
_SMALL = 15_000


@cache
def _tables(lang: str) -> dict:
    directions, features, fronts, prefixes = {}, set(), set(), {}
    acts, heads, locatives, datives = set(), set(), set(), set()
    for row in read_table(lang, "place_features.tsv"):
        word, role = row[0], row[1]
        value = row[2] if len(row) > 2 else ""
        if role == "direction":
            lat, lon = (float(v) for v in value.split(","))
            directions[word] = (lat, lon)
        elif role == "feature":
            features.add(word)
        elif role == "front":
            fronts.add(word)
        elif role == "prefix":
            prefixes[word] = value
        elif role == "act":
            acts.add(word)
        elif role == "head":
            heads.add(word)
        elif role == "locative":
            locatives.add(word)
        elif role == "dative":
            datives.add(word)
    adjectives, capitals = {}, set()
    for row in read_table(lang, "countries.tsv"):
        if len(row) >= 3 and row[2] == "adjective":
            adjectives[row[0].lower()] = row[1]
        elif len(row) >= 3 and row[2] in ("capital", "metonym"):
            capitals.add(gazetteer.name_key(row[0].removeprefix("la ").removeprefix("le ")))
    # Names that open with a lower-case word ("mer Noire", "bande de Gaza").
    lower_starts = {
        row[0].split()[0] for row in read_table(lang, "place_names.tsv") if row[0][:1].islower()
    }
    gazetteer.warm(lang)
    return {
        "directions": directions,
        "features": features,
        "fronts": fronts,
        "prefixes": prefixes,
        "acts": acts,
        "heads": heads,
        "locatives": locatives,
        "datives": datives,
        "capitals": capitals,
        "adjectives": adjectives,
        "lower_starts": lower_starts,
        # Lower-case words that may open a place mention; any capitalised word may too.
        "openers": features | directions.keys() | fronts | lower_starts,
    }


def _name_at(doc: Doc, i: int, tables: dict, lang: str) -> tuple[int, tuple[int, ...]]:
    """The longest gazetteer name starting at token i: (end token, entry numbers) or (i, ())."""
    first = doc[i]
    if not (first.text[:1].isupper() or first.lower_ in tables["lower_starts"]):
        return i, ()
    text = text_of(doc)
    best = (i, ())
    for end in range(i + 1, min(len(doc), i + _LONGEST) + 1):
        last = doc[end - 1]
        if end > i + 1 and "\n" in doc[end - 2].text_with_ws:
            break
        if last.lower_ in _INNER or last.is_punct:
            continue
        if end > i + 1 and not last.text[:1].isupper() and doc[end - 2].lower_ not in _INNER:
            # "mer Noire", "Corée du Nord", "bande de Gaza": a later word is a name, or follows
            # a joining word.
            break
        if end == i + 1 and first.is_stop:
            continue  # "Une", "Selon" opening a sentence
        key = gazetteer.name_key(text[first.idx : last.idx + len(last)])
        numbers = gazetteer.candidates(key, lang)
        if numbers:
            best = (end, numbers)
    return best


def _is_place_use(span: Span, place: dict, tables: dict, place_tokens: set[int]) -> bool:
    """Whether a name is used as a place. A country or capital is a place only after a
    locative word ("en France", "à Paris", "près de la frontière avec la Roumanie") or as the
    dateline of a headline ("Afghanistan: …"); elsewhere it stands for its government, an
    actor ("Moscou a refusé", "les sanctions contre l'Iran"). Other towns and regions are
    places unless they are the subject or agent of a verb."""
    doc = span.doc
    if (
        span.end < len(doc)
        and doc[span.end].text in (":", "(")
        and (span.start == 0 or "\n" in doc[span.start - 1].text_with_ws)
    ):
        return True
    token = span.root
    while token.dep_ == "conj" and token.head is not token and token.head.i < token.i:
        token = token.head
    marks = {c.lower_ for c in token.children if c.dep_ in ("case", "fixed", "mark")}
    marks |= {
        g.lower_
        for c in token.children
        if c.dep_ == "case"
        for g in c.children
        if g.dep_ == "fixed"
    }
    head = token.head
    head_word = head.lemma_.lower() if head.pos_ in ("VERB", "AUX") else head.lower_
    of = bool(marks & _OF)
    if token.dep_ in _ACTOR_DEPS or "selon" in marks:
        return False
    if token.dep_ == "nmod" and head.lower_ in tables["acts"]:
        return False
    if marks & {"à", "au", "aux"} and head.pos_ == "VERB" and head.lemma_ in tables["datives"]:
        return False
    key = gazetteer.name_key(span.text)
    if place["kind"] == "country" or key in tables["capitals"]:
        if marks & tables["locatives"] or (of and head_word in tables["heads"]):
            return True
        # "venus d'Albanie, de Roumanie": "de" with no article marks an origin; a list
        # goes on as it began ("…, du Soudan ou des Etats-Unis").
        if of and span.start > 0 and doc[span.start - 1].lower_ in _OF:
            return True
        if of and head.i in place_tokens:
            return True
        if place["kind"] != "country" and ("à" in marks or (of and head.pos_ in ("NOUN", "PROPN"))):
            return True  # "à Paris", "l'accord de Doha"
        return "avec" in marks and head.lower_ in ("frontière", "frontières")
    return True


def _entity_label(doc: Doc, start: int, end: int) -> str:
    for ent in doc[start:end].ents:
        return ent.label_
    ent_iob = doc[start].ent_iob_
    return doc[start].ent_type_ if ent_iob in ("B", "I") else ""


def _inside_other_entity(doc: Doc, start: int, end: int) -> bool:
    """Part of a longer person or organisation name ("Paris Hilton", "Banque de France")."""
    token = doc[start]
    if token.ent_type_ not in ("PER", "ORG"):
        return False
    ent_start = start
    while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
        ent_start -= 1
    ent_end = end
    while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
        ent_end += 1
    return (ent_start, ent_end) != (start, end)


def _km(a: dict, b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


_NEAR = 500  # km: a namesake this close to another place of the article is the one meant


def _choose(
    numbers: tuple[int, ...], anchors: list[tuple[float, float]], lang: str, pinned: bool
) -> dict:
    """The reading of an ambiguous name: the first (exonyms, countries, bigger places first)
    unless a namesake of some size lies near the article's other places and the first does
    not ("Paris" in an article about Texas)."""
    first = gazetteer.entry(numbers[0], lang)
    if pinned or first["kind"] == "country" or len(numbers) == 1 or first["lat"] is None:
        return first
    if not anchors or any(_km(first, a) <= _NEAR for a in anchors):
        return first
    for number in numbers[1:40]:
        other = gazetteer.entry(number, lang)
        if other["lat"] is None or other["population"] * 100 < first["population"]:
            continue
        if any(_km(other, a) <= _NEAR for a in anchors):
            return other
    return first


def _record(span_start: int, span_end: int, place: dict, feature: str = "") -> dict:
    return {
        "start": span_start,
        "end": span_end,
        "name": place["name"],
        "country": place["country"],
        "admin1": place.get("admin1", ""),
        "lat": place["lat"],
        "lon": place["lon"],
        "kind": place["kind"],
        "geonames_id": place.get("geonames_id"),
        "feature": feature,
    }


def _moved(place: dict, shift: tuple[float, float], name: str) -> dict:
    lat, lon = place["lat"], place["lon"]
    if lat is not None and place["kind"] == "country":
        lat, lon = lat + shift[0], lon + shift[1]
    return {**place, "lat": lat, "lon": lon, "kind": "region", "name": name, "geonames_id": None}


def _prefix_country(word: str, tables: dict) -> str:
    """ISO3 of an adjective of country: "russe", "turque", "syro-turque" (its first part)."""
    word = word.lower()
    if word in tables["adjectives"]:
        return tables["adjectives"][word]
    head = word.replace("‑", "-").split("-")[0]
    return tables["prefixes"].get(head, "")


def extract_places(doc: Doc, lang: str = "fr") -> list[dict]:
    """Place mentions with their gazetteer reading; capitals and countries acting as
    governments are left to the actors."""
    tables = _tables(lang)
    found = []  # (start token, end token, numbers | place dict, feature)
    # Most words can open no place: one pass over the words finds those that can.
    openers = tables["openers"]
    can_open = [t.text[:1].isupper() or t.lower_ in openers for t in doc]
    # A video title glued into the text is not about the article's places (captions are).
    for start, end, kind in doc._.boilerplate:
        if kind == VIDEO:
            span = doc.char_span(start, end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                can_open[i] = False
    i = 0
    while i < len(doc):
        if not can_open[i]:
            i += 1
            continue
        token = doc[i]
        lower = token.lower_
        # "le nord de la Syrie", "la côte est de la Russie", "la frontière syro-turque"
        compound = _compound_at(doc, i, tables, lang)
        if compound is not None:
            found.append(compound)
            i = compound[1]
            continue
        end, numbers = _name_at(doc, i, tables, lang)
        if numbers:
            found.append((i, end, numbers, ""))
            i = end
            continue
        if (
            lower in tables["fronts"]
            and i + 1 < len(doc)
            and doc[i + 1].lower_ in tables["directions"]
        ):
            found.append((i, i + 2, None, "front"))
            i += 2
            continue
        i += 1

    # The article's countries settle ambiguous names: first the unambiguous readings.
    countries: Counter = Counter()
    for _start, _end, numbers, _feature in found:
        if isinstance(numbers, dict):
            countries[numbers["country"]] += 1
        elif numbers:
            # Only names with one reading count: "Paris" must not vote for France.
            first = gazetteer.entry(numbers[0], lang)
            if first["kind"] == "country" or len(numbers) == 1:
                countries[first["country"]] += 1
    countries.pop("", None)
    # Places with one reading (regions, towns) anchor the ambiguous ones.
    anchors = []
    for _start, _end, numbers, _feature in found:
        place = numbers if isinstance(numbers, dict) else None
        if numbers and not isinstance(numbers, dict) and len(numbers) == 1:
            place = gazetteer.entry(numbers[0], lang)
        if place and place["kind"] != "country" and place["lat"] is not None and place["country"]:
            anchors.append((place["lat"], place["lon"]))

    records = []
    place_tokens: set[int] = set()
    for start, end, numbers, feature in found:
        span = doc[start:end]
        if feature == "front":
            # The front of the war the article is about: the country of the last place named.
            country = records[-1]["country"] if records else ""
            if not country and countries:
                country = countries.most_common(1)[0][0]
            place = gazetteer.country(country, lang) if country else None
            if place is None:
                continue
            shift = tables["directions"][doc[end - 1].lower_]
            records.append(
                _record(span.start_char, span.end_char, _moved(place, shift, span.text), "front")
            )
            continue
        if isinstance(numbers, dict):
            records.append(_record(span.start_char, span.end_char, numbers, feature))
            continue
        if _inside_other_entity(doc, start, end) or span.text.lower() in tables["directions"]:
            continue
        key = gazetteer.name_key(span.text)
        place = _choose(numbers, anchors, lang, gazetteer.pinned(key, lang))
        if not _is_place_use(span, place, tables, place_tokens):
            continue
        label = _entity_label(doc, start, end)
        listed = place["geonames_id"] is None and place["population"] == 0  # from place_names.tsv
        if label in ("PER", "ORG", "MISC") and place["kind"] != "country" and not listed:
            continue
        if start > 0 and doc[start - 1].text.endswith("-") and doc[start - 1].is_lower:
            continue  # "al-Baghdadi", "el-Sissi": a person's name
        previous = doc[start - 1].lower_ if start > 0 else ""
        if previous in _ARTICLES and start > 1:
            previous = doc[start - 2].lower_
        strong = place["kind"] == "country" or (
            place["kind"] == "region" and place["population"] == 0 and label == "LOC"
        )
        if not strong and label != "LOC":
            if place["population"] < _BIG and not (
                previous in _LOCATIVE and place["population"] >= _SMALL
            ):
                continue
            if span[0].is_sent_start and place["population"] < _BIG:
                continue
        place_tokens.add(span.root.i)
        records.append(_record(span.start_char, span.end_char, place))
    return records


def _compound_at(doc: Doc, i: int, tables: dict, lang: str):
    """A direction or feature word with its place: (start, end, place dict, feature) or None."""
    token = doc[i]
    lower = token.lower_
    directions = tables["directions"]
    j = i
    feature = ""
    if lower in tables["features"]:
        feature = lower
        j = i + 1
        # "côte pacifique russe", "frontière turque", "frontière syro-turque"
        k = j
        first = ""  # "syro-turque": the first country named
        while k < len(doc) and k < i + 4 and doc[k].pos_ == "ADJ":
            iso3 = first or _prefix_country(doc[k].text, tables)
            if k + 2 < len(doc) and doc[k + 1].text == "-":
                first = first or _prefix_country(doc[k].text, tables)
                k += 2
                continue
            if iso3:
                place = gazetteer.country(iso3, lang)
                if place is None:
                    return None
                span = doc[i : k + 1]
                return (i, k + 1, _moved(place, (0, 0), span.text), feature)
            k += 1
        if j < len(doc) and doc[j].lower_ in directions:
            j += 1  # "la côte est de"
    elif lower in directions and lower not in (
        "oriental",
        "orientale",
        "occidental",
        "occidentale",
    ):
        j = i
    else:
        return None
    direction = doc[j - 1].lower_ if j > i else lower
    if j == i:
        j = i + 1
    # "nord-est" may come as three tokens
    if (
        lower in directions
        and j + 1 < len(doc)
        and doc[j].text == "-"
        and doc[j + 1].lower_ in directions
    ):
        direction = f"{lower}-{doc[j + 1].lower_}"
        j += 2
    if j >= len(doc) or doc[j].lower_ not in _OF:
        return None
    j += 1
    if j < len(doc) and doc[j].lower_ in _ARTICLES:
        j += 1
    if j >= len(doc):
        return None
    end, numbers = _name_at(doc, j, tables, lang)
    if not numbers:
        return None
    place = gazetteer.entry(numbers[0], lang)
    if feature in ("région", "province", "oblast"):
        # "la région de Zaporijia": the name alone is the mention, read as the region.
        return (j, end, {**place, "kind": "region"}, "")
    span = doc[i:end]
    shift = directions.get(direction, (0.0, 0.0))
    return (i, end, _moved(place, shift, span.text), feature or "direction")


@Language.factory("veille_places", assigns=["doc._.places"], default_config={"lang": "fr"})
def make_places_component(nlp: Language, name: str, lang: str):
    _tables(lang)  # load the gazetteer with the pipeline, not on the first article

    def component(doc: Doc) -> Doc:
        doc._.places = extract_places(doc, lang)
        return doc

    return component


__all__ = ["extract_places", "Token"]
