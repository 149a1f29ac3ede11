"""`veille watch --serve` in headless Chromium: a new event appears in the dashboard within
one poll interval of the watch storing it, with no reload; the Alerts tab lists the rules."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.watch.conftest import feeds, item  # noqa: F401 (the feed server fixture)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install -y chromium)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)
expect = playwright_api.expect
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
EVERY = 3.0  # seconds between polls


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_new_event_appears_within_one_poll_interval(tmp_path, feeds, nlp):  # noqa: F811
    from veille import store
    from veille.ingest import Fetcher
    from veille.watch import watch
    from veille.watch.live import serve_in_thread
    from veille.watch.rules import Rule

    feeds.feeds["/a.xml"] = [item(1)]
    db = tmp_path / "veille.duckdb"
    con = store.connect(db)
    rule = Rule("Russian strikes", "event", {"source": ["RUS"]})
    status = {"every": EVERY, "rules": [{"name": rule.name, "kind": rule.kind}]}
    port = _free_port()
    server = serve_in_thread(db, con, status, port=port)
    stop = threading.Event()
    polls: list = []

    def on_poll(report):
        status["last_poll"] = report.summary()
        polls.append((time.monotonic(), report.new_articles))

    fetcher = Fetcher(delay=0, timeout=2)
    watcher = threading.Thread(
        target=watch,
        args=([feeds.url("/a.xml")], con, nlp),
        kwargs={"every": EVERY, "rules": [rule], "stop": stop, "fetcher": fetcher,
                "fetch_links": False, "on_poll": on_poll},
    )  # fmt: skip
    watcher.start()
    try:
        deadline = time.monotonic() + 30
        while not polls:
            assert time.monotonic() < deadline, "the first poll did not end"
            time.sleep(0.05)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body[data-started=true]")
            page.wait_for_selector("body[data-live]")
            rows = page.locator("#events-table tbody tr")
            before = rows.count()
            assert before > 0 and page.locator("#events-table", has_text="Dnipro").count() == 0
            expect(page.locator("#live")).to_contain_text(f"watching every {EVERY:g}")
            # A new dispatch is published: the next poll stores it ...
            feeds.feeds["/a.xml"].insert(0, item(3))
            done = len(polls)
            while not any(new for _, new in polls[done:]):
                assert time.monotonic() < deadline + 2 * EVERY, "the new item was not stored"
                time.sleep(0.05)
            # ... and the dashboard shows it within one poll interval, with no reload.
            expect(page.locator("#events-table tbody tr", has_text="Dnipro").first).to_be_visible(
                timeout=EVERY * 1000
            )
            assert rows.count() > before
            page.click("#tabs button[data-view=alerts]")
            page.wait_for_selector("#view-alerts[data-ready=true]")
            rule_row = page.locator("#rules-table tbody tr", has_text="Russian strikes")
            assert "never" not in rule_row.text_content()
            assert page.locator("#alerts-table tbody tr").count() >= 1
            assert errors == []
            browser.close()
    finally:
        stop.set()
        watcher.join(timeout=30)
        server.should_exit = True
        fetcher.close()
        con.close()
