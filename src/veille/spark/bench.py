"""Throughput of the Spark job in local mode: `python -m veille.spark.bench --corpus X.jsonl`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path


def corpus_of(source: Path, n: int, target: Path) -> int:
    """Write `n` distinct articles to `target`, cycling over the articles of `source`: each copy
    gets its own id and a numbered title, so that none is skipped as an exact copy."""
    objs = [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for i, obj in enumerate(islice(cycle(objs), n)):
            keep = {k: obj[k] for k in ("id", "url", "title", "text", "date", "lang") if k in obj}
            keep["id"] = f"{keep.get('id', 'a')}-{i}"
            keep["title"] = f"{keep.get('title', '')} ({i})"
            out.write(json.dumps(keep, ensure_ascii=False) + "\n")
    return n


def measure(corpus: Path, master: str, outdir: Path) -> dict:
    from pyspark.sql import SparkSession

    from veille.spark.job import run_job

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(master)
        .appName("veille-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.python.daemon.module", "veille.spark.daemon")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    summary = run_job([str(corpus)], str(outdir), spark=spark)
    done = time.perf_counter()
    spark.stop()
    return {
        "master": master,
        "articles": summary.stored,
        "session_s": round(ready - started, 1),
        "job_s": round(done - ready, 1),
        "articles_per_s": round(summary.stored / (done - ready), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="veille-spark-bench", description=__doc__)
    parser.add_argument(
        "--corpus", type=Path, required=True, help="JSONL of articles to cycle over"
    )
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--prepared", type=Path, help=argparse.SUPPRESS)  # one master, as is
    args = parser.parse_args(argv)
    if args.prepared:
        result = measure(args.corpus, args.masters[0], args.prepared)
        result["load_average"] = round(os.getloadavg()[0], 1)  # other work on the machine
        print(json.dumps(result), flush=True)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus_of(args.corpus, args.articles, corpus)
        for master in args.masters:
            # One process per master: a fresh JVM and fresh Python workers each time.
            command = [sys.executable, "-m", "veille.spark.bench", "--corpus", str(corpus)]
            command += ["--masters", master, "--prepared", str(Path(tmp) / "out")]
            subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
