"""`veille watch` and `veille alerts`, driven in process."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time

from typer.testing import CliRunner

from tests.watch.conftest import item
from veille import store
from veille.cli import app

runner = CliRunner()


def test_watch_once_stores_alerts_and_prints_a_progress_line(tmp_path, feeds, nlp):
    feeds.feeds["/a.xml"] = [item(1), item(2)]
    log = tmp_path / "alerts.jsonl"
    rules = tmp_path / "rules.toml"
    rules.write_text(
        f'[[rule]]\nname = "Russian strikes"\nsource = "RUS"\n\n[delivery]\njsonl = "{log}"\n',
        "utf-8",
    )
    db = tmp_path / "veille.duckdb"
    args = ["watch", feeds.url("/a.xml"), "--once", "--db", str(db), "--rules", str(rules)]
    args += ["--no-follow", "--delay", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "poll 1 " in result.output
    assert "1 sources checked (0 unchanged), 2 new articles" in result.output
    assert "alert Russian strikes: RUSMIL" in result.output
    # Again: the feed answers 304, nothing new, no alert twice.
    again = runner.invoke(app, args)
    assert "1 sources checked (1 unchanged), 0 new articles" in again.output
    assert "0 alerts, 0 errors" in again.output
    listed = runner.invoke(app, ["alerts", "--db", str(db), "--format", "json"])
    alerts = json.loads(listed.output)
    # Both dispatches tell a Russian strike, but their template folds them into one story:
    # one alert, for whichever of the two the watch read first.
    assert [a["rule"] for a in alerts] == ["Russian strikes"]
    assert alerts[0]["url"] in (item(1)["url"], item(2)["url"])
    assert [json.loads(line)["alert_id"] for line in log.read_text("utf-8").splitlines()] == [
        alerts[0]["alert_id"]
    ]


def test_watch_once_exits_1_when_a_source_failed(tmp_path, feeds, nlp):
    feeds.status["/down.xml"] = 500
    result = runner.invoke(
        app, ["watch", feeds.url("/down.xml"), "--once", "--db", str(tmp_path / "v.duckdb")]
    )
    assert result.exit_code == 1
    assert "HTTP 500" in result.output and "1 errors" in result.output


def test_a_bad_rules_file_or_interval_is_a_usage_error(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "all"\n', "utf-8")
    result = runner.invoke(app, ["watch", "feed.xml", "--rules", str(rules)])
    assert result.exit_code == 2 and "would fire on every event" in result.output
    result = runner.invoke(app, ["watch", "feed.xml", "--every", "soon"])
    assert result.exit_code == 2 and "not an interval" in result.output


def test_sigterm_finishes_the_batch_in_flight_and_exits(tmp_path, feeds, nlp):
    feeds.feeds["/a.xml"] = [item(1), item(4)]
    db = tmp_path / "veille.duckdb"

    def terminate_once_the_feed_is_read():
        deadline = time.monotonic() + 30
        while not feeds.answered("/a.xml") and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)  # while the batch is being analysed

    threading.Thread(target=terminate_once_the_feed_is_read, daemon=True).start()
    started = time.monotonic()
    args = ["watch", feeds.url("/a.xml"), "--every", "10m", "--db", str(db), "--no-follow"]
    result = runner.invoke(app, args + ["--delay", "0"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 60  # not ten minutes: stopped after the first batch
    assert "poll 1 " in result.output and "2 new articles" in result.output
    con = store.connect(db)  # closed cleanly: opens again, the batch stored and marked read
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM watch_seen").fetchone()[0] == 2
    con.close()


def test_serve_on_a_busy_port_is_an_error_before_any_poll(tmp_path, feeds):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["watch", feeds.url("/a.xml"), "--serve", "--port", str(port)]
        result = runner.invoke(app, args + ["--db", str(tmp_path / "v.duckdb")])
    assert result.exit_code == 2
    assert f"the dashboard could not start on 127.0.0.1:{port}" in result.output
    assert feeds.requests == []
