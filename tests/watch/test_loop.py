"""The watch loop against a local feed server whose feeds change between polls."""

from __future__ import annotations

import os
import signal
import threading
from datetime import timedelta

import pytest

from tests.watch.conftest import item
from veille import store
from veille.watch import source_states, stop_on_signals, watch


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "veille.duckdb")
    yield con
    con.close()


def _poll(sources, con, nlp, fetcher, **options):
    """One poll (as `veille watch --once`); its report."""
    reports = []
    watch(
        sources,
        con,
        nlp,
        once=True,
        fetcher=fetcher,
        fetch_links=False,
        on_poll=reports.append,
        **options,
    )
    return reports[0]


def _origins(con) -> list[str]:
    return sorted(r[0] for r in con.execute("SELECT origin_id FROM articles").fetchall())


def test_new_items_are_stored_once_and_an_unchanged_feed_answers_304(feeds, fetcher, con, nlp):
    feeds.feeds["/a.xml"] = [item(1), item(2)]
    feed = feeds.url("/a.xml")
    first = _poll([feed], con, nlp, fetcher)
    assert (first.new_articles, first.unchanged, first.errors) == (2, 0, [])
    assert first.events > 0
    # Unchanged: the watch sends the ETag back and the server answers 304.
    second = _poll([feed], con, nlp, fetcher)
    assert (second.new_articles, second.unchanged) == (0, 1)
    assert feeds.answered("/a.xml") == [200, 304]
    assert feeds.requests[-1][1] != ""  # If-None-Match was sent
    # A new item on top: only it is analysed.
    feeds.feeds["/a.xml"] = [item(3), item(1), item(2)]
    third = _poll([feed], con, nlp, fetcher)
    assert third.new_articles == 1
    assert _origins(con) == sorted(item(i)["url"] for i in (1, 2, 3))


def test_a_folder_gives_its_new_files(tmp_path, fetcher, con, nlp):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(item(4)["title"] + "\n" + item(4)["text"], "utf-8")
    assert _poll([str(folder)], con, nlp, fetcher).new_articles == 1
    (folder / "b.txt").write_text(item(5)["title"] + "\n" + item(5)["text"], "utf-8")
    report = _poll([str(folder)], con, nlp, fetcher)
    assert (report.new_articles, report.errors) == (1, [])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_a_failing_feed_is_reported_and_retried_while_the_others_go_on(feeds, fetcher, con, nlp):
    feeds.feeds["/good.xml"] = [item(1)]
    feeds.feeds["/bad.xml"] = [item(2)]
    feeds.status["/bad.xml"] = 500
    sources = [feeds.url("/bad.xml"), feeds.url("/good.xml")]
    first = _poll(sources, con, nlp, fetcher, every=60)
    assert [str(e) for e in first.errors] == [f"{sources[0]}: HTTP 500 Internal Server Error"]
    assert first.new_articles == 1  # the good feed, polled after the bad one
    # Then it times out (the fetcher allows 1 s): reported again, the other still polled.
    del feeds.status["/bad.xml"]
    feeds.delay["/bad.xml"] = 1.5
    feeds.feeds["/good.xml"] = [item(3), item(1)]
    second = _poll(sources, con, nlp, fetcher, every=60)
    assert "timed out" in str(second.errors[0]) and second.new_articles == 1
    state = {s["source"]: s for s in source_states(con)}[sources[0]]
    # Two failures in a row: the next try waits two intervals (the first waited one).
    assert state["failures"] == 2
    assert timedelta(seconds=115) < state["due_at"] - state["polled_at"] <= timedelta(seconds=120)
    # It answers again: retried, its item stored, its failures forgotten.
    del feeds.delay["/bad.xml"]
    third = _poll(sources, con, nlp, fetcher, every=60)
    assert third.errors == [] and third.new_articles == 1
    assert {s["source"]: s for s in source_states(con)}[sources[0]]["failures"] == 0
    assert feeds.answered("/bad.xml")[0] == 500


def test_a_feed_backing_off_waits_while_the_others_are_polled(feeds, fetcher, con, nlp):
    feeds.feeds["/good.xml"] = [item(1)]
    feeds.status["/bad.xml"] = 503
    sources = [feeds.url("/bad.xml"), feeds.url("/good.xml")]
    stop = threading.Event()
    reports = []

    def on_poll(report):
        reports.append(report)
        if report.number == 3:
            stop.set()

    watch(
        sources, con, nlp, every=0.3, stop=stop, fetcher=fetcher, fetch_links=False, on_poll=on_poll
    )
    # Failed at polls 1 and 2: the next try is two intervals after poll 2, so poll 3 skips it.
    assert [r.checked for r in reports] == [2, 2, 1]
    assert len(feeds.answered("/bad.xml")) == 2


def test_a_restart_in_the_middle_resumes_with_no_duplicate_and_no_missed_item(
    tmp_path, feeds, fetcher, nlp
):
    db = tmp_path / "veille.duckdb"
    feeds.feeds["/a.xml"] = [item(i) for i in range(1, 6)]
    feed = feeds.url("/a.xml")
    stop = threading.Event()
    con = store.connect(db)
    # SIGTERM after the first batch: that batch is stored and marked, the rest waits.
    watch(
        [feed],
        con,
        nlp,
        once=True,
        stop=stop,
        fetcher=fetcher,
        fetch_links=False,
        batch_size=2,
        on_alerts=lambda alerts: stop.set(),
    )
    assert len(_origins(con)) == 2
    # A crash between storing a batch and marking it read: the item is read again.
    con.execute("DELETE FROM watch_seen WHERE item = ?", [item(1)["id"]])
    con.close()
    feeds.feeds["/a.xml"].insert(0, item(6))
    con = store.connect(db)
    report = _poll([feed], con, nlp, fetcher)
    assert report.new_articles == 4  # 3, 4, 5 and the new 6; 1 is read but already stored
    assert _origins(con) == sorted(item(i)["url"] for i in range(1, 7))
    seen = con.execute("SELECT count(*), count(DISTINCT item) FROM watch_seen").fetchone()
    assert seen == (6, 6)
    con.close()


def test_sigint_and_sigterm_set_the_stop_flag_instead_of_killing(nlp):
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(2)
        stop.clear()
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.wait(2)
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_article_whose_analysis_fails_is_reported_and_its_batch_stored(
    feeds, fetcher, con, nlp, monkeypatch
):
    from veille.clean import quality

    flags = quality.quality_flags

    def failing(text, *args):
        if "Kherson" in text:  # dispatch 2
            raise RuntimeError("a bug in an extractor")
        return flags(text, *args)

    monkeypatch.setattr(quality, "quality_flags", failing)
    feeds.feeds["/a.xml"] = [item(1), item(2), item(3)]
    report = _poll([feeds.url("/a.xml")], con, nlp, fetcher)
    assert report.new_articles == 2
    [error] = report.errors
    assert "a bug in an extractor" in error.reason
    assert _origins(con) == sorted(item(i)["url"] for i in (1, 3))
