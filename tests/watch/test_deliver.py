"""Delivery: a JSONL log, a local webhook receiver (retried when it fails, never holding the
watch), and a local SMTP server (aiosmtpd) with STARTTLS and a login from the environment."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.watch.conftest import item
from veille import store
from veille.watch import Deliverer, watch
from veille.watch.alerts import Alert
from veille.watch.deliver import Delivery, Smtp, Webhook, delivery_from
from veille.watch.rules import Rule, RulesError

ALERT = Alert(
    "a1" * 16,
    "Russian strikes",
    "event",
    datetime(2024, 10, 8, 9, 30),
    "Russian strikes: RUSMIL 195 → UKR “L'armée russe a bombardé Kharkiv”",
    url="https://example.org/depeche/1",
    evidence="L'armée russe a bombardé Kharkiv",
    reported_by="gouverneur régional",
)


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        hook = self.server.hook
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(hook["delay"])
        status = hook["statuses"].pop(0) if hook["statuses"] else 200
        hook["received"].append((status, json.loads(body)))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hook():
    """A webhook receiver: answers the statuses listed (then 200) after `delay` seconds."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    httpd.daemon_threads = True
    httpd.hook = {"statuses": [], "delay": 0.0, "received": []}
    httpd.hook["url"] = f"http://127.0.0.1:{httpd.server_address[1]}/veille"
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield httpd.hook
    httpd.shutdown()
    httpd.server_close()


def test_the_jsonl_log_gets_a_line_per_alert(tmp_path):
    log = tmp_path / "alerts.jsonl"
    deliverer = Deliverer(Delivery(jsonl=log))
    deliverer.send([ALERT])
    deliverer.send([ALERT])
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert len(lines) == 2
    assert lines[0]["rule"] == "Russian strikes" and lines[0]["fired_at"] == "2024-10-08T09:30:00"
    assert lines[0]["url"] == "https://example.org/depeche/1"


def test_a_failing_webhook_is_retried_until_it_takes_the_alert(hook):
    hook["statuses"] = [500, 503]
    errors = []
    deliverer = Deliverer(Delivery(webhook=Webhook(hook["url"], backoff=0.05)), errors.append)
    deliverer.send([ALERT])
    deliverer.close()
    assert [status for status, _ in hook["received"]] == [500, 503, 200]
    assert hook["received"][-1][1]["evidence"] == "L'armée russe a bombardé Kharkiv"
    assert errors == []


def test_a_webhook_down_for_good_is_reported(hook):
    hook["statuses"] = [500] * 3
    errors = []
    deliverer = Deliverer(
        Delivery(webhook=Webhook(hook["url"], retries=2, backoff=0.01)), errors.append
    )
    deliverer.send([ALERT])
    deliverer.close()
    assert len(hook["received"]) == 3
    assert errors and "failed 3 times" in errors[0] and "500" in errors[0]


def test_a_slow_failing_webhook_never_holds_the_polls(tmp_path, hook, feeds, fetcher, nlp):
    hook["statuses"] = [500] * 4
    hook["delay"] = 0.3  # each attempt: 0.3 s, then a failure
    deliverer = Deliverer(Delivery(webhook=Webhook(hook["url"], timeout=2, retries=3, backoff=0.3)))
    feeds.feeds["/a.xml"] = [item(1)]
    con = store.connect(tmp_path / "veille.duckdb")
    stop = threading.Event()
    polls = []

    def on_poll(report):
        polls.append(time.monotonic())
        if len(polls) == 3:
            stop.set()

    rule = Rule("Russian strikes", "event", {"source": ["RUS"]})
    watch([feeds.url("/a.xml")], con, nlp, every=0.2, rules=[rule], stop=stop, fetcher=fetcher,
          fetch_links=False, on_poll=on_poll, on_alerts=deliverer.send)  # fmt: skip
    # Three polls done while the webhook's four attempts (4 x 0.3 s + 0.3 + 0.6 + 1.2 s of
    # pauses) were still under way.
    assert len(polls) == 3 and polls[2] - polls[0] < 1.5
    assert len(hook["received"]) < 4
    deliverer.close()
    assert len(hook["received"]) == 4
    con.close()


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), as a server context and its file."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (it makes the test's certificate)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, str(cert)


@pytest.fixture
def smtp_server(tls):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
            received.append((session.ssl is not None, envelope))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=port, tls_context=tls[0], require_starttls=True,
        authenticator=authenticator, auth_required=True,
    )  # fmt: skip
    controller.start()
    yield {"port": port, "cafile": tls[1], "received": received, "logins": logins}
    controller.stop()


def test_alerts_arrive_by_email_over_starttls_with_the_environments_login(smtp_server, monkeypatch):
    monkeypatch.setenv("VEILLE_SMTP_USER", "veille")
    monkeypatch.setenv("VEILLE_SMTP_PASSWORD", "s3cret")
    settings = {
        "smtp": {"host": "127.0.0.1", "port": smtp_server["port"], "starttls": True,
                 "from": "veille@example.org", "to": "desk@example.org",
                 "cafile": smtp_server["cafile"]},
    }  # fmt: skip
    errors = []
    deliverer = Deliverer(delivery_from(settings), errors.append)
    deliverer.send([ALERT, ALERT])
    deliverer.close()
    assert errors == []
    assert smtp_server["logins"] == [(b"veille", b"s3cret")]
    [(encrypted, envelope)] = smtp_server["received"]
    assert encrypted and envelope.rcpt_tos == ["desk@example.org"]
    text = envelope.content.decode("utf-8")
    assert "Subject: veille alert: Russian strikes (+1 more)" in text
    assert "https://example.org/depeche/1" in text


def test_an_smtp_server_down_is_reported_not_raised():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    smtp = Smtp("127.0.0.1", ["desk@example.org"], "veille@example.org", port, timeout=2)
    errors = []
    deliverer = Deliverer(Delivery(smtp=smtp), errors.append)
    deliverer.send([ALERT])
    deliverer.close()
    assert len(errors) == 1 and errors[0].startswith("e-mail to 127.0.0.1 failed")


def test_a_malformed_delivery_table_is_an_error():
    with pytest.raises(RulesError, match="unknown keys"):
        delivery_from({"slack": "x"})
    with pytest.raises(RulesError, match="from"):
        delivery_from({"smtp": {"host": "h", "to": "a@b"}})
