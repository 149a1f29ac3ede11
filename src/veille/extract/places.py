"""Extract places: mentions of countries, regions, towns and landmarks, geocoded offline, on
doc._.places. Candidates come from the gazetteer and from the nouns that build place names
("le nord de la Syrie", "la place de la République", "le territoire libyen"); a model learned
from annotated articles (place_use.py) tells a place from an actor ("Moscou a refusé")."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from veille.clean.boilerplate import VIDEO
from veille.extract import gazetteer, place_use
from veille.lang import read_table
from veille.text import text_of

_LONGEST = 9  # tokens in a place name ("Provence-Alpes-Côte d'Azur" is eight)
_INNER = {"de", "du", "des", "la", "le", "les", "l'", "l’", "d'", "d’", "et", "sur", "en", "-"}
_FIRST_WORD = re.compile(r"[^\s'’-]+")  # as the tokenizer splits "ex-URSS", "mer d'Azov"
_ORDINAL = re.compile(r"^(\d+|[IVXL]+)(e|è|ème|eme|er|re)$|^(premier|[a-z]+ième)$", re.IGNORECASE)
_OF = {"de", "du", "des", "d'", "d’"}
_GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]|[A-ZÀ-Ý]{2}[a-zà-ÿ]")
_TRAILING = ".-–—"  # punctuation the tokenizer leaves on a name's last word
_JOINING = {"et", "en"}
_ARTICLES = {"la", "le", "les", "l'", "l’"}
# The article a contracted preposition holds: "au Mans", "du Pirée" name Le Mans, Le Pirée.
_MASCULINE = {"le", "au", "du", "un", "ce", "premier", "second", "dernier", "prochain"}
_CONTRACTED = {"au": "le", "du": "le", "aux": "les", "des": "les"}
# What place_candidates adds to a record for the model, gone from the records it keeps.
_WORKING_KEYS = (
    "token_start",
    "token_end",
    "population",
    "readings",
    "use_features",
    "use_vector",
    "is_place",
)
_SPAN_KEYS = ("start", "end", "feature")
# The reading of a landmark until the article's other places locate it.
_UNPLACED = {"name": None, "country": "", "lat": None, "lon": None, "kind": "region"}
_NEAR = 500  # km: a namesake this close to another place of the article is the one meant
_BIG_TOWN = 1_000_000  # inhabitants
# characters: a town named further from a landmark says nothing of where it lies
_LANDMARK_TOWN = 200
_SEATED = {"FRA"}  # whose regions the gazetteer places at their seats (gazetteer_seats.tsv)
_KNOWN_TOWN = 100_000  # inhabitants: a town this big is known by its foreign names too
_SHARED = 500  # km from the main country's centre: a region shared by countries is its part


def _point(value: str) -> tuple[float, float]:
    lat, lon = (float(v) for v in value.split(","))
    return lat, lon


@cache
def _tables(lang: str) -> dict:
    rows = [
        (r[0], r[1], r[2] if len(r) > 2 else "") for r in read_table(lang, "place_features.tsv")
    ]

    def words(*roles: str) -> set[str]:
        return {word for word, role, _ in rows if role in roles}

    def values(role: str) -> dict[str, str]:
        return {word: value for word, r, value in rows if r == role}

    directions = {word: _point(value) for word, role, value in rows if role == "direction"}
    features, divisions, fronts = words("feature", "division"), words("division"), words("front")
    prefixes, town_adjectives, befores = values("prefix"), values("town"), values("before")
    sites = {word: role for word, role, _ in rows if role in ("street", "site")}
    institutions = {word for word, role, value in rows if role == "site" and value == "town"}
    seas = {word for word, role, value in rows if role == "site" and value == "sea"}
    heres, districts, parts = words("here"), words("district"), words("part")
    islands, feminines = words("island"), words("feminine")
    media = {gazetteer.name_key(word) for word in words("media")}
    home = {value for _, role, value in rows if role == "home"}
    # Capitals and seats of government ("l'Élysée") stand for governments more often than
    # other places: the model knows them apart.
    adjectives, capitals, seats = {}, {}, {}
    for row in read_table(lang, "countries.tsv"):
        if len(row) >= 3 and row[2] == "adjective":
            adjectives[row[0].lower()] = row[1]
        elif len(row) >= 3 and row[2] in ("capital", "metonym"):
            if row[2] == "capital":
                capitals.setdefault(row[1], row[0])
            key = gazetteer.name_key(row[0])
            for article in ("la ", "le ", "l "):
                key = key.removeprefix(article)
            seats[key] = row[2]
    # Names that open with a lower-case word ("mer Noire", "bande de Gaza").
    lower_starts, lower_prefixes = set(), set()
    for row in read_table(lang, "place_names.tsv"):
        if row[0][:1].islower():
            # "ex-URSS" is one token, "mer d'Azov" three
            lower_starts |= {row[0].split()[0].lower(), _FIRST_WORD.match(row[0]).group()}
            words = gazetteer.name_key(row[0]).split()
            lower_prefixes |= {" ".join(words[:n]) for n in range(2, len(words) + 1)}
    # Names of organisations, by each of their words: a place within one is none ("Europe 1",
    # "La France insoumise", "La République en marche", "Debout la France").
    organisations: dict[str, list[str]] = {}
    forms = [gazetteer.name_key(row[0]) for row in read_table(lang, "organisations.tsv")]
    for key in forms + sorted(media):
        for article in ("la ", "le ", "les ", "l "):
            key = key.removeprefix(article)
        for word in set(key.split(" ")):
            organisations.setdefault(word, []).append(key)
    gazetteer.warm(lang)
    place_use.model(lang)
    return {
        "directions": directions,
        "features": features,
        "divisions": divisions,
        "fronts": fronts,
        "prefixes": prefixes,
        "sites": sites,
        "institutions": institutions,
        "seas": seas,
        "heres": heres,
        "town_adjectives": town_adjectives,
        "districts": districts,
        "parts": parts,
        "adjectives": adjectives,
        "capitals": capitals,
        "seats": seats,
        "articles": _ARTICLES,
        "lower_starts": lower_starts,
        "lower_prefixes": lower_prefixes,
        "organisations": organisations,
        "media": media,
        "home": home,
        "islands": islands,
        "feminines": feminines,
        "befores": befores,
        # Lower-case words that may open a place mention; any capitalised word may too.
        "openers": features | directions.keys() | fronts | lower_starts | sites.keys() | districts,
    }


def _name_at(doc: Doc, i: int, tables: dict, lang: str) -> tuple[int, tuple[int, ...]]:
    """The longest gazetteer name starting at token i: (end token, entry numbers) or (i, ())."""
    first = doc[i]
    if not (first.text[:1].isupper() or first.lower_ in tables["lower_starts"]):
        return i, ()
    text = text_of(doc)
    best = (i, ())
    article = _CONTRACTED.get(doc[i - 1].lower_, "") if i > 0 else ""
    for end in range(i + 1, min(len(doc), i + _LONGEST) + 1):
        last = doc[end - 1]
        if end > i + 1 and "\n" in doc[end - 2].text_with_ws:
            break
        if last.lower_ in _INNER or last.is_punct:
            continue
        key = gazetteer.name_key(text[first.idx : last.idx + len(last)])
        if (
            end > i + 1
            and not last.text[:1].isupper()
            and doc[end - 2].lower_ not in _INNER
            and last.pos_ != "ADJ"
            and key not in tables["lower_prefixes"]
        ):
            # "mer Noire", "Corée du Nord", "Arabie saoudite": a later word is a name, an
            # adjective, or follows a joining word; or the words are a listed name's ("trois
            # frontières").
            break
        if end == i + 1 and first.is_stop:
            continue  # "Une", "Selon" opening a sentence
        numbers = gazetteer.candidates(key, lang)
        if not numbers and article:
            numbers = gazetteer.candidates(f"{article} {key}", lang)
        if numbers:
            best = (end, numbers)
    return best


def _country_of_adjective(word: str, tables: dict) -> str:
    """ISO3 of an adjective of country: "russe", "turque", "syro-turque" (its first part)."""
    word = word.lower()
    if word in tables["adjectives"]:
        return tables["adjectives"][word]
    head = word.replace("‑", "-").split("-")[0]
    return tables["prefixes"].get(head, "")


def _moved(place: dict, shift: tuple[float, float], name: str) -> dict:
    lat, lon = place["lat"], place["lon"]
    if lat is not None and place["kind"] == "country":
        lat, lon = lat + shift[0], lon + shift[1]
    return {**place, "lat": lat, "lon": lon, "kind": "region", "name": name, "geonames_id": None}


def _adjective_place(doc: Doc, i: int, k: int, tables: dict, lang: str):
    """The place an adjective at token k names after the noun at token i: "frontière
    syro-turque", "nord syrien", "capitale britannique", "région parisienne"; or None."""
    word = doc[k].lower_
    if word in tables["town_adjectives"]:
        found = gazetteer.lookup(tables["town_adjectives"][word], lang)
        return found[0] if found else None
    if k + 2 < len(doc) and doc[k + 1].text == "-":
        iso3 = tables["prefixes"].get(word, "")  # "syro-turque": the first country named
    else:
        iso3 = _country_of_adjective(doc[k].text, tables)
    if not iso3:
        return None
    if doc[i].lower_ == "capitale" and iso3 in tables["capitals"]:
        found = gazetteer.lookup(tables["capitals"][iso3], lang)
        if found and found[0]["country"] == iso3:
            return found[0]
    return gazetteer.country(iso3, lang)


