"""The API while watching: /api/alerts and /api/watch on the watch's own connection."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from veille import store
from veille.serve import create_app
from veille.watch.alerts import Alert, store_new


def test_alerts_and_watch_status_on_the_watchs_connection(tmp_path):
    db = tmp_path / "veille.duckdb"
    con = store.connect(db)
    status = {"every": 60.0, "rules": [{"name": "strikes", "kind": "event"},
                                       {"name": "spike", "kind": "volume"}]}  # fmt: skip
    client = TestClient(create_app(db, con=con.cursor(), watch=status), base_url="http://127.0.0.1")
    assert client.get("/api/alerts").json() == {"total": 0, "limit": 50, "items": []}
    # The watch writes on its connection; the server sees it at the next request.
    fired = datetime(2024, 10, 8, 9, 30)
    store_new(con, [Alert("a" * 32, "strikes", "event", fired, "strikes: RUSMIL 195 → UKR")])
    status["last_poll"] = {"number": 3, "started": "2024-10-08T09:30:00"}
    page = client.get("/api/alerts").json()
    assert page["total"] == 1 and page["items"][0]["message"] == "strikes: RUSMIL 195 → UKR"
    watch = client.get("/api/watch").json()
    assert watch["watching"] and watch["every"] == 60.0 and watch["last_poll"]["number"] == 3
    assert watch["rules"] == [
        {"name": "strikes", "kind": "event", "last_fired": "2024-10-08T09:30:00"},
        {"name": "spike", "kind": "volume", "last_fired": None},
    ]
    assert (watch["articles"], watch["events"], watch["alerts"]) == (0, 0, 1)
    assert client.get("/api/alerts", params={"rule": "spike"}).json()["items"] == []
    assert client.get("/api/alerts", params={"limit": 0}).status_code == 400
    con.close()  # the app never closes the connection it was given; its owner does


def test_a_store_without_a_watch_or_an_alerts_table(tmp_path):
    db = tmp_path / "veille.duckdb"
    con = store.connect(db)
    con.execute("DROP TABLE alerts")  # a store made before the watch, opened read-only
    con.close()
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    assert client.get("/api/alerts").json()["items"] == []
    watch = client.get("/api/watch").json()
    assert watch["watching"] is False and watch["rules"] == [] and watch["alerts"] == 0
