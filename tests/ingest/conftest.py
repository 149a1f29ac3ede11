"""A local HTTP server on 127.0.0.1 for the feed and fetch tests; it stops by itself."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.ingest.pages import GREVE, JAPANESE, LOIRE, html_page

LIFETIME = 120  # seconds: the server shuts down even if a test run is interrupted
SLOW = 1.5  # seconds the /slow page waits before answering; tests use a shorter timeout
BIG = 50_000_000  # bytes the /big page claims and starts to send


# Other crawlers may read /prive/ but veille may not: the group for veille must win.
ROBOTS = "User-agent: *\nDisallow: /\n\nUser-agent: veille\nDisallow: /prive/\n"


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.seen_agents.append(self.headers.get("User-Agent", ""))
        try:
            if self.path == "/slow":
                time.sleep(SLOW)
                self._send(200, html_page(LOIRE))
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(BIG))
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                for _ in range(BIG // len(chunk)):
                    self.wfile.write(chunk)
            elif self.path == "/big-chunked":
                # No Content-Length: the client must stop reading at its limit.
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                for _ in range(BIG // len(chunk)):
                    self.wfile.write(chunk)
            elif self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/loire.html")
                self.end_headers()
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif self.path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif isinstance(self.pages.get(self.path), int):  # a status the test sets
                self._send(self.pages[self.path], "")
            elif self.path in self.pages:
                content_type = (
                    "application/rss+xml"
                    if self.path.endswith(".xml")
                    else "text/html; charset=utf-8"
                )
                self._send(200, self.pages[self.path], content_type)
            else:
                self._send(404, "<html><body>Page introuvable</body></html>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading on purpose (size limit, timeout)

    def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="session")
def server():
    """Base URL of a server with /loire.html, /greve.html, /ja.html, /slow, /big, /moved …"""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.seen_agents = []
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.pages = {
        "/loire.html": html_page(LOIRE, url=f"{base}/loire.html"),
        "/greve.html": html_page(GREVE, url=f"{base}/greve.html"),
        "/ja.html": html_page(JAPANESE, url=f"{base}/ja.html", lang="ja"),
        "/prive/greve.html": html_page(GREVE, url=f"{base}/prive/greve.html"),
        "/robots.txt": ROBOTS,
    }
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    stopper = threading.Timer(LIFETIME, httpd.shutdown)
    stopper.daemon = True
    stopper.start()
    yield httpd, base
    stopper.cancel()
    httpd.shutdown()
    httpd.server_close()
