"""The API under load: a store of 50,000 events, the listing endpoints at concurrency 16.

    python benchmarks/bench_api.py [--events 50000] [--requests 500] [--concurrency 16]

Builds the store from generated analyses (no parsing: what is measured is the server), starts
`veille serve` on it in its own process, sends the requests round-robin over the listing
endpoints and prints requests/s, p50/p99 latency (overall and per endpoint), the largest
answer, and the server's peak resident memory; then, when Debian's chromium and playwright are
installed, how long the dashboard's claims view takes to render in headless Chromium.
Targets (issue 15): p99 <= 500 ms, resident memory <= 1 GB, claims view under 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from veille import cameo
from veille.records import Analysis, Article
from veille.store import connect, write_batch

TARGET_P99_MS = 500
TARGET_RSS_MB = 1000
TARGET_CLAIMS_S = 2.0
EVENTS_PER_ARTICLE = 4
ENDPOINTS = [
    "/api/events",
    "/api/events?actor=RUS",
    "/api/claims",
    "/api/geojson",
    "/api/articles",
    "/api/quotes",
    "/api/actors",
    "/api/places",
    "/api/stories",
]
ACTORS = ["RUS", "UKR", "USA", "FRA", "DEU", "CHN", "IRN", "ISR", "MLI", "NER", "SEN", "TUR"]
ROLES = ["GOV", "MIL", "", "REB", "MED"]
PLACES = [
    ("Kyiv", "UKR", 50.45, 30.52),
    ("Moscow", "RUS", 55.75, 37.62),
    ("Paris", "FRA", 48.86, 2.35),
    ("Bamako", "MLI", 12.65, -8.0),
    ("Tehran", "IRN", 35.69, 51.39),
    ("Beijing", "CHN", 39.9, 116.4),
]
SENTENCE = (
    "Le ministre {src} a accusé {tgt} d'avoir violé l'accord signé à {place}, selon un "
    "communiqué publié {day}. "
)


def build_store(path: Path, n_events: int, seed: int = 15) -> None:
    """n_events events in n_events / 4 articles, three articles to a story, with places,
    quotes and stances spread as a real store spreads them."""
    rng = random.Random(seed)
    codes = [c for c in cameo.table() if len(c) == 3][:60]
    con = connect(path)
    batch: list[Analysis] = []
    stories: dict[str, str] = {}
    for i in range(n_events // EVENTS_PER_ARTICLE):
        place = rng.choice(PLACES)
        text = "".join(
            SENTENCE.format(src=rng.choice(ACTORS), tgt=rng.choice(ACTORS), place=place[0], day=d)
            for d in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
        )
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        article = Article(
            text=text,
            title=f"Dépêche {i}",
            origin_id=f"bench-{i}",
            url=f"https://example.org/{i}",
            source_name=rng.choice(["AFP", "Reuters", "TASS", "Le Monde"]),
            published=day,
            lang="fr",
        )
        aid = f"{i:032x}"
        stories[aid] = f"{i // 3:032x}"
        events, seen = [], set()
        while len(events) < EVENTS_PER_ARTICLE:
            src, tgt, code = rng.choice(ACTORS), rng.choice(ACTORS), rng.choice(codes)
            src_role, tgt_role = rng.choice(ROLES), rng.choice(ROLES)
            key = (src + src_role, tgt + tgt_role, code)
            if key in seen:
                continue
            seen.add(key)
            start = 110 * len(events)
            entry = cameo.table()[code]
            events.append(
                {
                    "start": start,
                    "end": start + 100,
                    "evidence": text[start : start + 100],
                    "source": src,
                    "source_role": src_role,
                    "source_code": src + src_role,
                    "source_name": src,
                    "target": tgt,
                    "target_role": tgt_role,
                    "target_code": tgt + tgt_role,
                    "target_name": tgt,
                    "code": code,
                    "base_code": code,
                    "root_code": code[:2],
                    "quad_class": entry["quad_class"],
                    "goldstein": entry["goldstein"],
                    "stance": rng.choice(["asserted"] * 6 + ["denied", "hypothetical"]),
                    "reported_by": rng.choice(["", "", "un porte-parole", "des témoins"]),
                    "place": place[0],
                    "date": day,
                    "is_root_event": len(events) == 0,
                }
            )
        at = text.index(place[0])
        places = [
            {
                "start": at,
                "end": at + len(place[0]),
                "mention": place[0],
                "name": place[0],
                "country": place[1],
                "admin1": "",
                "kind": "city",
                "lat": place[2],
                "lon": place[3],
                "geonames_id": None,
            }
        ]
        quotes = [
            {
                "start": 0,
                "end": 60,
                "quote": text[:60],
                "speaker": f"Porte-parole {rng.choice(ACTORS)}",
                "speaker_country": rng.choice(ACTORS),
                "speaker_role": "GOV",
                "relay": "",
                "cue": "déclarer",
            }
        ]
        batch.append(
            Analysis(article=article, article_id=aid, events=events, places=places, quotes=quotes)
        )
        if len(batch) == 1000:
            write_batch(con, batch, stories)
            batch = []
    write_batch(con, batch, stories)
    con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    args = [sys.executable, "-m", "veille.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/cameo", timeout=5)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("veille serve did not start")


async def load(base: str, n: int, concurrency: int) -> tuple[list[tuple[str, float, int]], float]:
    """(endpoint, seconds, bytes) per request, and the wall time of the whole load."""
    results: list[tuple[str, float, int]] = []
    queue = [ENDPOINTS[i % len(ENDPOINTS)] for i in range(n)]
    limits = httpx.Limits(max_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def worker() -> None:
            while queue:
                url = queue.pop()
                started = time.perf_counter()
                response = await client.get(url)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
                results.append((url, elapsed, len(response.content)))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return results, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far: what a busy shared machine does not blur."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def claims_render_seconds(base: str) -> tuple[float, int] | None:
    """Seconds from clicking the claims tab to the view drawn, and its DOM nodes; None when no
    browser can be driven here."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        page.goto(base + "/")
        page.wait_for_selector("body[data-started=true]")
        started = time.perf_counter()
        page.click("#tabs button[data-view=claims]")
        page.wait_for_selector("#view-claims[data-ready=true]")
        page.wait_for_selector("#claims .claim")
        elapsed = time.perf_counter() - started
        nodes = page.evaluate("document.querySelectorAll('#claims *').length")
        browser.close()
    return elapsed, nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        build_store(db, args.events)
        print(f"store: {args.events:,} events built in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            cpu_before = cpu_seconds(server.pid)
            results, wall = asyncio.run(load(base, args.requests, args.concurrency))
            cpu = cpu_seconds(server.pid) - cpu_before
            rss = peak_rss_mb(server.pid)
            rendered = claims_render_seconds(base)
        finally:
            server.terminate()
            server.wait()

    latencies = [r[1] * 1000 for r in results]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    print(
        f"{len(results)} requests at concurrency {args.concurrency}: "
        f"{len(results) / wall:.1f} req/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms "
        f"(target p99 <= {TARGET_P99_MS} ms)"
    )
    per_request = cpu / len(results)
    print(
        f"server CPU: {per_request * 1000:.1f} ms a request, so at most"
        f" {os.cpu_count() / per_request:.0f} req/s on this machine's {os.cpu_count()} cores"
        f" (load average {os.getloadavg()[0]:.1f} during the run)"
    )
    for url in ENDPOINTS:
        mine = [r for r in results if r[0] == url]
        ms = [r[1] * 1000 for r in mine]
        print(
            f"  {url:24} p50 {percentile(ms, 50):6.0f} ms  p99 {percentile(ms, 99):6.0f} ms"
            f"  {max(r[2] for r in mine) / 1000:8.0f} kB"
        )
    print(f"server peak resident memory: {rss:.0f} MB (target <= {TARGET_RSS_MB} MB)")
    if rendered is None:
        print("claims view: skipped (needs /usr/bin/chromium and playwright)")
    else:
        print(
            f"claims view: rendered in {rendered[0]:.2f} s, {rendered[1]:,} DOM nodes"
            f" (target < {TARGET_CLAIMS_S:.0f} s)"
        )


if __name__ == "__main__":
    main()