def _compound_at(doc: Doc, i: int, tables: dict, lang: str):
    """A direction or feature word with its place: (start, end, place dict, feature) or None.
    "le nord de la Syrie", "la côte est de la Russie", "la frontière syro-turque", "le nord
    syrien", "la région de Zaporijia"."""
    lower = doc[i].lower_
    directions = tables["directions"]
    is_feature = lower in tables["features"]
    if not is_feature and (lower not in directions or lower.startswith(("orient", "occident"))):
        return None
    feature = lower if is_feature else "direction"
    direction = "" if is_feature else lower
    j = i + 1
    # "nord-est", "centre-ville" may come as three tokens
    if (
        not is_feature
        and j + 1 < len(doc)
        and doc[j].text == "-"
        and f"{lower}-{doc[j + 1].lower_}" in directions
    ):
        direction = f"{lower}-{doc[j + 1].lower_}"
        j += 2
    # "côte pacifique russe", "frontière syro-turque", "nord-est syrien"
    for k in range(j, min(len(doc), j + 3)):
        if doc[k].pos_ != "ADJ":
            break
        place = _adjective_place(doc, i, k, tables, lang)
        if place is not None:
            end = k + 3 if k + 2 < len(doc) and doc[k + 1].text == "-" else k + 1
            if place["kind"] == "city" and lower == "capitale":
                return (i, end, place, feature)  # "la capitale britannique" is London
            shift = directions.get(direction, (0.0, 0.0))
            return (i, end, _moved(place, shift, doc[i:end].text), feature)
    if is_feature and j < len(doc) and doc[j].lower_ in directions:
        direction = doc[j].lower_
        j += 1  # "la côte est de"
    if j >= len(doc) or not (
        doc[j].lower_ in _OF or (doc[j].lower_ == "avec" and lower.startswith("frontière"))
    ):
        return None  # "la frontière avec le Mexique" is Mexico's
    j += 1
    if j < len(doc) and doc[j].lower_ in _ARTICLES:
        j += 1
    if j >= len(doc):
        return None
    if doc[j].lower_ in tables["heres"]:
        return (i, j + 1, None, f"here:{direction}")  # "l'est du pays": placed later
    end, numbers = _name_at(doc, j, tables, lang)
    if not numbers:
        return None
    place = gazetteer.entry(numbers[0], lang)
    if feature in tables["divisions"]:
        # "la région de Zaporijia": the region named as its town.
        return (i, end, {**place, "kind": "region"}, feature)
    shift = directions.get(direction, (0.0, 0.0))
    return (i, end, _moved(place, shift, doc[i:end].text), feature)


