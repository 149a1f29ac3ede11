"""`veille spark`: the same pipeline as `veille run`, as a Spark job writing the store's tables as Parquet."""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from itertools import islice
from types import SimpleNamespace

from veille.ingest import SUFFIXES, prepared
from veille.ingest.files import MAX_BYTES
from veille.ingest.jsonl import DEFAULT_FIELDS, article_from_object, read_line
from veille.records import Article, InputError
from veille.spark.load import PARTITION_COLUMNS, store_columns

# What a file is, by its name (a folder is read for these, recursively, in path order): the
# kinds of `veille run` that hold many articles, and Parquet.
KINDS = {
    **{suffix: kind for suffix, kind in SUFFIXES.items() if kind in ("jsonl", "warc")},
    ".parquet": "parquet",
}
ERRORS_DIR = "_errors"  # under OUTDIR; "_" keeps Spark's and DuckDB's table globs off it
_SAMPLE_ERRORS = 100
_DAY = re.compile(r"(\d{4})(?:-(\d{2}))?")


@dataclass
class JobSummary:
    read: int = 0  # articles read from the inputs
    stored: int = 0  # distinct articles analysed and written
    already_stored: int = 0  # exact copies of an earlier article (same title and text): skipped
    failed: int = 0  # inputs, lines or records that could not be read (all in OUTDIR/_errors)
    errors: list[InputError] = field(default_factory=list)  # the first of them
    counts: dict[str, int] = field(default_factory=dict)  # rows written per table


def run_job(
    inputs: list[str],
    outdir: str,
    master: str | None = None,
    *,
    model: str | None = None,
    partitions: int | None = None,
    spark=None,
    shifts: dict[str, float] | None = None,
) -> JobSummary:
    """Read `inputs` (files, folders or globs of JSONL, Parquet or WARC on any Hadoop-compatible
    file system), analyse each distinct article once, fold near-duplicates into stories over
    the whole corpus, and write every table of the store as Parquet under `outdir/<table>/`,
    partitioned by year= and month= (replacing what was there).

    `spark`: a running SparkSession to use (else one is started, on `master` when given);
    `partitions`: how many slices the analysis is cut into (default: about 200 articles each,
    at least the cluster's parallelism); `shifts`: the extractors' thresholds
    (veille.settings.thresholds).
    """
    own = spark is None
    spark = spark or session(master)
    try:
        return _run(spark, inputs, outdir.rstrip("/"), model, partitions, shifts)
    finally:
        if own:
            spark.stop()


