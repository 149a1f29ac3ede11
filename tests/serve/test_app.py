"""The HTTP API over a store made from test articles: every endpoint, bad parameters, paging."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.serve.sample import make_store
from veille.serve import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory, nlp):
    path = make_store(tmp_path_factory.mktemp("store") / "veille.duckdb", nlp)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        yield client


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def test_articles_carry_their_text_and_page(client):
    page = get(client, "/api/articles?limit=2")
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 0
    assert len(page["items"]) == 2
    assert all(a["text"] for a in page["items"])
    rest = get(client, "/api/articles?limit=2&offset=4")
    assert len(rest["items"]) == 1
    ids = {a["article_id"] for a in page["items"]} | {a["article_id"] for a in rest["items"]}
    assert len(ids) == 3  # pages do not overlap
    found = get(client, "/api/articles?q=Kidal")
    assert found["total"] == 2


def test_one_article_with_all_its_records(client):
    visit = get(client, "/api/articles?q=Dakar")["items"][0]
    found = get(client, f"/api/articles/{visit['article_id']}")
    assert found["article"]["title"] == "Paris et Dakar signent un accord"
    assert len(found["events"]) == 3
    assert {p["mention"] for p in found["places"]} == {"Paris", "Mali"}
    assert [q["quote"] for q in found["quotes"]] == ["Nous voulons renforcer nos liens"]
    text = found["article"]["text"]
    for e in found["events"]:
        assert text[e["start_char"] : e["end_char"]] == e["evidence"]
    assert "signature" not in found["article"]


def test_unknown_article_is_404_in_the_error_shape(client):
    body = get(client, "/api/articles/nope", 404)
    assert body == {"error": {"status": 404, "message": "no article 'nope'"}}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", 9),
        ("actor=MLI", 6),
        ("actor=rusgov", 2),
        ("actor=Macky", 2),
        ("code=19", 2),
        ("code=025", 1),
        ("root=7", 2),
        ("root=07", 2),
        ("quad=1", 3),
        ("place=Kidal", 2),
        ("place=MLI", 3),
        ("since=2023-09-07", 6),  # the two month-dated events span the whole of September
        ("until=2023-09-05", 5),
        ("since=2023-09-05&until=2023-09-05", 4),
        ("stance=denied", 1),
        ("q=désescalade", 1),
        ("q=Berlin", 1),  # in the title
        ("actor=MLI&quad=4", 2),
    ],
)
def test_event_filters(client, query, expected):
    # The hand-made events are of 2023; the pipeline's article (2024) may add some of its own.
    bounded = query if "until" in query else f"{query}&until=2023-12-31"
    page = get(client, f"/api/events?limit=100&{bounded}")
    assert page["total"] == expected, [e["code"] for e in page["items"]]


def test_events_page_with_limit_offset_and_total(client):
    first = get(client, "/api/events?limit=4&until=2023-12-31")
    second = get(client, "/api/events?limit=4&offset=4&until=2023-12-31")
    last = get(client, "/api/events?limit=4&offset=8&until=2023-12-31")
    assert first["total"] == second["total"] == last["total"] == 9
    assert [len(p["items"]) for p in (first, second, last)] == [4, 4, 1]
    ids = [e["event_id"] for p in (first, second, last) for e in p["items"]]
    assert len(set(ids)) == 9
    dates = [e["event_date"] for p in (first, second, last) for e in p["items"]]
    assert dates == sorted(dates, reverse=True)


def test_events_carry_story_counts(client):
    clash = get(client, "/api/events?code=190")["items"][0]
    assert (clash["story_mentions"], clash["num_sources"], clash["num_articles"]) == (2, 2, 2)


@pytest.mark.parametrize(
    "url,words",
    [
        ("/api/events?quad=5", "quad"),
        ("/api/events?quad=x", "quad"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?until=2023-9-1", "until"),
        ("/api/events?since=2023-10-01&until=2023-09-01", "after until"),
        ("/api/events?root=25", "root"),
        ("/api/events?root=ab", "root"),
        ("/api/events?code=0x1", "code"),
        ("/api/events?code=99", "code"),
        ("/api/events?stance=maybe", "stance"),
        ("/api/articles?limit=-3", "limit"),
        ("/api/quotes?offset=x", "offset"),
        ("/api/actors?limit=2000", "limit"),
        ("/api/places?limit=0", "limit"),
        ("/api/stories?offset=-5", "offset"),
        ("/api/claims?quad=0", "quad"),
        ("/api/timeline?since=2023-13", "since"),
        ("/api/network?root=00", "root"),
        ("/api/geojson?until=soon", "until"),
        ("/api/events?offset=9223372036854775808", "offset"),
        ("/api/claims?offset=9223372036854775807", "offset"),
        ("/api/geojson?limit=100000", "limit"),
        ("/api/geojson?bbox=1,2,3", "bbox"),
        ("/api/geojson?bbox=10,0,-10,5", "bbox"),
        ("/api/claims?reports=100000", "reports"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client, url, words):
    body = get(client, url, 400)
    assert set(body) == {"error"}
    assert body["error"]["status"] == 400
    assert words in body["error"]["message"]


def test_quotes(client):
    page = get(client, "/api/quotes?speaker=Macky")
    assert page["total"] == 1
    assert page["items"][0]["quote"] == "Nous voulons renforcer nos liens"
    assert get(client, "/api/quotes?q=céderons")["items"][0]["speaker"] == "<i>le ministre</i>"
    assert get(client, "/api/quotes?limit=1&offset=1")["items"]


def test_actors(client):
    page = get(client, "/api/actors?limit=100")
    by_code = {a["code"]: a for a in page["items"]}
    assert by_code["MLIREB"]["as_target"] == 3 and by_code["MLIREB"]["as_source"] == 0
    assert by_code["FRAGOV"]["as_source"] == 2
    assert get(client, "/api/actors?q=REB")["total"] == 1
    assert len(get(client, "/api/actors?limit=2")["items"]) == 2


def test_places(client):
    page = get(client, "/api/places?q=Paris")
    assert page["items"][0]["country"] == "FRA"
    assert page["items"][0]["lat"] == pytest.approx(48.85, abs=0.01)
    assert get(client, "/api/places?q=MLI")["total"] >= 2


def test_stories_group_copies(client):
    page = get(client, "/api/stories")
    kidal = next(s for s in page["items"] if s["articles"] == 2)
    assert kidal["title"].startswith("Combats")
    assert kidal["events"] == 5
    assert page["total"] == 4


def test_claims_for_an_event_say_who_asserts_and_who_denies(client):
    denied = get(client, "/api/events?stance=denied")["items"][0]
    page = get(client, f"/api/claims?event_id={denied['event_id']}")
    assert page["total"] == 1
    claim = page["items"][0]
    assert (claim["source_code"], claim["code"], claim["target_code"]) == ("RUSGOV", "072", "MLI")
    assert "responsables américains" in claim["asserted_by"]
    assert claim["denied_by"] == ["Russie"]
    assert {r["stance"] for r in claim["reports"]} == {"asserted", "denied"}
    assert claim["articles"] == 2
    get(client, "/api/claims?event_id=nope", 404)


def test_claims_listing_follows_the_filters(client):
    page = get(client, "/api/claims?root=19")
    assert page["total"] == 1
    assert page["items"][0]["asserted_by"] == ["(the article)", "sources locales"] or set(
        page["items"][0]["asserted_by"]
    ) == {"(the article)", "sources locales"}


def test_stats(client):
    stats = get(client, "/api/stats")
    assert stats["tables"]["articles"] == 5
    assert stats["stories"] == 4
    assert stats["events_by_quad_class"]["4"] >= 2
    assert stats["events_by_stance"]["denied"] >= 1


def test_timeline_counts_by_quad_class(client):
    rows = get(client, "/api/timeline?until=2023-12-31")
    by_date = {r["date"]: r for r in rows}
    assert by_date["2023-09-07"]["q4"] == 2
    assert by_date["2023-09-05"]["q1"] == 2
    assert sum(r["total"] for r in rows) == 9


def test_network_edges_weighted_and_split_by_cooperation(client):
    net = get(client, "/api/network?until=2023-12-31")
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("MLIMIL", "MLIREB")]["events"] == 2
    assert edges[("MLIMIL", "MLIREB")]["conflict"] == 2
    assert edges[("FRAGOV", "SENGOV")]["cooperation"] == 2
    assert ("DEUGOV", "") not in edges  # no target, no edge
    assert {"id": "MLIREB", "events": 3} in net["nodes"]


def test_geojson_follows_the_filters(client):
    collection = get(client, "/api/geojson?quad=4")
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    assert all(
        f["geometry"]["coordinates"][0] == pytest.approx(1.41, abs=0.01)
        for f in collection["features"]
    )


def test_cameo_codebook(client):
    codes = {c["code"]: c for c in get(client, "/api/cameo")}
    assert codes["19"]["quad_class"] == 4
    assert "0256" in codes


def test_openapi_documents_every_endpoint(client):
    paths = get(client, "/openapi.json")["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/quotes",
        "/api/actors",
        "/api/places",
        "/api/stories",
        "/api/claims",
        "/api/stats",
        "/api/geojson",
        "/api/timeline",
        "/api/network",
    ):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_dashboard_is_served_with_its_assets_and_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "static/app.js" in page.text
    for asset in (
        "/static/app.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/world-atlas/countries-110m.json",
    ):
        assert client.get(asset).status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text


def test_a_missing_store_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such store"):
        create_app(tmp_path / "absent.duckdb")


def test_the_dashboard_never_puts_article_strings_in_as_html():
    from veille.serve.app import STATIC

    script = (STATIC / "app.js").read_text("utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "outerHTML" not in script and "document.write" not in script


def test_big_offsets_and_zero_limits_are_explained_in_the_error_shape(client):
    body = get(client, f"/api/events?offset={2**63}", 400)
    assert "offset" in body["error"]["message"] and "duckdb" not in body["error"]["message"].lower()
    assert "0 does not mean all" in str(get(client, "/openapi.json"))  # limit=0: documented


def test_like_wildcards_in_searches_match_themselves(client):
    assert get(client, "/api/events")["total"] > 0
    for url in (
        "/api/events?actor=%25",
        "/api/events?q=%25",
        "/api/events?place=_",
        "/api/quotes?speaker=%25",
        "/api/articles?q=%25%25",
        "/api/actors?q=_",
        "/api/places?q=%25",
    ):
        assert get(client, url)["total"] == 0, url


def test_geojson_pages_and_keeps_to_its_box(client):
    everything = get(client, "/api/geojson")
    assert everything["total"] == len(everything["features"]) > 2
    first = get(client, "/api/geojson?limit=2")
    assert len(first["features"]) == 2 and first["total"] == everything["total"]
    rest = get(client, "/api/geojson?limit=2&offset=2")
    assert {f["id"] for f in first["features"]}.isdisjoint(f["id"] for f in rest["features"])
    lon, lat = everything["features"][0]["geometry"]["coordinates"]
    boxed = get(client, f"/api/geojson?bbox={lon - 0.1},{lat - 0.1},{lon + 0.1},{lat + 0.1}")
    assert 0 < boxed["total"] < everything["total"]
    for feature in boxed["features"]:
        assert feature["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=0.1)


def test_claims_page_their_reports(client):
    denied = get(client, "/api/events?stance=denied")["items"][0]
    whole = get(client, f"/api/claims?event_id={denied['event_id']}")["items"][0]
    assert whole["reports_total"] == len(whole["reports"]) >= 2
    capped = get(client, f"/api/claims?event_id={denied['event_id']}&reports=1")["items"][0]
    assert len(capped["reports"]) == 1 and capped["reports_total"] == whole["reports_total"]
    assert capped["denied_by"] == whole["denied_by"]  # counted over every report


def test_a_request_for_another_host_is_refused(client, tmp_path):
    body = get(client, "/api/stats")
    assert body["tables"]["articles"] == 5
    rebound = client.get("/api/stats", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400
    assert "attacker.example" in rebound.json()["error"]["message"]
    assert client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200


def test_allowed_hosts_are_answered(tmp_path):
    path = store_file(tmp_path)
    app = create_app(path, hosts=("127.0.0.1", "veille.lan"))
    with TestClient(app, base_url="http://veille.lan:8000") as named:
        assert named.get("/api/stats").status_code == 200
    with TestClient(create_app(path, hosts=("*",)), base_url="http://anything") as any_host:
        assert any_host.get("/api/stats").status_code == 200


@pytest.mark.parametrize("url", ["/", "/docs", "/api/stats", "/static/app.js", "/api/nothing"])
def test_every_page_forbids_framing_and_foreign_scripts(client, url):
    headers = client.get(url).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_the_docs_page_runs_no_inline_script(client):
    page = client.get("/docs").text
    assert page.count("<script") == page.count("<script src=") == 2
    assert client.get("/static/docs.js").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def store_file(tmp_path):
    from veille import store

    path = tmp_path / "s.duckdb"
    store.connect(path).close()
    return path