def _site_at(doc: Doc, i: int, tables: dict, lang: str):
    """A landmark: a site noun with its name ("la place de la République", "la tour Eiffel",
    "l'aéroport international de Tripoli"): (start, end, entry numbers of a town it names,
    "street" or "site") or None. Where it lies is settled later, from the article's places."""
    role = tables["sites"].get(doc[i].lower_)
    if role is None:
        return None
    if doc[i].lower_ in tables["feminines"] and i > 0 and doc[i - 1].lower_ in _MASCULINE:
        return None  # "c'est au tour de Paris", "le Tour de France": a turn, a round
    j = i + 1
    while j < len(doc) and j < i + 3 and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j += 1  # "aéroport international", "hôpital militaire"
    if j < len(doc) and doc[j].lower_ in _OF:
        j += 1
        if j < len(doc) and doc[j].lower_ in _ARTICLES:
            j += 1
    if j >= len(doc) or not doc[j].text[:1].isupper() or "\n" in doc[j - 1].text_with_ws:
        return None
    end = j + 1
    k = j + 1
    # The name runs over capitalised words and the joining words between them, up to a
    # person's name ("la mairie de Paris Anne Hidalgo") or a word that joins two places ("la
    # vallée du Jourdain en Cisjordanie", "la porte de Versailles et la Croix-Nivert").
    while k < len(doc) and k < j + _LONGEST and "\n" not in doc[k - 1].text_with_ws:
        if doc[k].ent_iob_ == "B" and doc[k].ent_type_ == "PER":
            break
        if doc[k].lower_ in _JOINING and doc[k - 1].whitespace_:
            break
        if doc[k].text[:1].isupper():
            end = k + 1
        elif doc[k].lower_ not in _INNER:
            break
        k += 1
    island = doc[i].lower_ in tables["islands"]
    return (i, end, _site_town(doc, j, end, role, tables, lang, island), role)


