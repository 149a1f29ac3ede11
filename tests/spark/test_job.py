"""The Spark job (pyspark, local[2]) against `veille run` on the same small corpus, row for row."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java", allow_module_level=True)

from veille import store  # noqa: E402
from veille.pipeline import article_key  # noqa: E402
from veille.records import Article  # noqa: E402
from veille.spark import load_parquet_dir, run_job  # noqa: E402
from veille.spark.load import store_columns  # noqa: E402

# Five distinct French articles: t1; t3 an update of t1 (a near-duplicate); t1-copy an exact
# copy of t1 (skipped); t6 t1's text under another title; t4 undated. Line 3 is not JSON and
# t5 is German: both are reported, neither is stored.
CORPUS = Path(__file__).with_name("articles.jsonl")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("veille-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.python.daemon.module", "veille.spark.daemon")  # the model loads once
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def outputs(spark, tmp_path_factory):
    from veille.run import run

    root = tmp_path_factory.mktemp("spark")
    reference = run([str(CORPUS)], root / "run.duckdb")
    summary = run_job([str(CORPUS)], str(root / "out"), spark=spark)
    return reference, summary, root


def _rows(con, table: str) -> list[tuple]:
    columns = [c for c, _ in store_columns()[table] if c != "added_at"]
    names = ", ".join(f'"{c}"' for c in columns)
    return con.execute(f"SELECT {names} FROM {table} ORDER BY ALL").fetchall()


def test_same_rows_as_veille_run(outputs):
    reference, summary, root = outputs
    con = store.connect(root / "loaded.duckdb")
    added = load_parquet_dir(con, root / "out")
    expected = duckdb.connect(str(root / "run.duckdb"), read_only=True)
    for table in store.TABLES:
        assert _rows(con, table) == _rows(expected, table), table
        assert added[table] == summary.counts[table] == reference.counts[table], table
    assert summary.counts["articles"] == 5 and summary.counts["entities"] > 0


def test_counts_copies_and_bad_inputs(outputs):
    reference, summary, _ = outputs
    assert (summary.read, summary.stored, summary.already_stored) == (6, 5, 1)
    assert (reference.read, reference.stored, reference.already_stored) == (6, 5, 1)
    reasons = sorted((e.line or 0, e.reason.split(":")[0]) for e in summary.errors)
    assert summary.failed == 2
    assert "language de" in reasons[0][1]
    assert reasons[1] == (3, "malformed JSON")


def test_near_duplicates_join_the_first_article_s_story(outputs):
    _, _, root = outputs
    frame = duckdb.sql(
        f"SELECT origin_id, article_id, story_id FROM read_parquet('{root}/out/articles/**/*.parquet')"
    ).fetchall()
    story = {origin: story for origin, _, story in frame}
    first = {origin: aid for origin, aid, _ in frame}["t1"]
    assert story["t1"] == story["t3"] == story["t6"] == first
    assert story["t2"] != first and story["t4"] != first


def test_tables_are_partitioned_by_date_with_the_store_s_columns(outputs):
    _, _, root = outputs
    out = root / "out"
    assert (out / "articles" / "year=2024" / "month=03").is_dir()
    assert (out / "articles" / "year=__HIVE_DEFAULT_PARTITION__").is_dir()  # t4 has no date
    for table in ("articles", "events", "quotes", "places"):
        frame = duckdb.sql(
            f"SELECT * FROM read_parquet('{out}/{table}/**/*.parquet', hive_partitioning = false)"
        )
        assert frame.columns == [c for c, _ in store_columns()[table]], table


def test_loading_twice_changes_nothing(outputs):
    _, summary, root = outputs
    con = store.connect(root / "twice.duckdb")
    first = load_parquet_dir(con, root / "out")
    again = load_parquet_dir(con, root / "out")
    assert first["articles"] == 5 and first == summary.counts
    assert set(again.values()) == {0}
    assert store.table_counts(con) == summary.counts


def test_loading_keeps_articles_already_stored(outputs):
    _, _, root = outputs
    con = store.connect(root / "partial.duckdb")
    line = next(line for line in CORPUS.read_text().splitlines() if '"t2"' in line)
    obj = json.loads(line)
    kept = article_key(Article(text=obj["text"], title=obj["title"]))
    con.execute("INSERT INTO articles (article_id, title) VALUES (?, 'stored before')", [kept])
    added = load_parquet_dir(con, root / "out")
    assert added["articles"] == 4
    assert con.execute("SELECT title FROM articles WHERE article_id = ?", [kept]).fetchone() == (
        "stored before",
    )
    assert con.execute("SELECT count(*) FROM quotes WHERE article_id = ?", [kept]).fetchone() == (
        0,
    )


def test_reads_warc_and_parquet_as_veille_reads_them(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tests.ingest.pages import GREVE, LOIRE, html_page
    from tests.ingest.test_read import write_warc
    from veille.ingest import read_sources
    from veille.spark.job import _read, _with_language, list_inputs

    (tmp_path / "crawl").mkdir()
    warc = tmp_path / "crawl" / "a.warc.gz"
    write_warc(
        warc,
        [
            ("https://journal.example/loire", "text/html; charset=utf-8", html_page(LOIRE)),
            ("https://journal.example/logo.png", "image/png", "not a page"),
            ("https://journal.example/greve", "text/html", html_page(GREVE)),
        ],
    )
    objs = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()[:2]]
    pq.write_table(pa.Table.from_pylist(objs), tmp_path / "crawl" / "b.parquet")
    (tmp_path / "crawl" / "notes.txt").write_text("not read by the job")

    files, missing = list_inputs(spark, [str(tmp_path / "crawl"), str(tmp_path / "nowhere")])
    assert [(name, kind) for _, name, kind in files] == [
        (str(warc), "warc"),
        (str(tmp_path / "crawl" / "b.parquet"), "parquet"),
    ]
    assert missing == [(str(tmp_path / "nowhere"), "no such file or folder")]
    found = sorted(_read(spark, files).map(_with_language).collect(), key=lambda item: item[0])
    assert [order for order, _ in found] == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert [item for _, item in found[:2]] == list(read_sources([warc]))
    jsonl = [a for a in read_sources([CORPUS]) if isinstance(a, Article)][:2]
    for (_, article), expected in zip(found[2:], jsonl, strict=True):
        assert article.path == str(tmp_path / "crawl" / "b.parquet")
        expected.path = article.path
        assert article == expected
