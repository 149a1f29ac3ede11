"""A local feed server on 127.0.0.1 whose feeds the tests change between polls: ETag and
Last-Modified with 304 answers, a status or a delay set per path, every request counted."""

from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.articles import dispatch

LIFETIME = 300  # seconds: the server shuts down even if a test run is interrupted


def rss(items: list[dict]) -> str:
    """An RSS 2.0 feed; each item {id, title, text, link?} carries its own text."""
    entries = "".join(
        f"<item><guid>{escape(i['id'])}</guid><title>{escape(i['title'])}</title>"
        f"<link>{escape(i.get('link', i['url']))}</link>"
        f"<pubDate>{formatdate(0, usegmt=True)}</pubDate>"
        f"<description>{escape(i['text'])}</description></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    )


def item(i: int, **changes) -> dict:
    """Dispatch i as a feed item (tests/articles.py: different i, different stories)."""
    return {**dispatch(i), **changes}


class FeedServer:
    """The state the handler serves; tests set feeds, statuses and delays by path."""

    def __init__(self, base: str):
        self.base = base
        self.feeds: dict[str, list[dict]] = {}
        self.status: dict[str, int] = {}  # path -> status to answer instead
        self.delay: dict[str, float] = {}  # path -> seconds to wait before answering
        self.no_etag: dict[str, str] = {}  # path -> its Last-Modified, sent without an ETag
        self.requests: list[tuple[str, str, int]] = []  # (path, If-None-Match, status)
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def answered(self, path: str) -> list[int]:
        return [status for p, _, status in self.requests if p == path]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        state: FeedServer = self.server.state
        path = self.path
        time.sleep(state.delay.get(path, 0))
        if path in state.status:
            return self._send(path, state.status[path], b"")
        if path == "/robots.txt":
            return self._send(path, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        if path not in state.feeds:
            return self._send(path, 404, b"")
        body = rss(state.feeds[path]).encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(path, 304, b"", etag=etag)
        if path in state.no_etag:  # Last-Modified only: the time the feed last changed
            since = self.headers.get("If-Modified-Since")
            status = 304 if since == state.no_etag[path] else 200
            return self._send(path, status, b"" if status == 304 else body,
                              "application/rss+xml", modified=state.no_etag[path])  # fmt: skip
        self._send(path, 200, body, "application/rss+xml", etag)

    def _send(self, path, status, body, content_type="text/html", etag=None, modified=None):
        state: FeedServer = self.server.state
        with state.lock:
            state.requests.append((path, self.headers.get("If-None-Match", ""), status))
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout the test asked for)

    def log_message(self, *args):
        pass


@pytest.fixture
def feeds():
    """A fresh FeedServer for each test, on a port of its own."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.state = FeedServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    stopper = threading.Timer(LIFETIME, httpd.shutdown)
    stopper.daemon = True
    stopper.start()
    yield httpd.state
    stopper.cancel()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    from veille.ingest import Fetcher

    fetcher = Fetcher(delay=0, timeout=1)
    yield fetcher
    fetcher.close()
