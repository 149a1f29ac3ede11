"""Throughput of veille against spaCy's bare parse with the same model, for 1 and 2 workers.

    python benchmarks/bench.py [--corpus PATH.jsonl ...] [--n N] [--workers 1 2] [--repeat 5]

For each kind of run (spaCy's bare parse, veille's own parse without extractors, veille end to
end), a fresh process loads the model and warms up on two generated articles; each pass is then
a fork of that process reading the corpus once, as a real run meets new articles: start-up,
caches (spaCy's lemmatiser, veille's tables) and peak memory are those of a real run, and no
pass finds the words of an earlier one cached (which would flatter one worker against two,
whose workers fill their own caches). veille's 1- and 2-worker passes alternate, back to back.
Prints articles/s, words/s, peak resident memory of each worker, and the ratio to
`spacy.load(model).pipe(texts, n_process=N)` on the same texts; the best of `--repeat` passes
counts, the least disturbed on a shared machine, and veille's pass-by-pass ratios show the
spread.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MODEL = "fr_core_news_md"
BATCH_SIZE = 16  # the same for both sides, so that two workers both get batches
TARGET_RATIO_1 = 0.85  # veille 1 worker / bare parse 1 worker
TARGET_SCALING_2 = 1.7  # veille 2 workers / veille 1 worker
TARGET_RSS_MB = 1200  # per worker
TARGET_GAZETTEER_S = 1.0  # added to start-up
TARGET_GAZETTEER_MB = 300  # added resident memory


def load_corpus(paths: list[str] | None, n: int | None) -> tuple[list[dict], str]:
    """Article objects from JSONL files (the first `n`), or `n` generated ones. Never repeated:
    `veille run` would store a repeated article once, and its words would be cached."""
    rows = []
    for path in paths or []:
        source = Path(path)
        if source.is_file():
            lines = source.read_text("utf-8").splitlines()
            rows += [row for row in map(json.loads, filter(str.strip, lines)) if row.get("text")]
        else:
            print(f"corpus {path} not found: skipped", file=sys.stderr)
    if rows:
        rows = rows[:n] if n else rows
        return rows, f"{', '.join(paths)} ({len(rows)} articles)"
    if paths:
        print("no corpus found: using a generated corpus", file=sys.stderr)
    from corpus import generate

    n = n or 300
    return generate(n), f"generated ({n} articles from templates)"


def measure_gazetteer() -> dict:
    """Run in a child process: what loading the gazetteer's index adds to start-up."""
    from veille.extract import gazetteer

    before = _current_rss_mb()
    start = time.perf_counter()
    gazetteer.warm("fr")
    return {
        "kind": "gazetteer",
        "load_s": time.perf_counter() - start,
        "rss_mb": _current_rss_mb() - before,
    }


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")  # not Linux