def _site_town(
    doc: Doc, j: int, end: int, role: str, tables: dict, lang: str, island: bool = False
) -> tuple:
    """Entry numbers of the town a landmark's name [j, end) says it lies in, or (); for an
    island, the country or region it names too ("les îles Fidji", "l'archipel des Canaries")."""

    def town(start: int) -> tuple:
        name_end, numbers = _name_at(doc, start, tables, lang)
        if name_end != end or not numbers:
            return ()
        place = gazetteer.entry(numbers[0], lang)
        key = gazetteer.name_key(doc[start:end].text)
        # A town known by another name must be big to be the landmark's: "le port de Valence"
        # is Valencia's, but "la prison de la Santé" is no prison of Xanten, once "Santé".
        by_own_name = gazetteer.name_key(place["name"]) == key or gazetteer.listed(key, lang)
        if not by_own_name and place["population"] < _KNOWN_TOWN:
            return ()
        return () if place["kind"] == "country" and not island else numbers

    # "la place du Capitole de Toulouse", "le marché de Noël de Strasbourg"
    for q in range(j + 2, end):
        if doc[q - 1].lower_ in _OF and doc[q].text[:1].isupper():
            numbers = town(q)
            if numbers:
                return numbers
    # "l'aéroport de Biarritz", "le port de Beyrouth"; but "la rue de Trévise" is no street of
    # Treviso, and "l'ambassade de Russie" stands in the article's town.
    return town(j) if role == "site" else ()


def _in_unknown_compound(doc: Doc, end: int, tables: dict, lang: str) -> bool:
    """Whether a name runs on by a hyphen into a name the gazetteer lacks: "Al" in "Al-Hol",
    "Ras" in "Ras al-Aïn"; but "Paris-Marseille" is two places."""
    if end + 1 >= len(doc) or doc[end].text != "-" or doc[end].whitespace_:
        return False
    following = doc[end + 1]
    if following.is_lower and end + 2 < len(doc) and doc[end + 2].text == "-":
        return True  # "Ras al-Aïn", "Abou al-Khasib"
    return following.text[:1].isupper() and not _name_at(doc, end + 1, tables, lang)[1]


def _qualified(doc: Doc, i: int, end: int, numbers: tuple, tables: dict, lang: str):
    """A name with an adjective that makes a part of it: "la Méditerranée orientale", "le
    Caucase russe", "le Kurdistan syrien": (start, end, place dict, feature) or None."""
    if end >= len(doc) or doc[end].pos_ != "ADJ" or not doc[end].is_lower:
        return None
    place = gazetteer.entry(numbers[0], lang)
    word = doc[end].lower_
    name = doc[i : end + 1].text
    if word in tables["directions"] and word.startswith(("orient", "occident", "sept", "mérid")):
        return (i, end + 1, _moved(place, tables["directions"][word], name), "direction")
    if word in tables["parts"] and place["kind"] == "country":
        return (i, end + 1, _moved(place, (0.0, 0.0), name), "direction")
    iso3 = _country_of_adjective(word, tables) if place["kind"] == "region" else ""
    if iso3 and iso3 != place["country"]:
        return (i, end + 1, {**place, "country": iso3, "name": name, "geonames_id": None}, "")
    return None


def _district_at(doc: Doc, i: int, found: list[tuple], tables: dict, lang: str):
    """ "le 11e arrondissement (de Paris)": (start, end, entry numbers of the town, "street")
    or None; the ordinal before the noun opens the mention."""
    if doc[i].lower_ not in tables["districts"] or i == 0 or not _ORDINAL.match(doc[i - 1].text):
        return None
    if found and found[-1][1] > i - 1 and found[-1][:2] != (i - 1, i):
        return None  # "VIIe" alone, a gazetteer name, gives way to the district
    if i + 2 < len(doc) and doc[i + 1].lower_ in _OF and doc[i + 2].text[:1].isupper():
        end, numbers = _name_at(doc, i + 2, tables, lang)
        if numbers and gazetteer.entry(numbers[0], lang)["kind"] != "country":
            return (i - 1, end, numbers, "street")
    return (i - 1, i + 1, (), "street")


def _unknown_at(doc: Doc, i: int, tables: dict):
    """A place the gazetteer lacks, as the text presents it: a name the parser takes for a
    place, after a word that introduces places ("à Ogossagou", "en Rhénanie du
    Nord-Westphalie", "près de Kouré"): (start, end, None, "unknown") or None. Where it lies
    is settled later, like a landmark's, from the article's places."""
    token = doc[i]
    if i == 0 or token.ent_iob_ != "B" or token.ent_type_ != "LOC" or token.is_sent_start:
        return None
    previous = doc[i - 1].lower_
    two = f"{doc[i - 2].lower_} {previous}" if i > 1 else previous
    kind = tables["befores"].get(two) or tables["befores"].get(previous)
    if kind is None or token.lower_ in tables["adjectives"] or _GLUED.search(token.text):
        return None  # "aux Iraniennes"; "à ValenceDimanche", two sentences run together
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and end < i + _LONGEST:
        end += 1
    words = {t.lower_ for t in doc[i:end]}
    if any(words & {t.lower_ for t in e} for e in doc.ents if e.label_ == "PER"):
        return None  # "à Trump" where the article names Donald Trump
    return (i, end, None, f"unknown:{kind}")


