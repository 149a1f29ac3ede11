"""The DuckDB store: schema, idempotence, batches."""

import duckdb
import pytest

from veille import store
from veille.records import Analysis, Article
from veille.store import queries
from veille.store.db import StoreError
from veille.store.queries import EventFilter


def analysis(text="La France a signé un accord avec l'Allemagne à Berlin.", **layers):
    article = Article(text=text, title="Accord", published="2024-03-05", origin_id="a-1")
    return Analysis(article=article, article_id=f"id-{abs(hash(text))}", **layers)


EVENT = {
    "start": 0,
    "end": 9,
    "evidence": "La France",
    "source": "FRA",
    "source_role": "GOV",
    "source_code": "FRAGOV",
    "target": "DEU",
    "target_role": "GOV",
    "target_code": "DEUGOV",
    "code": "057",
    "root_code": "05",
    "quad_class": 1,
    "goldstein": 8.0,
    "stance": "asserted",
    "place": "Berlin",
}
PLACE = {
    "start": 46,
    "end": 52,
    "mention": "Berlin",
    "name": "Berlin",
    "country": "DEU",
    "kind": "city",
    "lat": 52.52,
    "lon": 13.4,
    "geonames_id": 2950159,
}


def test_a_new_store_records_its_schema_version(tmp_path):
    con = store.connect(tmp_path / "v.duckdb")
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(store.SCHEMA_VERSION),
    )


def test_a_store_from_a_newer_veille_is_refused_with_a_message(tmp_path):
    path = tmp_path / "future.duckdb"
    store.connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 999"):
        store.connect(path)


def test_the_same_article_twice_changes_nothing(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    a = analysis(events=[EVENT], places=[PLACE])
    assert store.write_batch(con, [a, a]) == 1
    before = store.table_counts(con)
    assert store.write_batch(con, [a]) == 0
    assert store.table_counts(con) == before
    assert before["articles"] == 1 and before["events"] == 1 and before["places"] == 1


def test_event_codes_keep_leading_zeros_and_take_their_place_and_publication_date(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    store.write_batch(con, [analysis(events=[{**EVENT, "code": "057"}], places=[PLACE])])
    [event] = queries.events(con)["items"]
    assert event["code"] == "057"
    assert event["event_date"] == "2024-03-05"
    row = con.execute("SELECT place_lat, place_country FROM events").fetchone()
    assert row == (52.52, "DEU")


def test_events_filters(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    fight = {
        **EVENT,
        "code": "190",
        "root_code": "19",
        "source_code": "RUSMIL",
        "source": "RUS",
        "target": "UKR",
        "target_code": "UKRMIL",
    }
    store.write_batch(con, [analysis(events=[EVENT, fight])])
    codes = lambda **f: [e["code"] for e in queries.events(con, EventFilter(**f))["items"]]  # noqa: E731
    assert codes(root="19") == ["190"]
    assert codes(actor="fra") == ["057"]
    assert codes(code="05") == ["057"]
    assert codes(since="2024-04-01") == []


def test_claims_show_who_asserts_and_who_denies(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    sale = {
        **EVENT,
        "source": "IRN",
        "source_code": "IRNGOV",
        "target": "RUS",
        "target_code": "RUSGOV",
        "code": "072",
        "root_code": "07",
    }
    asserted = analysis(
        "Selon Reuters, l'Iran vend des drones à la Russie.",
        events=[{**sale, "reported_by": "Reuters"}],
    )
    denied = analysis(
        "Téhéran dément vendre des drones à Moscou.",
        events=[{**sale, "stance": "denied", "denied_by": "Téhéran"}],
    )
    store.write_batch(con, [asserted, denied])
    [claim] = queries.claims(con, EventFilter(code="072"))["items"]
    assert claim["asserted_by"] == ["Reuters"]
    assert claim["denied_by"] == ["Téhéran"]
    assert claim["articles"] == 2