def measure(kind: str, passes: list[int], corpus_path: str, components: bool = False) -> list[dict]:
    """Run in a child process: load and warm up once, then time each pass (its worker count) in
    a fork of this process; report times and peak memory per pass."""
    if kind == "gazetteer":
        return [measure_gazetteer()]
    from corpus import generate

    rows = [json.loads(line) for line in Path(corpus_path).read_text("utf-8").splitlines()]
    texts = [r["text"] for r in rows]
    warm_up = generate(2, seed=1)  # text the passes do not contain: their words stay unseen
    start = time.perf_counter()
    if kind in ("bare", "parse"):
        import spacy

        if kind == "bare":
            nlp = spacy.load(MODEL)
        else:  # veille's own parse: its pipeline without cleaning and extractors
            import veille.nlp

            nlp = veille.nlp.load("fr", extractors=False)
        load_s = time.perf_counter() - start
        list(nlp.pipe([r["text"] for r in warm_up]))

        def run(workers: int) -> tuple[int, dict | None]:
            docs = nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=workers)
            return sum(1 for _ in docs), None
    else:  # veille end to end: `veille run` from the JSONL file into a new DuckDB store
        import veille.nlp
        from veille.run import run as veille_run

        nlp = veille.nlp.load("fr")  # loaded once per process: veille_run finds it loaded
        load_s = time.perf_counter() - start
        folder = Path(corpus_path).parent  # the bench's own temporary folder
        warm_path = folder / "warm-up.jsonl"
        warm_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in warm_up))
        veille_run([str(warm_path)], folder / "warm-up.duckdb")

        def run(workers: int) -> tuple[int, dict | None]:
            db = folder / f"pass-{os.getpid()}.duckdb"
            summary = veille_run([corpus_path], db, workers=workers)
            return summary.read, _store_digest(db)

    def one_pass(workers: int) -> dict:
        result = {"kind": kind, "workers": workers, "load_s": load_s}
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        result["articles"], digest = run(workers)
        result["run_s"] = time.perf_counter() - start
        result["cpu_s"] = _cpu_seconds() - cpu_before
        result["worker_rss_mb"] = _peak_rss_mb(workers)
        if digest:  # what was stored, per table: 1 and 2 workers must agree
            result["code"] = _code_fingerprint()
            result["digest"] = digest
        result["words"] = sum(len(t.split()) for t in texts)
        return result

    results = []
    for n, workers in enumerate(passes):
        capacity = machine_scaling() if kind == "veille" else None
        results.append(dict(in_fork(one_pass, workers), repeat=n // 2, machine_x2=capacity))
    if components and "error" not in (timing := in_fork(_time_components, nlp, texts)):
        results[0]["components_cpu_s"] = timing
    return results


SPIN = 3_000_000  # loop turns: about half a second of one core


def machine_scaling() -> float:
    """How much faster this machine runs two copies of a plain CPU loop than one, right now: 2.0
    on two free cores. A shared virtual machine gives less when its host is busy, and then no
    program scales either: measured beside each pass, it shows what the machine offered."""

    def wall(copies: int) -> float:
        start = time.perf_counter()
        pids = [_forked(_spin) for _ in range(copies)]
        for pid in pids:
            os.waitpid(pid, 0)
        return time.perf_counter() - start

    return 2 * wall(1) / wall(2)


def _spin() -> None:
    total = 0
    for i in range(SPIN):
        total += i * i


def _forked(function) -> int:
    pid = os.fork()
    if pid == 0:
        function()
        os._exit(0)
    return pid


def in_fork(function, *args):
    """function(*args) run in a fork of this process, so that it leaves this one as it was; its
    JSON result comes back through a pipe. An exception is returned as {"error": ...}."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            out = function(*args)
        except Exception as error:  # reported, so that the other measurements still print
            out = {"error": f"{type(error).__name__}: {error}"}
        with os.fdopen(write_end, "w") as pipe:
            json.dump(out, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {"error": "the pass died without a result"}


def _code_fingerprint() -> str:
    """A hash of veille's sources and data, so that results of different code are not compared."""
    import veille

    root = Path(veille.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".json", ".jsonl", ".txt"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _peak_rss_mb(workers: int) -> float:
    # ru_maxrss is in KiB on Linux, and a fork starts from its parent's. With one worker the
    # worker is this process; with more, they are forked and joined at the end, so
    # RUSAGE_CHILDREN holds the largest one.
    who = resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN
    return resource.getrusage(who).ru_maxrss / 1024


def _time_components(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds of each pipeline component over the texts, one pass, in this process."""
    from veille.clean import normalise

    times = {"make_doc": 0.0}
    start = time.process_time()
    docs = [nlp.make_doc(normalise(text).text) for text in texts]
    times["make_doc"] = time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
        times[name] = time.process_time() - start
    return times


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


LAYERS = ("entities", "events", "quotes", "places", "dates", "amounts", "boilerplate")


def _store_digest(db: Path) -> dict[str, str]:
    """A hash of each table's rows, in a stable order."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    digest = {}
    for table in LAYERS:
        rows = sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
        digest[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]
    con.close()
    return digest


def run_child(kind: str, passes: list[int], corpus_path: str, components: bool = False) -> list:
    """The passes of one kind, measured in a fresh process; a failure is one error per pass."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", kind, ",".join(map(str, passes)), corpus_path]
        + (["--components"] if components else []),
        # The same hash seed in every run, so that any set-order dependence shows as a difference
        # between runs only when workers really disagree.
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        error = out.stderr.strip().splitlines()[-1:] or out.returncode
        return [{"kind": kind, "workers": w, "error": error} for w in passes]
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_passes(results: list[dict]) -> list[dict]:
    """The fastest pass of each measurement, with the count of passes and the components' timing."""
    best: dict[tuple, dict] = {}
    passes: dict[tuple, int] = {}
    components = next((r["components_cpu_s"] for r in results if "components_cpu_s" in r), None)
    for r in results:
        key = (r["kind"], r.get("workers", 1))
        passes[key] = passes.get(key, 0) + 1
        if key not in best or r.get("run_s", float("inf")) < best[key].get("run_s", float("inf")):
            best[key] = r
    for key, r in best.items():
        r["passes"] = passes[key]
        if components and key == ("veille", 1):
            r["components_cpu_s"] = components
    return list(best.values())


def paired_scaling(passes: list[dict]) -> list[float]:
    """veille's 2-worker speed over its 1-worker speed, for each repeat that timed both."""
    times: dict[int, dict[int, float]] = {}
    for r in passes:
        if r["kind"] == "veille" and "run_s" in r:
            times.setdefault(r["repeat"], {})[r["workers"]] = r["run_s"]
    return [t[1] / t[2] for t in times.values() if 1 in t and 2 in t]


def report(passes_of: list[dict], description: str) -> None:
    """Print the best pass of each measurement; `passes_of` holds every pass."""
    results = best_passes(passes_of)
    passes = max((r.get("passes", 1) for r in results), default=1)
    print(
        f"veille benchmark: {MODEL}, corpus {description}, batch size {BATCH_SIZE}, "
        f"best of {passes} passes, each a fork of a process that loaded the model"
    )
    print(
        "bare: spaCy's nlp.pipe as shipped; parse: veille's pipeline without cleaning and "
        "extractors; veille: `veille run` end to end, JSONL file to a new DuckDB store"
    )
    print(
        f"{'run':<14}{'load s':>8}{'time s':>9}{'cpu s':>8}{'art/s':>8}{'words/s':>9}{'RSS/worker MB':>15}"
    )
    speed = {}
    for r in results:
        if r["kind"] == "gazetteer":
            continue
        name = f"{r['kind']} x{r['workers']}"
        if "error" in r:
            print(f"{name:<18} FAILED: {r['error']}")
            continue
        speed[(r["kind"], r["workers"])] = r["articles"] / r["run_s"]
        print(
            f"{name:<14}{r['load_s']:>8.2f}{r['run_s']:>9.2f}{r['cpu_s']:>8.1f}"
            f"{r['articles'] / r['run_s']:>8.1f}{r['words'] / r['run_s']:>9.0f}{r['worker_rss_mb']:>15.0f}"
        )
    by = {(r["kind"], r.get("workers", 1)): r for r in results}

    def verdict(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    if ("veille", 1) in speed and ("bare", 1) in speed:
        ratio = speed[("veille", 1)] / speed[("bare", 1)]
        print(
            f"veille/bare, 1 worker: {ratio:.2f} (target >= {TARGET_RATIO_1}) {verdict(ratio >= TARGET_RATIO_1)}"
        )
        cpu_ratio = by[("bare", 1)]["cpu_s"] / by[("veille", 1)]["cpu_s"]
        print(f"veille/bare, 1 worker, by CPU time (steadier on a busy machine): {cpu_ratio:.2f}")
        print(
            f"start-up: veille.nlp.load {by[('veille', 1)]['load_s']:.2f} s, spacy.load {by[('bare', 1)]['load_s']:.2f} s"
        )
    if ("veille", 1) in speed and ("parse", 1) in speed:
        # veille also mends spaCy's French lemmatiser (veille.nlp), so spaCy as shipped parses
        # slower than veille's own parse: the cost of veille's work shows against the latter.
        overhead = by[("veille", 1)]["run_s"] / by[("parse", 1)]["run_s"] - 1
        cpu = by[("veille", 1)]["cpu_s"] / by[("parse", 1)]["cpu_s"] - 1
        print(
            f"veille's cleaning and extraction over its own parse (parse x1): {overhead:+.0%} wall, "
            f"{cpu:+.0%} CPU; its parse over spaCy as shipped: "
            f"{by[('parse', 1)]['run_s'] / by[('bare', 1)]['run_s'] - 1:+.0%} wall"
        )
    if ("veille", 2) in speed and ("veille", 1) in speed:
        scaling = speed[("veille", 2)] / speed[("veille", 1)]
        paired = paired_scaling(passes_of)
        print(
            f"veille 2 workers / 1 worker, best pass of each: {scaling:.2f}x "
            f"(target >= {TARGET_SCALING_2}) {verdict(scaling >= TARGET_SCALING_2)}"
        )
        if paired:
            print(
                f"  repeat by repeat (1 and 2 workers back to back): median "
                f"{statistics.median(paired):.2f}x, {', '.join(f'{r:.2f}' for r in sorted(paired))}"
            )
        machine = sorted(r["machine_x2"] for r in passes_of if r.get("machine_x2"))
        if machine:
            print(
                f"  this machine's own 2-core scaling beside each pass (two CPU loops against one; "
                f"2.0 on free cores): {machine[0]:.2f}-{machine[-1]:.2f}x, "
                f"median {statistics.median(machine):.2f}x"
            )
    if ("bare", 2) in speed and ("bare", 1) in speed:
        print(f"bare 2 workers / 1 worker: {speed[('bare', 2)] / speed[('bare', 1)]:.2f}x")
        if ("veille", 2) in speed:
            print(f"veille/bare, 2 workers: {speed[('veille', 2)] / speed[('bare', 2)]:.2f}")
    components = next((r["components_cpu_s"] for r in results if "components_cpu_s" in r), None)
    if components:
        parse = sum(t for name, t in components.items() if not name.startswith("veille_"))
        print("CPU per component, one process (veille's as a share of the bare parse):")
        for name, seconds in components.items():
            share = f"{seconds / parse:+.0%}" if name.startswith("veille_") else ""
            print(f"  {name:<18}{seconds:>7.2f} s {share}")
        extra = sum(t for name, t in components.items() if name.startswith("veille_"))
        print(f"  veille components together: {extra / parse:+.0%} of the parse (target <= +25%)")
    digests = [r["digest"] for r in results if r["kind"] == "veille" and "digest" in r]
    codes = {r.get("code") for r in results if r["kind"] == "veille" and "digest" in r}
    if len(codes) > 1:
        print("veille's code changed between the runs: 1- and 2-worker records not compared")
    elif len(digests) > 1:
        differ = [layer for layer in LAYERS if len({d[layer] for d in digests}) > 1]
        if differ:
            print(f"veille with 1 and 2 workers found DIFFERENT records in: {', '.join(differ)}")
        else:
            print("veille with 1 and 2 workers found the same records in every layer")
    for r in results:
        if r["kind"] == "gazetteer" and "error" not in r:
            ok = r["load_s"] <= TARGET_GAZETTEER_S and r["rss_mb"] <= TARGET_GAZETTEER_MB
            print(
                f"gazetteer: +{r['load_s']:.2f} s start-up (target <= {TARGET_GAZETTEER_S}), "
                f"+{r['rss_mb']:.0f} MB resident (target <= {TARGET_GAZETTEER_MB}) {verdict(ok)}"
            )
    peak = max((r.get("worker_rss_mb", 0) for r in results if r["kind"] == "veille"), default=0)
    print(
        f"peak RSS per veille worker: {peak:.0f} MB (target <= {TARGET_RSS_MB}) {verdict(peak <= TARGET_RSS_MB)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", nargs="+", help="JSONL files of articles (text, title, date); else generated"
    )
    parser.add_argument(
        "--n",
        type=int,
        help="articles (default: the whole corpus, or 300 generated)",
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat", type=int, default=5, help="passes per measurement; the best counts"
    )
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--components", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--json", action="store_true", help="print the raw measurements as JSON too"
    )
    args = parser.parse_args(argv)
    if args.measure:
        kind, passes, corpus_path = args.measure
        workers = [int(w) for w in passes.split(",")]
        print(json.dumps(measure(kind, workers, corpus_path, args.components)))
        return 0
    rows, description = load_corpus(args.corpus, args.n)
    with tempfile.TemporaryDirectory() as folder:
        corpus_path = str(Path(folder) / "corpus.jsonl")
        Path(corpus_path).write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8"
        )
        # veille's passes with 1 and 2 workers alternate, in turns reversed from one repeat to
        # the next, so that each repeat gives a ratio of two passes from the same minute.
        turns = [args.workers if n % 2 == 0 else args.workers[::-1] for n in range(args.repeat)]
        veille_passes = [w for turn in turns for w in turn]
        results = run_child("gazetteer", [1], corpus_path)
        results += run_child("bare", veille_passes, corpus_path)
        results += run_child("parse", [1] * args.repeat, corpus_path)
        results += run_child("veille", veille_passes, corpus_path, components=1 in args.workers)
    report(results, description)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
