"""What the watch reads from each kind of source: Last-Modified, OPML lists, feed files."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from tests.watch.conftest import item, rss
from veille import store
from veille.watch import watch


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "veille.duckdb")
    yield con
    con.close()


def _poll(sources, con, nlp, fetcher):
    reports = []
    watch(sources, con, nlp, once=True, fetcher=fetcher, fetch_links=False,
          on_poll=reports.append)  # fmt: skip
    return reports[0]


def test_a_feed_with_only_last_modified_answers_304_when_unchanged(feeds, fetcher, con, nlp):
    feeds.feeds["/a.xml"] = [item(1)]
    feeds.no_etag["/a.xml"] = formatdate(1_700_000_000, usegmt=True)
    assert _poll([feeds.url("/a.xml")], con, nlp, fetcher).new_articles == 1
    report = _poll([feeds.url("/a.xml")], con, nlp, fetcher)
    assert (report.unchanged, report.new_articles) == (1, 0)
    assert feeds.answered("/a.xml") == [200, 304]
    # Changed (a later Last-Modified): read again, only the new item stored.
    feeds.feeds["/a.xml"].insert(0, item(3))
    feeds.no_etag["/a.xml"] = formatdate(1_700_000_600, usegmt=True)
    report = _poll([feeds.url("/a.xml")], con, nlp, fetcher)
    assert (report.unchanged, report.new_articles) == (0, 1)


def test_an_opml_list_gives_its_feeds(tmp_path, feeds, fetcher, con, nlp):
    feeds.feeds["/a.xml"] = [item(1)]
    feeds.feeds["/b.xml"] = [item(4)]
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>desk</title></head><body>'
        f'<outline text="news"><outline type="rss" text="A" xmlUrl="{feeds.url("/a.xml")}"/>'
        f'<outline type="rss" text="B" xmlUrl="{feeds.url("/b.xml")}"/></outline>'
        "</body></opml>",
        "utf-8",
    )
    report = _poll([str(opml)], con, nlp, fetcher)
    assert (report.checked, report.new_articles, report.errors) == (2, 2, [])


def test_a_feed_file_gives_its_new_items(tmp_path, fetcher, con, nlp):
    path = tmp_path / "feed.xml"
    path.write_text(rss([item(1)]), "utf-8")
    assert _poll([str(path)], con, nlp, fetcher).new_articles == 1
    path.write_text(rss([item(4), item(1)]), "utf-8")
    assert _poll([str(path)], con, nlp, fetcher).new_articles == 1


def test_a_missing_source_or_a_page_that_is_no_feed_is_reported(tmp_path, feeds, fetcher, con, nlp):
    feeds.status["/page.html"] = 200  # an empty page
    report = _poll([str(tmp_path / "nowhere"), feeds.url("/page.html")], con, nlp, fetcher)
    assert [e.reason for e in report.errors] == [
        "no such file or folder",
        "not an RSS or Atom feed",
    ]
