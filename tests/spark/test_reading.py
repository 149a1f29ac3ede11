"""The Spark job reads with ingest's own readers and is run by veille's one command line (no
Spark session needed: these are the functions its tasks call)."""

from __future__ import annotations

from veille.ingest import SUFFIXES
from veille.ingest.jsonl import DEFAULT_FIELDS, read_line
from veille.records import Article, InputError
from veille.spark.__main__ import main
from veille.spark.job import KINDS, _from_line, _with_language

TEXT = "Le président français a reçu mardi à Paris le président sénégalais Macky Sall. " * 3


def test_a_jsonl_line_reads_as_veille_run_reads_it():
    for raw in ('{"id": 1, "text": [1]', "[1, 2]", '{"id": "a", "title": "T", "text": "x"}', "  "):
        assert [str(i) for i in _from_line(raw, "f.jsonl", 3)] == [
            str(i) for i in read_line(raw, DEFAULT_FIELDS, "f.jsonl", 3)
        ]
    [error] = _from_line("{oops", "f.jsonl", 3)
    assert isinstance(error, InputError) and "malformed JSON" in error.reason and error.line == 3


def test_articles_are_prepared_as_veille_run_prepares_them():
    order, article = _with_language(((0, 1), Article(text="Le\x00 " + TEXT, title="Vi\x00site")))
    assert order == (0, 1) and isinstance(article, Article)
    assert "\x00" not in article.text + article.title and article.lang == "fr"
    _, skipped = _with_language(((0, 2), Article(text="Der Präsident hat heute in Berlin " * 5)))
    assert isinstance(skipped, InputError) and "language de" in skipped.reason


def test_the_job_reads_the_kinds_veille_run_reads_and_parquet():
    assert {s: k for s, k in SUFFIXES.items() if k in ("jsonl", "warc")}.items() <= KINDS.items()
    assert KINDS[".parquet"] == "parquet" and "feed" not in KINDS.values()


def test_python_m_veille_spark_is_the_veille_spark_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "veille spark" in out and "--partitions" in out and "analysis.model" in out
    assert main([]) == 2  # the command's own usage error: an input is required
