"""`python -m veille.spark INPUT... -o OUTDIR [--master URL]` (and spark-submit .../veille/spark/job.py)."""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="veille-spark",
        description="Analyse JSONL, Parquet or WARC inputs on Spark; write the store's tables "
        "as Parquet under OUTDIR/<table>/ (partitioned by year= and month=).",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file, folder or glob (any Hadoop path)"
    )
    parser.add_argument("-o", "--outdir", required=True, help="output folder (any Hadoop path)")
    parser.add_argument(
        "--master", help="Spark master URL (default: spark-submit's, else local[*])"
    )
    parser.add_argument(
        "--model", help="spaCy model name or path (default: the setting analysis.model)"
    )
    parser.add_argument(
        "--partitions", type=int, help="slices of the analysis (default: ~200 articles each)"
    )
    args = parser.parse_args(argv)

    from veille.spark.job import run_job

    started = time.perf_counter()
    summary = run_job(
        args.inputs, args.outdir, args.master, model=args.model, partitions=args.partitions
    )
    elapsed = time.perf_counter() - started
    for error in summary.errors:
        print(f"skipped {error}", file=sys.stderr)
    if summary.failed > len(summary.errors):
        print(
            f"… {summary.failed - len(summary.errors)} more in {args.outdir}/_errors",
            file=sys.stderr,
        )
    print(
        f"{summary.read} articles read, {summary.stored} analysed, {summary.already_stored} "
        f"exact copies skipped, {summary.failed} inputs failed in {elapsed:.1f} s "
        f"({summary.stored / elapsed:.2f} articles/s)"
    )
    print(", ".join(f"{table} {n}" for table, n in summary.counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