def session(master: str | None = None, app_name: str = "veille"):
    """A SparkSession; on the local machine when neither `master` nor spark-submit names one."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    conf = SparkConf()
    master = master or conf.get("spark.master", None) or "local[*]"
    builder = builder.master(master)
    if not conf.contains("spark.python.daemon.module"):
        builder = builder.config("spark.python.daemon.module", "veille.spark.daemon")
    if master.startswith("local") and not conf.contains("spark.pyspark.python"):
        # Local workers must import veille and its model from this very interpreter (PySpark
        # reads the variable when the context starts).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    return builder.getOrCreate()


def _run(spark, inputs, outdir, model, partitions, shifts) -> JobSummary:
    from pyspark import StorageLevel

    sc = spark.sparkContext
    summary = JobSummary()
    files, missing = list_inputs(spark, inputs)
    items = _read(spark, files)
    if missing:
        errors = [((-1, 0), InputError(p, reason)) for p, reason in missing]
        items = items.union(sc.parallelize(errors, 1))
    items = items.map(_with_language).persist(StorageLevel.MEMORY_AND_DISK)

    errors = items.filter(lambda item: isinstance(item[1], InputError)).map(lambda item: item[1])
    articles = items.filter(lambda item: isinstance(item[1], Article))
    summary.read = articles.count()
    # Exact copies: one article per key, the first read, as `veille run` keeps.
    unique = (
        articles.map(_keyed)
        .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
        .map(_with_signature)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    summary.stored = unique.count()
    summary.already_stored = summary.read - summary.stored
    stories = sc.parallelize(list(_stories(spark, unique).items()), max(1, sc.defaultParallelism))

    slices = partitions or max(sc.defaultParallelism, math.ceil(summary.stored / 200))
    added_at = datetime.now(UTC).replace(tzinfo=None)
    tables = list(store_columns())
    columns = {t: [(c, _CAST[kind]) for c, kind in cols] for t, cols in store_columns().items()}
    rows = unique.leftOuterJoin(stories, numPartitions=slices).mapPartitions(
        lambda part: _analyse_partition(part, model, shifts, added_at, columns)
    )
    # One frame holds every table's rows (one struct column per table): the analysis runs
    # once, and each table's write is then a plain JVM job over the cached frame.
    frame = spark.createDataFrame(rows, _spark_schema()).persist(StorageLevel.MEMORY_AND_DISK)
    counts = dict(frame.groupBy("table").count().collect())
    summary.counts = {t: counts.get(t, 0) for t in tables}

    def write(table: str) -> None:
        (
            frame.filter(frame["table"] == table)
            .select(f"`{table}`.*", *PARTITION_COLUMNS)
            .write.mode("overwrite")
            .partitionBy(*PARTITION_COLUMNS)
            .parquet(f"{outdir}/{table}")
        )

    # Ten small jobs over the cached frame: run side by side, their fixed costs overlap.
    with ThreadPoolExecutor(max_workers=len(tables)) as pool:
        list(pool.map(write, tables))
    frame.unpersist()

    errors = errors.persist(StorageLevel.MEMORY_AND_DISK)
    summary.failed = errors.count()
    summary.errors = errors.take(_SAMPLE_ERRORS)
    spark.createDataFrame(
        errors.map(lambda e: (e.path, e.line, e.reason)), "path string, line int, reason string"
    ).coalesce(1).write.mode("overwrite").parquet(f"{outdir}/{ERRORS_DIR}")
    for cached in (errors, unique, items):
        cached.unpersist()
    return summary


# Reading -------------------------------------------------------------------------------------


def list_inputs(
    spark, inputs: list[str]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The files to read as (uri, name, kind) in `veille run`'s order (inputs as given, a folder's
    files sorted by path), and the (input, reason) of those that match nothing readable."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    files, missing = [], []
    for given in inputs:
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        statuses = fs.globStatus(path) or []
        found = []
        for status in statuses:
            if status.isDirectory():
                listing = fs.listFiles(status.getPath(), True)
                while listing.hasNext():
                    child = listing.next().getPath()
                    if _kind(child.getName()) and not _hidden(child, status.getPath()):
                        found.append(child)
            elif _kind(status.getPath().getName()):
                found.append(status.getPath())
        if not statuses:
            missing.append((given, "no such file or folder"))
        elif not found:
            missing.append((given, "no JSONL, Parquet or WARC file"))
        for child in sorted(found, key=lambda p: p.toString()):
            uri = child.toString()
            # A local file keeps the name `veille run` gives it (its path, without file:).
            name = child.toUri().getPath() if uri.startswith("file:") else uri
            files.append((uri, name, _kind(child.getName())))
    return files, missing


def _kind(name: str) -> str | None:
    name = name.lower()
    if name.startswith((".", "_")):  # editor files, Spark's _SUCCESS and .crc files
        return None
    return next((kind for suffix, kind in KINDS.items() if name.endswith(suffix)), None)


def _hidden(path, top) -> bool:
    # Spark's own hidden folders (_temporary, .spark-staging) inside a folder given as input.
    while path is not None and path.toString() != top.toString():
        if path.getName().startswith((".", "_")):
            return True
        path = path.getParent()
    return False


def _read(spark, files: list[tuple[str, str, str]]):
    """An RDD of ((file rank, line or record number), Article | InputError) over every file."""
    sc = spark.sparkContext
    rank = {uri: i for i, (uri, _, _) in enumerate(files)}
    name = {uri: n for uri, n, _ in files}
    parts = [sc.emptyRDD()]
    for kind in ("jsonl", "parquet"):
        uris = [uri for uri, _, k in files if k == kind]
        if uris:
            parts.append(_read_frame(spark, kind, uris, rank, name))
    warcs = [uri for uri, _, k in files if k == "warc"]
    if warcs:
        parts.append(
            sc.binaryFiles(",".join(warcs)).flatMap(
                lambda pair: _read_warc_file(pair, _lookup(rank, pair[0]), _lookup(name, pair[0]))
            )
        )
    return sc.union(parts)


def _read_frame(spark, kind: str, uris: list[str], rank: dict, name: dict):
    from pyspark.sql import functions as F

    reader = spark.read.text if kind == "jsonl" else spark.read.option("mergeSchema", True).parquet
    frame = reader(*uris)
    frame = frame.select(
        F.struct(*frame.columns).alias("row"),
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"),
    )
    # A split's lines come in order within a task; counting each split's lines gives every
    # line its number in its file (error messages, and `veille run`'s reading order).
    counts = frame.groupBy("file", "block").count().collect()
    first_line = {}
    for file in {r["file"] for r in counts}:
        line = 1
        for r in sorted((r for r in counts if r["file"] == file), key=lambda r: r["block"]):
            first_line[(file, r["block"])] = line
            line += r["count"]

    def numbered(rows: Iterable) -> Iterator:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = (row["file"], row["block"])
            index = seen.get(key, 0)
            seen[key] = index + 1
            number = first_line[key] + index
            path = _lookup(name, row["file"])
            order = (_lookup(rank, row["file"]), number)
            if kind == "jsonl":
                items = _from_line(row["row"]["value"], path, number)
            else:
                items = [article_from_object(row["row"].asDict(), DEFAULT_FIELDS, path, number)]
            for item in items:
                yield order, item

    return frame.rdd.mapPartitions(numbered)


def _lookup(table: dict, uri: str):
    # Spark names a file by its URI, sometimes %-encoded, sometimes not.
    from urllib.parse import unquote

    return table[uri] if uri in table else table[unquote(uri)]


def _from_line(raw: str, path: str, number: int) -> list[Article | InputError]:
    """One JSONL line, read by veille.ingest.jsonl's reader. Spark's text reader gives whole
    lines, so the length is checked here; warnings about a field left empty are left out, as
    the job counts only what it skips."""
    size = len(raw.encode("utf-8"))
    if size > MAX_BYTES:
        return [InputError(path, f"line too long ({size:,} bytes)", number)]
    return [
        item
        for item in read_line(raw, DEFAULT_FIELDS, path, number)
        if not (isinstance(item, InputError) and not item.skipped)
    ]


def _read_warc_file(pair: tuple[str, bytes], rank: int, name: str) -> Iterator:
    from veille.ingest.warc import read_warc

    for number, item in enumerate(read_warc(_Remote(name, pair[1])), start=1):
        yield (rank, number), item


class _Remote:
    """Stands in for the pathlib.Path that read_warc expects: a remote file's name and bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self._name, self._data = name, data

    def __str__(self) -> str:
        return self._name

    def stat(self) -> SimpleNamespace:
        return SimpleNamespace(st_size=len(self._data))

    def open(self, mode: str = "rb") -> BytesIO:
        return BytesIO(self._data)


