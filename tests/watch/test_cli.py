"""`veille watch` and `veille alerts`, driven in process."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.watch.conftest import item
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
    # Dispatch 2 names no Russian actor (and its template folds it into dispatch 1's story).
    assert [(a["rule"], a["url"]) for a in alerts] == [("Russian strikes", item(1)["url"])]
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
