"""Exports of a store made from test articles: GDELT's table, every table, PLOVER, GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.serve.sample import make_store
from veille.export import FORMATS, export, gdelt, plover

REFERENCE = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = make_store(tmp_path_factory.mktemp("store") / "veille.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_gdelt_columns_are_gdelts_61_in_order():
    assert len(gdelt.COLUMNS) == 61
    assert gdelt.COLUMNS[: len(REFERENCE)] == REFERENCE
    assert gdelt.COLUMNS[26:31] == [
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
    ]
    assert gdelt.COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_export_loads_into_duckdb_with_names_and_leading_zeros(con, tmp_path):
    out = tmp_path / "events.tsv"
    assert export(con, "gdelt", out) == 9
    first = out.read_text("utf-8").splitlines()[0]
    assert not first.startswith("GLOBALEVENTID")  # no header, as GDELT ships it
    assert all(len(line.split("\t")) == 61 for line in out.read_text("utf-8").splitlines())
    loaded = duckdb.sql(gdelt.read_sql(out))
    assert loaded.columns == gdelt.COLUMNS
    codes = {
        r[0]: r[1:] for r in loaded.select("EventCode, EventBaseCode, EventRootCode").fetchall()
    }
    assert codes["0256"] == ("025", "02")
    assert codes["043"] == ("043", "04")


def test_gdelt_export_with_header_keeps_codes_as_text_when_sniffed(con, tmp_path):
    out = tmp_path / "events.tsv"
    export(con, "gdelt", out, header=True)
    sniffed = duckdb.sql(f"SELECT * FROM read_csv('{out}', delim='\t', header=true)")
    assert sniffed.columns == gdelt.COLUMNS
    assert "0256" in {r[0] for r in sniffed.select("EventCode").fetchall()}


def _by_code(con, tmp_path) -> dict[str, dict]:
    out = tmp_path / "events.tsv"
    export(con, "gdelt", out)
    rows = [
        dict(zip(gdelt.COLUMNS, line.split("\t"), strict=True))
        for line in out.read_text("utf-8").splitlines()
    ]
    return {(r["EventCode"], r["SOURCEURL"]): r for r in rows}


def test_gdelt_fields_follow_gdelts_formats(con, tmp_path):
    rows = _by_code(con, tmp_path)
    visit = rows[("043", "https://exemple.fr/visite")]
    assert (visit["SQLDATE"], visit["MonthYear"], visit["Year"]) == ("20230905", "202309", "2023")
    assert visit["FractionDate"].startswith("2023.6")
    assert (visit["Actor1Code"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == (
        "FRAGOV",
        "FRA",
        "GOV",
    )
    assert visit["Actor2Code"] == "SENGOV"
    assert visit["IsRootEvent"] == "1"
    assert (visit["QuadClass"], visit["GoldsteinScale"]) == ("1", "2.8")
    # FIPS 10-4, not ISO: Paris is FR, Senegal SG, a region code follows the country code.
    assert visit["ActionGeo_Type"] == "4"
    assert visit["ActionGeo_CountryCode"] == "FR"
    assert visit["ActionGeo_ADM1Code"] == "FR11"
    assert visit["ActionGeo_FeatureID"] == "2988507"
    assert visit["ActionGeo_FullName"] == "Paris, France"
    assert visit["Actor2Geo_CountryCode"] == "SG"
    assert len(visit["DATEADDED"]) == 14 and visit["DATEADDED"].isdigit()
    assert visit["AvgTone"] == "0"


def test_gdelt_counts_come_from_the_story(con, tmp_path):
    rows = _by_code(con, tmp_path)
    clash = rows[("190", "https://exemple.fr/kidal")]
    # The same clash is in two articles of one story, from two outlets.
    assert (clash["NumMentions"], clash["NumSources"], clash["NumArticles"]) == ("2", "2", "2")
    assert clash["ActionGeo_CountryCode"] == "ML"
    # A month-dated event takes the publication day when it falls in that month.
    appeal = rows[("0256", "https://exemple.fr/kidal")]
    assert appeal["SQLDATE"] == "20230908"
    assert appeal["ActionGeo_Type"] == "0"


def test_gdelt_fields_never_carry_tabs_or_newlines():
    row = gdelt.event_row(
        {"event_id": "ab" * 16, "source_name": "un\tdeux", "url": "https://x/\n", "code": "010"}
    )
    assert len(row) == 61
    line = "\t".join(gdelt._clean(v) for v in row)
    assert line.count("\t") == 60 and "\n" not in line


def test_fips_table_maps_iso3_to_fips():
    assert gdelt.fips("DEU") == "GM"
    assert gdelt.fips("RUS") == "RS"
    assert gdelt.fips("SRB") == "RI"
    assert gdelt.fips("UNO") == ""


@pytest.mark.parametrize("fmt,suffix", [("parquet", "parquet"), ("csv", "csv"), ("jsonl", "jsonl")])
def test_every_table_is_exported(con, tmp_path, fmt, suffix):
    out = tmp_path / fmt
    export(con, fmt, out)
    files = {p.stem for p in out.iterdir()}
    assert {"articles", "events", "quotes", "places", "dates", "event_counts"} <= files
    reader = {"parquet": "read_parquet", "csv": "read_csv", "jsonl": "read_json"}[fmt]
    n = duckdb.sql(f"SELECT count(*) FROM {reader}('{out / ('events.' + suffix)}')").fetchall()[0][
        0
    ]
    assert n == 9
    codes = duckdb.sql(
        f"SELECT code FROM {reader}('{out / ('events.' + suffix)}'"
        + (", all_varchar=true" if fmt == "csv" else "")
        + ")"
    ).fetchall()
    assert ("0256",) in codes


def test_plover_records(con, tmp_path):
    out = tmp_path / "events.json"
    assert export(con, "plover", out) == 9
    records = json.loads(out.read_text("utf-8"))
    denied = next(r for r in records if r["stance"] == "denied")
    assert denied["event_type"] == "AID"
    assert denied["actor"]["code"] == "RUSGOV" and denied["recipient"]["country"] == "MLI"
    assert denied["reported_by"] == "agence Tass"
    assert denied["location"]["name"] == "Mali"
    assert denied["evidence"]["text"].startswith("La Russie a démenti")
    assert {r["event_type"] for r in records} >= {"ASSAULT", "ACCUSE", "REQUEST", "AGREE"}


def test_plover_types_from_cameo():
    assert plover.event_type("057") == "AGREE"  # base code before root
    assert plover.event_type("051") == "SUPPORT"
    assert plover.event_type("1823") == "ASSAULT"
    assert plover.event_type("010") == ""


def test_plover_jsonl(con, tmp_path):
    out = tmp_path / "events.jsonl"
    export(con, "plover", out)
    assert len(out.read_text("utf-8").splitlines()) == 9


def test_geojson_has_points_with_lon_first(con, tmp_path):
    out = tmp_path / "events.geojson"
    assert export(con, "geojson", out) == 6
    collection = json.loads(out.read_text("utf-8"))
    assert collection["type"] == "FeatureCollection"
    kidal = next(f for f in collection["features"] if f["properties"]["place"] == "Kidal")
    assert kidal["geometry"]["coordinates"] == [1.4078, 18.4411]
    assert kidal["properties"]["quad_class"] == 4


def test_unknown_format_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match="gdelt"):
        export(con, "xml", tmp_path / "x")
    assert set(FORMATS) == {"gdelt", "parquet", "csv", "jsonl", "plover", "geojson"}


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_export_of_the_stored_examples(nlp, tmp_path):
    """The examples run through the real pipeline export to GDELT's 61 columns, codes as text."""
    from veille.run import run

    summary = run([str(EXAMPLES)], tmp_path / "examples.duckdb")
    assert summary.stored >= 3
    con = duckdb.connect(str(tmp_path / "examples.duckdb"), read_only=True)
    n_events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    out = tmp_path / "examples.tsv"
    assert export(con, "gdelt", out) == n_events
    con.close()
    loaded = duckdb.sql(gdelt.read_sql(out))
    assert loaded.columns == gdelt.COLUMNS
    for code, root in loaded.select("EventCode, EventRootCode").fetchall():
        assert code.startswith(root) and len(root) == 2