def _with_language(item: tuple) -> tuple:
    """As veille.ingest.read_sources: NULs dropped, French and English go on, with the
    language found."""
    order, article = item
    if not isinstance(article, Article):
        return item
    return order, prepared(article)


# Duplicates and stories ------------------------------------------------------------------------


def _keyed(item: tuple) -> tuple:
    from veille.pipeline import article_key

    order, article = item
    return article_key(article), (order, article)


def _with_signature(pair: tuple) -> tuple:
    from veille.ingest.duplicates import signature

    article_id, (order, article) = pair
    return article_id, (order, article, signature(article.text))


def _stories(spark, unique) -> dict[str, str]:
    """article_id → story id, for the articles that join an earlier one's story."""
    from pyspark.sql import functions as F

    from veille.ingest.duplicates import NUM_PERM, THRESHOLD
    from veille.spark.stories import bands, resolve

    signed = spark.createDataFrame(
        unique.map(lambda kv: (kv[0], list(kv[1][0]), kv[1][2])),
        "article_id string, ord array<bigint>, sig array<bigint>",
    )
    # Candidates share a band (a slice of the signature); SQL keeps this off the Python workers.
    band_of = F.explode(
        F.array(
            *[
                F.struct(F.lit(i).alias("i"), F.slice("sig", start + 1, end - start).alias("v"))
                for i, (start, end) in enumerate(bands())
            ]
        )
    )
    keyed = signed.select("article_id", "ord", band_of.alias("band"))
    later, earlier = keyed.alias("later"), keyed.alias("earlier")
    pairs = (
        later.join(earlier, F.col("later.band") == F.col("earlier.band"))
        .where(F.col("earlier.ord") < F.col("later.ord"))
        .select(
            F.col("later.article_id").alias("later"),
            F.col("later.ord").alias("ord"),
            F.col("earlier.article_id").alias("earlier"),
        )
        .distinct()
    )
    sigs = signed.select("article_id", "sig")
    equal = F.aggregate(
        F.zip_with("a.sig", "b.sig", lambda x, y: F.when(x == y, 1).otherwise(0)),
        F.lit(0),
        lambda n, x: n + x,
    )
    scored = (
        pairs.join(sigs.alias("a"), F.col("later") == F.col("a.article_id"))
        .join(sigs.alias("b"), F.col("earlier") == F.col("b.article_id"))
        .select("later", "ord", "earlier", (equal / F.lit(float(NUM_PERM))).alias("score"))
        .where(F.col("score") > F.lit(THRESHOLD))
    )
    # The best score's candidates (ties kept) per article, resolved in reading order.
    best = scored.groupBy("later").agg(F.max("score").alias("score"))
    top = (
        scored.join(best, ["later", "score"])
        .groupBy("later", "ord")
        .agg(F.collect_list("earlier").alias("earlier"))
        .collect()
    )
    return resolve((tuple(r["ord"]), r["later"], r["earlier"]) for r in top)


