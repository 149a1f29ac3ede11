"""GDELT 2.0's event table: 61 tab-separated columns in GDELT's order and formats."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from veille.store.queries import EventFilter, exported_events

COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]

# GDELT's own column types (as its BigQuery table declares them): codes are strings, so a
# reader that keeps these types keeps "0251" as "0251".
_INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass"}
_INTEGER |= {"NumMentions", "NumSources", "NumArticles", "DATEADDED"}
_INTEGER |= {f"{g}Geo_Type" for g in ("Actor1", "Actor2", "Action")}
_DOUBLE = {"FractionDate", "GoldsteinScale", "AvgTone"}
_DOUBLE |= {f"{g}Geo_{x}" for g in ("Actor1", "Actor2", "Action") for x in ("Lat", "Long")}
TYPES = {c: "BIGINT" if c in _INTEGER else "DOUBLE" if c in _DOUBLE else "VARCHAR" for c in COLUMNS}

# GDELT's Geo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1.
_GEO_TYPE = {"country": 1, "region": 5, "city": 4}
_US_GEO_TYPE = {"country": 1, "region": 2, "city": 3}


@cache
def countries() -> dict[str, dict]:
    """ISO alpha-3 -> {fips, name, lat, lon} from the packaged data/fips.tsv."""
    text = resources.files("veille").joinpath("data", "fips.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("iso3\t"):
            continue
        iso3, fips, name, lat, lon = line.split("\t")
        table[iso3] = {
            "fips": fips,
            "name": name,
            "lat": float(lat) if lat else None,
            "lon": float(lon) if lon else None,
        }
    return table


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of an ISO alpha-3 country code, "" when unknown."""
    return countries().get(iso3 or "", {}).get("fips", "")


def _num(value: float | None, digits: int = 4) -> str:
    if value is None:
        return ""
    return f"{round(float(value), digits):g}"


def _full_date(event_date: str, published: str) -> date | None:
    """The event's day; a month or year alone takes the publication day when it falls inside,
    else the first day (GDELT's SQLDATE is always a whole day)."""
    for value in (event_date, published):
        try:
            return date.fromisoformat((value or "")[:10])
        except ValueError:
            continue
    parts = (event_date or published or "").split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    except (ValueError, IndexError):
        return None


def _pick_date(event_date: str, published: str) -> date | None:
    if published and event_date and len(event_date) < 10 and published.startswith(event_date):
        return _full_date(published, "")
    return _full_date(event_date, published)


def _actor(code: str, country: str, role: str, name: str) -> list[str]:
    known = countries().get(country or "")
    # A body (UNO, NATO, EU) is a known group in GDELT, not a country.
    country_code, group = (country, "") if known else ("", country or "")
    if not name and known:
        name = known["name"]
    return [code or "", (name or "").upper(), country_code, group, "", "", "", role or "", "", ""]


def _country_geo(iso3: str) -> list[str]:
    known = countries().get(iso3 or "")
    if not known:
        return ["0", "", "", "", "", "", "", ""]
    f = known["fips"]
    return ["1", known["name"], f, f, "", _num(known["lat"]), _num(known["lon"]), f]


def _action_geo(e: dict) -> list[str]:
    kind, iso3 = e.get("place_kind") or "", e.get("place_country") or ""
    if e.get("place_lat") is None or kind not in _GEO_TYPE:
        return _country_geo(iso3) if e.get("place") and iso3 else ["0", "", "", "", "", "", "", ""]
    known = countries().get(iso3, {})
    f = known.get("fips", "")
    geo_type = (_US_GEO_TYPE if iso3 == "USA" else _GEO_TYPE)[kind]
    names = [e.get("place_name") or e.get("place") or ""]
    if kind != "country" and known.get("name"):
        names.append(known["name"])
    admin1 = f + (e.get("place_admin1") or "") if kind != "country" else f
    feature = e.get("place_geonames_id")
    return [
        str(geo_type),
        ", ".join(n for n in names if n),
        f,
        admin1,
        "",
        _num(e.get("place_lat")),
        _num(e.get("place_lon")),
        f if kind == "country" else (str(feature) if feature else ""),
    ]


def event_row(e: dict) -> list[str]:
    """One stored event (joined with its article and its story counts) as GDELT's 61 fields."""
    day = _pick_date(e.get("event_date") or "", e.get("published") or "")
    when = (
        [
            day.strftime("%Y%m%d"),
            day.strftime("%Y%m"),
            str(day.year),
            f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
        ]
        if day
        else ["", "", "", ""]
    )
    added = e.get("added_at")
    return [
        str(int(e["event_id"][:15], 16)),  # GDELT's id is an integer: a stable one from the key
        *when,
        *_actor(e.get("source_code"), e.get("source"), e.get("source_role"), e.get("source_name")),
        *_actor(e.get("target_code"), e.get("target"), e.get("target_role"), e.get("target_name")),
        "1" if e.get("is_root_event") else "0",
        e.get("code") or "",
        e.get("base_code") or "",
        e.get("root_code") or "",
        str(e["quad_class"]) if e.get("quad_class") is not None else "",
        _num(e.get("goldstein"), 1),
        str(e.get("story_mentions") or e.get("num_mentions") or 1),
        str(e.get("num_sources") or 1),
        str(e.get("num_articles") or 1),
        "0",  # AvgTone: veille does not measure tone
        *_country_geo(e.get("source")),
        *_country_geo(e.get("target")),
        *_action_geo(e),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        e.get("url") or e.get("origin_id") or "",
    ]


def rows(con: duckdb.DuckDBPyConnection, f: EventFilter | None = None) -> list[list[str]]:
    """Every stored event the filter matches (default: all) as a GDELT row, oldest first."""
    return [event_row(e) for e in exported_events(con, f)]


def _clean(value: str) -> str:
    # A tab or newline inside a field would break GDELT's one-line-per-event format.
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write(
    con: duckdb.DuckDBPyConnection,
    out_path: str | Path,
    header: bool = False,
    f: EventFilter | None = None,
) -> int:
    """Write the event table as GDELT ships it (no header unless asked), of the events the
    filter matches (default: all); returns the row count."""
    found = rows(con, f)
    with Path(out_path).open("w", encoding="utf-8", newline="") as f:
        if header:
            f.write("\t".join(COLUMNS) + "\n")
        for row in found:
            f.write("\t".join(_clean(v) for v in row) + "\n")
    return len(found)


def read_sql(path: str | Path, header: bool = False) -> str:
    """A DuckDB query that reads an export back with GDELT's names and types (codes as text)."""
    columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in TYPES.items()) + "}"
    quoted = str(path).replace("'", "''")
    return (
        f"SELECT * FROM read_csv('{quoted}', delim='\\t', header={str(header).lower()}, quote='',"
        f" escape='', columns={columns})"
    )


__all__ = ["COLUMNS", "TYPES", "countries", "event_row", "fips", "read_sql", "rows", "write"]
