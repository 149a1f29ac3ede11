"""The CLI and the HTTP API read the store through one read API: the same query through either
door gives the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.serve.sample import make_store
from veille.cli import app
from veille.serve import create_app

runner = CliRunner()

FILTERS = [
    {},
    {"actor": "MLI"},
    {"actor": "rebelles"},  # a name, not a code
    {"actor": "RUSGOV"},
    {"code": "19"},
    {"root": "11"},
    {"quad": "4"},
    {"place": "Kidal"},
    {"stance": "denied"},
    {"since": "2023-09-08"},
    {"until": "2023-09-07"},
    {"since": "2023-09-06", "until": "2023-09-08"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("doors") / "veille.duckdb")


@pytest.fixture(scope="module")
def doors(db):
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:

        def api(path: str, query: dict) -> list[dict]:
            response = client.get(path, params={**query, "limit": 1000})
            assert response.status_code == 200, response.text
            return response.json()["items"]

        def cli(command: str, query: dict) -> list[dict]:
            options = [part for k, v in query.items() for part in (f"--{k}", v)]
            args = [command, "--db", str(db), "--format", "json", "--limit", "0", *options]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout)

        yield api, cli


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_events_are_the_same_through_the_cli_and_the_api(doors, query):
    api, cli = doors
    through_api = api("/api/events", query)
    assert cli("events", query) == through_api
    if query:
        assert len(through_api) < len(api("/api/events", {}))  # the filter filtered


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_claims_are_the_same_through_the_cli_and_the_api(doors, query):
    api, cli = doors
    assert cli("claims", query) == api("/api/claims", query)


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_an_export_with_a_filter_has_the_events_veille_events_lists(doors, db, tmp_path, query):
    _, cli = doors
    listed = cli("events", query)
    options = [part for k, v in query.items() for part in (f"--{k}", v)]

    def exported(fmt: str, name: str) -> Path:
        out = tmp_path / name
        args = ["export", "--db", str(db), "--format", fmt, "-o", str(out), *options]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return out

    lines = exported("gdelt", "events.tsv").read_text("utf-8").splitlines()
    assert sorted(int(line.split("\t")[0]) for line in lines) == sorted(
        int(e["event_id"][:15], 16)
        for e in listed  # GDELT's integer id, as gdelt.event_row makes it
    )
    plover = json.loads(exported("plover", "plover.json").read_text("utf-8"))
    assert sorted(r["id"] for r in plover) == sorted(e["event_id"] for e in listed)
    rows = exported("jsonl", "tables") / "events.jsonl"
    stored = [json.loads(line) for line in rows.read_text("utf-8").splitlines()]
    assert sorted(e["event_id"] for e in stored) == sorted(e["event_id"] for e in listed)
    mentions = (tmp_path / "tables" / "event_mentions.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(m)["event_id"] for m in mentions} <= {e["event_id"] for e in listed}
    mapped = json.loads(exported("geojson", "events.geojson").read_text("utf-8"))["features"]
    located = [e["event_id"] for e in listed if e["place_lat"] is not None]
    assert [f["id"] for f in mapped] == located


def test_some_filters_find_events_and_claims_name_their_deniers(doors):
    api, _ = doors
    assert api("/api/events", {"actor": "rebelles"})
    # a partial date spans its month or year: every event of the sample is in September 2023
    every = api("/api/events", {})
    assert api("/api/events", {"until": "2023-09"}) == every
    assert api("/api/events", {"since": "2023", "until": "2023"}) == every
    denied = api("/api/claims", {"stance": "denied"})
    assert denied and all(claim["denied_by"] for claim in denied)


def test_quotes_and_listings_are_the_same_through_the_cli_and_the_api(doors):
    api, cli = doors
    assert cli("quotes", {"speaker": "Sall"}) == api("/api/quotes", {"speaker": "Sall"})
    assert cli("quotes", {}) == api("/api/quotes", {})
    for name in ("articles", "places", "stories"):
        assert cli(name, {}) == api(f"/api/{name}", {}), name


def test_a_bad_filter_gets_the_same_sentence_at_both_doors(doors, tmp_path):
    api, _ = doors
    message = "root: '42' is not a CAMEO root code (01 to 20)"
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        api("/api/events", {"root": "42"})
    result = runner.invoke(app, ["events", "--root", "42", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


def test_the_cli_holds_no_sql_and_opens_no_store_of_its_own():
    import veille.cli

    source = Path(veille.cli.__file__).read_text("utf-8")
    for needle in ("SELECT", "execute(", "duckdb.connect", "store.connect", "FROM "):
        assert needle not in source, needle
    assert "queries.events(" in source and "queries.claims(" in source  # the one read API