# What each export wrote of the hand-made store before the exports read through the read API
# (tests/export/golden/, written by that code): the same bytes, whatever reads the events.
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = [
    ("gdelt", "events.tsv"),
    ("plover", "plover.json"),
    ("plover", "plover.jsonl"),
    ("geojson", "events.geojson"),
    ("csv", "csv"),
    ("jsonl", "jsonl"),
]


@pytest.fixture(scope="module")
def hand_made_store(tmp_path_factory):
    path = make_store(tmp_path_factory.mktemp("golden") / "veille.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE articles SET added_at = TIMESTAMP '2024-01-02 03:04:05'")  # as written
    yield con
    con.close()


def _files(root: Path, name: str) -> list[Path]:
    if (root / name).is_file():
        return [Path(name)]
    return sorted(p.relative_to(root) for p in (root / name).rglob("*") if p.is_file())


@pytest.mark.parametrize("fmt,name", GOLDEN_FILES)
def test_exports_without_a_filter_are_byte_for_byte_what_they_were(
    hand_made_store, tmp_path, fmt, name
):
    export(hand_made_store, fmt, tmp_path / name)
    expected = _files(GOLDEN, name)
    assert expected and _files(tmp_path, name) == expected
    for relative in expected:
        assert (tmp_path / relative).read_bytes() == (GOLDEN / relative).read_bytes(), relative
