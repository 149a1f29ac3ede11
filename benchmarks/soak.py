"""Soak test of `veille watch`: a local feed publishes an article a second; the watch polls it
for some minutes and the resident memory is printed over time (flat within 10 % after warm-up).

    python benchmarks/soak.py [--minutes 3] [--every 2] [--warm-up 60]

The feed (on 127.0.0.1) lists the latest 30 articles of the generated corpus
(benchmarks/corpus.py), one more each second; the watch runs in this process as `veille watch`
runs it, with rules of each kind and a JSONL log, into a new store.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402

SHOWN = 30  # items in the feed at any time


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def serve_feed(articles: list[dict], started: float) -> ThreadingHTTPServer:
    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path != "/feed.xml":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            published = min(len(articles), int(time.monotonic() - started) + 1)
            items = "".join(
                f"<item><guid>{a['id']}</guid><title>{escape(a['title'])}</title>"
                f"<link>http://127.0.0.1/{a['id']}</link>"
                f"<pubDate>{formatdate(usegmt=True)}</pubDate>"
                f"<description>{escape(a['text'])}</description></item>"
                for a in reversed(articles[max(0, published - SHOWN) : published])
            )
            body = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>soak</title><link>http://127.0.0.1/</link>{items}</channel></rss>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--every", type=float, default=2.0, help="poll interval, seconds")
    parser.add_argument("--warm-up", type=float, default=60.0, help="seconds before RSS counts")
    parser.add_argument("--report", type=float, default=10.0, help="seconds between RSS lines")
    options = parser.parse_args()

    from veille import store
    from veille.ingest import Fetcher
    from veille.nlp import load
    from veille.watch import Deliverer, watch
    from veille.watch.deliver import Delivery
    from veille.watch.rules import Rule

    duration = options.minutes * 60
    articles = generate(int(duration) + SHOWN, seed=11)
    nlp = load("fr")
    folder = Path(tempfile.mkdtemp(prefix="veille-soak-"))
    con = store.connect(folder / "veille.duckdb")
    rules = [
        Rule("Russian strikes", "event", {"source": ["RUS"], "root": ["18", "19", "20"]}),
        Rule("Denials", "event", {"stance": ["denied"]}),
        Rule("Accusations", "volume", {"root": ["11"]}, hours=0.05, days=1, min_count=2),
    ]
    deliverer = Deliverer(Delivery(jsonl=folder / "alerts.jsonl"))
    started = time.monotonic()
    httpd = serve_feed(articles, started)
    feed = f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml"
    fetcher = Fetcher(delay=0)
    stop = threading.Event()
    samples: list[tuple[float, int]] = []
    totals = {"articles": 0, "alerts": 0, "errors": 0}
    next_report = 0.0
    cpu_start = time.process_time()
    print(f"soak: {options.minutes:g} min, an article a second, a poll every {options.every:g} s")
    print(f"{'seconds':>8} {'RSS MB':>8} {'DuckDB MB':>9} {'stored':>7} {'alerts':>7} {'CPU s':>7}")

    def on_poll(report) -> None:
        nonlocal next_report
        totals["articles"] += report.new_articles
        totals["alerts"] += len(report.alerts)
        totals["errors"] += len(report.errors)
        elapsed = time.monotonic() - started
        if elapsed >= next_report:
            samples.append((elapsed, rss_kb()))
            # DuckDB's own share of it: its buffers follow the store's size, up to its limit.
            duck = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
            print(
                f"{elapsed:8.0f} {samples[-1][1] / 1024:8.1f} {duck / 2**20:9.1f} {totals['articles']:7d}"
                f" {totals['alerts']:7d} {time.process_time() - cpu_start:7.1f}",
                flush=True,
            )
            next_report = elapsed + options.report
        if elapsed >= duration:
            stop.set()

    watch([feed], con, nlp, every=options.every, rules=rules, stop=stop, fetcher=fetcher,
          on_poll=on_poll, on_alerts=deliverer.send, fetch_links=False)  # fmt: skip
    deliverer.close()
    httpd.shutdown()
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    warm = [kb for t, kb in samples if t >= options.warm_up]
    if len(warm) < 2:
        print("soak: too short to judge memory after the warm-up")
        return 1
    spread = (max(warm) - min(warm)) / min(warm)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = time.process_time() - cpu_start
    print(
        f"soak: {stored} articles stored ({totals['errors']} errors), {totals['alerts']} alerts;"
        f" CPU {cpu:.0f} s ({cpu / max(stored, 1):.2f} s an article); peak RSS {peak:.0f} MB"
    )
    print(
        f"soak: RSS after {options.warm_up:g} s from {min(warm) / 1024:.1f} to"
        f" {max(warm) / 1024:.1f} MB: {spread:.1%} ({'flat' if spread <= 0.10 else 'NOT flat'}"
        " within 10 %)"
    )
    return 0 if spread <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