# Analysis --------------------------------------------------------------------------------------


def _analyse_partition(
    part: Iterable, model: str | None, shifts: dict | None, added_at, columns: dict
) -> Iterator:
    """(table, row) for every row of every article of a partition; the model loads once per process."""
    from veille.ingest.duplicates import signature  # noqa: F401 - imported once per worker
    from veille.nlp import load
    from veille.pipeline import analyse
    from veille.store import analysis_rows

    nlp = load("fr", model, shifts=shifts)
    part = iter(part)
    while chunk := list(islice(part, 64)):
        articles = [value[0][1] for _, value in chunk]
        for (_, ((_order, _article, sig), story)), analysis in zip(
            chunk, analyse(articles, nlp), strict=True
        ):
            tables = analysis_rows(analysis, story, sig, added_at)
            published = _partition(analysis.article.published)
            seen_events = set()
            for table, rows in tables.items():
                for row in rows:
                    if table == "events":
                        # The store keeps the first event of an article with a given id.
                        if row["event_id"] in seen_events:
                            continue
                        seen_events.add(row["event_id"])
                        where = _partition(row.get("event_date") or "")
                    else:
                        where = published
                    values = tuple(_cast(cast, row.get(c)) for c, cast in columns[table])
                    yield (table, *where, *(values if t == table else None for t in columns))


def _partition(day: str) -> tuple[str | None, str | None]:
    match = _DAY.match(day or "")
    return (match.group(1), match.group(2)) if match else (None, None)


# How a Python value becomes the column's type (DuckDB casts on insert; Spark's rows must match).
_CAST = {
    "VARCHAR": str,
    "INTEGER": int,
    "BIGINT": int,
    "DOUBLE": float,
    "BOOLEAN": bool,
    "TIMESTAMP": None,
    "VARCHAR[]": lambda values: [str(v) for v in values],
    "UBIGINT[]": lambda values: [int(v) for v in values],
}


def _cast(cast, value):
    return value if value is None or cast is None else cast(value)


_SPARK_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "UBIGINT": "bigint",  # MinHash values are 32-bit: they fit
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp_ntz",
}


def _spark_schema() -> str:
    """The frame of the analysis: table name, partition columns, and one struct per table
    holding the store's columns in the store's order."""
    columns = ["`table` string"] + [f"`{c}` string" for c in PARTITION_COLUMNS]
    for table, table_columns in store_columns().items():
        fields = []
        for column, kind in table_columns:
            if kind.endswith("[]"):
                spark_type = f"array<{_SPARK_TYPES[kind[:-2]]}>"
            else:
                spark_type = _SPARK_TYPES[kind]
            fields.append(f"`{column}`: {spark_type}")
        columns.append(f"`{table}` struct<{', '.join(fields)}>")
    return ", ".join(columns)


if __name__ == "__main__":
    # spark-submit .../veille/spark/job.py INPUT... -o OUTDIR: the functions shipped to the
    # executors must come from the installed module, not from this script's __main__.
    from veille.spark.__main__ import main

    sys.exit(main())