def _opens_unknown(candidate: tuple, unknown: tuple, tables: dict, lang: str) -> bool:
    """Whether a name only opens a longer place name the gazetteer lacks: "Aïn" (the
    department Ain) in "à Aïn Issa". A big town keeps its name ("à New York City")."""
    start, end, numbers, feature = candidate
    if feature or not isinstance(numbers, tuple) or end >= unknown[1]:
        return False
    first = gazetteer.entry(numbers[0], lang)
    return first["kind"] != "country" and first["population"] < _KNOWN_TOWN


def _find(doc: Doc, tables: dict, lang: str) -> list[tuple]:
    """Candidate mentions in text order: (start token, end token, entry numbers | place dict |
    None, feature)."""
    found = []
    openers = tables["openers"]
    # Most words can open no place: one pass over the words finds those that can.
    can_open = [t.text[:1].isupper() or t.lower_ in openers for t in doc]
    # A video title glued into the text is not about the article's places (captions are).
    for start, end, kind in doc._.boilerplate:
        if kind == VIDEO:
            span = doc.char_span(start, end, alignment_mode="expand")
            for k in range(span.start, span.end) if span is not None else ():
                can_open[k] = False
    i = 0
    while i < len(doc):
        if not can_open[i]:
            i += 1
            continue
        # The longest reading wins; a name before a compound ("la Côte d'Azur" is no coast of
        # a town called Azur), a compound before a landmark.
        end, numbers = _name_at(doc, i, tables, lang)
        name = None
        if numbers and not _in_unknown_compound(doc, end, tables, lang):
            name = _qualified(doc, i, end, numbers, tables, lang) or (i, end, numbers, "")
        compound = _compound_at(doc, i, tables, lang) or _district_at(doc, i, found, tables, lang)
        site = _site_at(doc, i, tables, lang)
        direction = doc[i : name[1]].text.lower() if name is not None else ""
        if direction in tables["directions"]:
            # "le Sud", "l'Est", "le Centre-Ouest" alone: a part of the article's country, not
            # Botswana's Southern district or Burkina Faso's Centre-Ouest
            name = (i, name[1], None, f"here:{direction}")
        readings = [c for c in (name, compound, site) if c is not None]
        candidate = max(readings, key=lambda c: c[1] - c[0], default=None)
        if candidate is not None and candidate[1] - i > 1:
            # "La Tour Eiffel": a landmark opening inside the name and running past it
            inner = _site_at(doc, i + 1, tables, lang)
            if inner is not None and inner[1] > candidate[1]:
                candidate = inner
        if (
            candidate is None
            and doc[i].lower_ in tables["fronts"]
            and i + 1 < len(doc)
            and doc[i + 1].lower_ in tables["directions"]
        ):
            candidate = (i, i + 2, None, "front")
        unknown = _unknown_at(doc, i, tables)
        if unknown is not None and (
            candidate is None or _opens_unknown(candidate, unknown, tables, lang)
        ):
            candidate = unknown
        if candidate is None:
            i += 1
            continue
        if i > 1 and gazetteer.name_key(doc[i - 2 : i].text) in tables["media"]:
            i = candidate[1]  # "France Bleu Isère" is a radio station, not the department
            continue
        if found and candidate[0] < found[-1][1]:
            found.pop()
        found.append(candidate)
        i = candidate[1]
    return found


def _in_organisation(text: str, start: int, end: int, tables: dict) -> bool:
    """Whether the name at [start, end) is part of an organisation's name: "Europe 1", "La
    République en marche"."""
    key = gazetteer.name_key(text[start:end])
    for form in tables["organisations"].get(key.split(" ")[0], ()):
        at = f" {form} ".find(f" {key} ")
        if at < 0 or len(form) == len(key):
            continue
        before, after = form[: max(0, at - 1)], form[at + len(key) + 1 :]
        preceding = gazetteer.name_key(text[max(0, start - 2 * len(before) - 10) : start])
        following = gazetteer.name_key(text[end : end + 2 * len(after) + 10])
        if f" {preceding}".endswith(f" {before}".rstrip()) and f"{following} ".startswith(
            f"{after} ".lstrip()
        ):
            return True
    return False


def _km(a: dict, b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _choose(numbers: tuple[int, ...], context: dict, key: str, lang: str) -> dict:
    """The reading of an ambiguous name `key`: the first (exonyms, countries, bigger places
    first) unless the article's other places point to a namesake: for a country, a region
    holding one of its towns (Georgia, the state of Atlanta); a town of a region the article
    names (Wilmington, Delaware); a namesake of some size near them that the first is not near
    ("Paris" in an article about Texas); failing those, a namesake in a country the article
    names where the first's country is not named (Verdun in an article about France, not
    Quebec's). A country or a big town moves only to a country the article names when it
    names not its own: a stray namesake must not send Paris to Texas."""
    first = gazetteer.entry(numbers[0], lang)
    anchors, countries = context["anchors"], context["countries"]
    own_country_named = first["country"] in countries
    others = [gazetteer.entry(number, lang) for number in numbers[1:40]]
    for other in others:
        if (
            first["kind"] == "country"
            and other["kind"] == "region"
            and (other["country"], other["admin1"]) in context["regions"]
            and not own_country_named
        ):
            return other
    big_first = first["population"] >= _BIG_TOWN or first["kind"] == "country"
    named_regions = context["named_regions"]
    if first["kind"] == "city" and (first["country"], first["admin1"]) not in named_regions:
        for other in others:
            if (
                other["kind"] == "city"
                and (other["country"], other["admin1"]) in named_regions
                and gazetteer.name_key(other["name"]) == key
                and (not big_first or other["country"] == first["country"])
            ):
                return other
    if not anchors or any(_km(first, a) <= _NEAR for a in anchors):
        return _in_named_country(first, others, context, key)
    for other in others:
        if other["lat"] is None:
            continue
        if other["kind"] == "city" and other["population"] * 100 < first["population"]:
            continue
        # A namesake only by an old or foreign alternate name must be big to count: Sandusky
        # was once Portland. The name as the text gives it is its own (Valence, not Valencia).
        own_name = gazetteer.name_key(other["name"]) in (key, gazetteer.name_key(first["name"]))
        if not own_name and other["population"] * 10 < first["population"]:
            continue
        if big_first and (other["country"] not in countries or own_country_named):
            continue
        if any(_km(other, a) <= _NEAR for a in anchors):
            return other
    return _in_named_country(first, others, context, key)


def _in_named_country(first: dict, others: list[dict], context: dict, key: str) -> dict:
    """A town of the country the article names, as a place or as an actor ("la France a
    salué"), by the name the text gives, rather than a bigger namesake of a country it does
    not name; the first otherwise."""
    countries = context["countries"]
    if (
        first["kind"] != "city"
        or first["population"] >= _BIG_TOWN
        or first["country"] in countries | context["named_countries"]
    ):
        return first
    for other in others:
        if (
            other["kind"] == "city"
            and other["country"] in countries | context["named_countries"]
            and gazetteer.name_key(other["name"]) == key
            and other["population"] * 100 >= first["population"]
        ):
            return other
    return first


def _drop_stray_towns(records: list[dict], text: str, tables: dict, lang: str) -> None:
    """A small foreign town alone of its country, far from the article's other places, is a
    word the gazetteer happens to hold ("Noël", "Jupiter", "Dauphin", "la Santé"): no place.
    Towns of the country the news is written from need no company, nor the names of
    place_names.tsv."""
    kept = [r for r in records if r["is_place"]]
    names = [gazetteer.name_key(text[r["start"] : r["end"]]) for r in kept]
    names_by_country: dict[str, set[str]] = {}
    for record, key in zip(kept, names, strict=True):
        names_by_country.setdefault(record["country"], set()).add(key)
    for record, key in zip(kept, names, strict=True):
        if (
            record["kind"] != "city"
            or record["population"] >= _KNOWN_TOWN
            or record["country"] in tables["home"]
            or record["lat"] is None
            or gazetteer.listed(key, lang)
        ):
            continue
        if names_by_country[record["country"]] - {key}:
            continue  # another place of its country
        near = [r for r, k in zip(kept, names, strict=True) if k != key and r["lat"] is not None]
        if any(r["kind"] != "country" and _km(record, (r["lat"], r["lon"])) <= _NEAR for r in near):
            continue
        record["is_place"] = False


def _claim_shared_regions(records: list[dict], main: str, lang: str) -> None:
    """A region shared by countries that lies about the article's main country is its part
    there: "le Kurdistan" in an article about Iraq is Iraqi Kurdistan, "le Pays basque" in one
    about Spain is Spain's. It keeps its own centre, so it still lies where the region does."""
    home = gazetteer.country(main, lang) if main else None
    if home is None or home["lat"] is None:
        return
    for record in records:
        if (
            record["is_place"]
            and record["kind"] == "region"
            and not record["country"]
            and record["lat"] is not None
            and record["name"] is not None
            and _km(record, (home["lat"], home["lon"])) <= _SHARED
        ):
            record["country"] = main


def _anchors(records: list[dict]) -> list[tuple[float, float]]:
    """Where the article's places with one reading lie: they settle the ambiguous names. Towns,
    the places of place_names.tsv and France's departments and regions, which lie at their
    seats; not the other packaged regions, which sit on their country's centroid (Oregon would
    pull Portland to Maine)."""
    return [
        (r["lat"], r["lon"])
        for r in records
        if r["is_place"]
        and r["readings"] == 1
        and (
            r["kind"] == "city"
            or (r["kind"] == "region" and (not r["admin1"] or r["country"] in _SEATED))
        )
        and r["lat"] is not None
        and r["country"]
    ]


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


def _town_of_landmark(doc: Doc, record: dict, tables: dict, lang: str) -> dict | None:
    """The town or region a landmark's name ends in, as a place of its own, or None: a
    landmark the model does not take for a place still names it ("le tribunal correctionnel de
    Paris a condamné", "candidat à la mairie d'Évry", "la préfecture du Bas-Rhin a confirmé")."""
    start, end = record["token_start"], record["token_end"]
    for q in range(start + 2, end):
        if doc[q - 1].lower_ not in _OF or not doc[q].text[:1].isupper():
            continue
        name_end, numbers = _name_at(doc, q, tables, lang)
        if name_end != end or not numbers:
            continue
        place = gazetteer.entry(numbers[0], lang)
        return _record(doc[q].idx, record["end"], place) if place["kind"] != "country" else None
    return None


def _nearest_town(start: int, towns: list[dict], main: str) -> dict | None:
    """The town of the article's main country named nearest to a landmark, a sentence or so
    away ("la prison de la Santé, à Paris"; "À Lyon … la place Bellecour"), else the nearest
    town that near, or None (the landmark then lies in the main country's capital)."""
    near = [t for t in towns if abs(t["start"] - start) <= _LANDMARK_TOWN]
    for among in ([t for t in near if t["country"] == main], near):
        if among:
            return min(among, key=lambda t: abs(t["start"] - start))
    return None


def _street_town(doc: Doc, record: dict, tables: dict, lang: str) -> dict | None:
    """The town a street or square is named after ("la gare de Bruxelles", "le jardin de
    Milan"), or None: read as a site's, it may say where the street lies."""
    if record["feature"] != "street":
        return None
    start, end = record["token_start"], record["token_end"]
    j = next((k for k in range(start + 1, end) if doc[k].text[:1].isupper()), None)
    numbers = _site_town(doc, j, end, "site", tables, lang) if j is not None else ()
    return gazetteer.entry(numbers[0], lang) if numbers else None


def _placed_by_context(
    span_text: str,
    start: int,
    feature: str,
    records: list[dict],
    towns: list[dict],
    areas: list[dict],
    main: str,
    own_town: dict | None,
    tables: dict,
    lang: str,
) -> dict | None:
    """A landmark, a front or "l'est du pays" lies where the article is: a landmark in the
    town nearest to it, else the capital of the article's main country, else that country; a
    front or a part of "the country" in the country last named before it."""
    if feature.startswith(("here", "front")):
        country = next((r["country"] for r in reversed(records) if r["country"]), main)
        place = gazetteer.country(country, lang) if country else None
        if place is None:
            return None
        shift = tables["directions"].get(feature.partition(":")[2], (0.0, 0.0))
        return _moved(place, shift, span_text)
    town = _nearest_town(start, towns, main)
    if town is None and feature == "unknown:town":
        # "à Brachay (Haute-Marne)", "à Kouré, au sud-est de Niamey": a village lies in the
        # division or beside the town named next to it; far from any, it may lie anywhere
        following = [a for a in areas if a["start"] > start]
        return _nearest_town(start, following, main) or _nearest_town(start, areas, main)
    named = own_town is not None and any(t["geonames_id"] == own_town["geonames_id"] for t in towns)
    if town is None and own_town is not None and (named or (main and own_town["country"] != main)):
        # "la gare de Bruxelles" in an article about France: no street of a French town
        town = own_town
    if town is None and main in tables["capitals"]:
        found = gazetteer.lookup(tables["capitals"][main], lang)
        town = found[0] if found and found[0]["country"] == main else None
    if town is None:
        town = gazetteer.country(main, lang) if main else None
    if town is None:
        return None
    return {**town, "kind": "region", "name": span_text, "geonames_id": None}


def place_candidates(doc: Doc, lang: str = "fr", use_shift: float = 0.0) -> list[dict]:
    """Every candidate place mention in text order, with its reading, the features of its use
    (`use_features`) and whether the model takes it for a place (`is_place`)."""
    tables = _tables(lang)
    found = _find(doc, tables, lang)
    records = []
    for start, end, numbers, feature in found:
        span = doc[start:end]
        place = numbers if isinstance(numbers, dict) else _UNPLACED
        if isinstance(numbers, tuple) and numbers:
            place = gazetteer.entry(numbers[0], lang)
        # "Minneapolis.-" runs into a glued subheading: the mention is the name, not its dots
        end_char = span.start_char + len(span.text.rstrip(_TRAILING))
        record = _record(span.start_char, end_char, place, feature)
        record["token_start"], record["token_end"] = start, end
        record["population"] = place.get("population", 0)
        record["readings"] = len(numbers) if isinstance(numbers, tuple) else 1
        records.append(record)
    place_use.add_features(doc, records, tables, lang)
    text = text_of(doc)
    for record in records:
        # A war's front ("le front oriental") is a place, never an actor; the annotated
        # articles hold too few for the model to know it.
        record["is_place"] = (
            record["feature"] == "front"
            or place_use.is_place(record["use_features"], lang, record["use_vector"], use_shift)
        ) and not _in_organisation(text, record["start"], record["end"], tables)
    # The places the model keeps settle the ambiguous names among them.
    # Only names with one reading vote: "Paris" must not vote for France.
    context = {
        "anchors": _anchors(records),
        "countries": {r["country"] for r in records if r["is_place"] and r["readings"] == 1},
        # Countries named at all, as actors too: Vancouver stays in Canada beside "le Canada a
        # arrêté"
        "named_countries": {r["country"] for r in records if r["kind"] == "country"},
        "regions": {
            (r["country"], r["admin1"]) for r in records if r["is_place"] and r["kind"] == "city"
        },
        "named_regions": {
            (r["country"], r["admin1"])
            for r in records
            if r["is_place"] and r["kind"] == "region" and r["admin1"] and not r["feature"]
        },
    }
    for record, (start, end, numbers, _feature) in zip(records, found, strict=True):
        if not record["is_place"] or not isinstance(numbers, tuple) or len(numbers) < 2:
            continue
        first = gazetteer.entry(numbers[0], lang)
        if first["lat"] is None:
            continue
        if gazetteer.pinned(gazetteer.name_key(doc[start:end].text), lang):
            continue
        place = _choose(numbers, context, gazetteer.name_key(doc[start:end].text), lang)
        record.update({k: v for k, v in _record(0, 0, place).items() if k not in _SPAN_KEYS})
        record["population"] = place["population"]
    _drop_stray_towns(records, text, tables, lang)
    # Landmarks, fronts and "l'est du pays" lie where the article's places are: those the
    # model keeps, not every capitalised word the gazetteer knows.
    counts = Counter(r["country"] for r in records if r["is_place"] and r["country"])
    main = counts.most_common(1)[0][0] if counts else ""
    _claim_shared_regions(records, main, lang)
    towns = [r for r in records if r["is_place"] and r["kind"] == "city" and r["name"] is not None]
    towns = [t for t in towns if t["country"]]
    # Divisions and parts of towns that lie where they say: France's departments at their
    # seats, "le sud-est de Niamey", "la région de Ménaka"; not a region on its country's
    # centroid, nor a landmark.
    area_features = tables["divisions"] | {"direction"}
    areas = [
        r
        for r in records
        if r["is_place"]
        and r["kind"] == "region"
        and r["name"] is not None
        and r["lat"] is not None
        and r["country"]
        and (r["country"] in _SEATED or (r["admin1"] and r["feature"] in area_features))
    ]
    kept: list[dict] = []
    for record in records:
        mention = text[record["start"] : record["end"]]
        if record["name"] is None and doc[record["token_start"]].lower_ in tables["seas"]:
            record["name"] = mention
        if record["name"] is None:
            own_town = _street_town(doc, record, tables, lang)
            place = _placed_by_context(
                mention,
                record["start"],
                record["feature"],
                kept,
                towns,
                areas,
                main,
                own_town,
                tables,
                lang,
            )
            if place is None:
                record["is_place"] = False
                continue
            record.update({k: v for k, v in _record(0, 0, place).items() if k not in _SPAN_KEYS})
        if record["is_place"]:
            kept.append(record)
    return records


def extract_places(doc: Doc, lang: str = "fr", use_shift: float = 0.0) -> list[dict]:
    """Place mentions with their reading; capitals and countries acting as governments are left
    to the actors. `use_shift` moves the place-or-actor model's threshold (thresholds.places)."""
    tables = _tables(lang)
    places = []
    for record in place_candidates(doc, lang, use_shift):
        if record["is_place"]:
            town = None
            if doc[record["token_start"]].lower_ in tables["institutions"]:
                # the annotated articles list "le tribunal de Paris" as Paris, nearly always
                town = _town_of_landmark(doc, record, tables, lang)
            places.append(town or {k: v for k, v in record.items() if k not in _WORKING_KEYS})
        elif record["feature"] in ("site", "street"):
            town = _town_of_landmark(doc, record, tables, lang)
            if town is not None:
                places.append(town)
    return places


@Language.factory(
    "veille_places", assigns=["doc._.places"], default_config={"lang": "fr", "use_shift": 0.0}
)
def make_places_component(nlp: Language, name: str, lang: str, use_shift: float):
    _tables(lang)  # load the gazetteer with the pipeline, not on the first article

    def component(doc: Doc) -> Doc:
        doc._.places = extract_places(doc, lang, use_shift)
        return doc

    return component
