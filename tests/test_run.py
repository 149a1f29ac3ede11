"""`veille run` end to end: idempotence, bad inputs, and a crash in the middle of a run."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.articles import ARMS, dispatch, write_corpus, write_jsonl
from veille import store
from veille.cli import app
from veille.run import run

VEILLE = [sys.executable, "-m", "veille.cli"]


def counts(db: Path) -> dict[str, int]:
    con = store.connect(db, read_only=True)
    try:
        return store.table_counts(con)
    finally:
        con.close()


def test_two_runs_over_the_same_folder_leave_the_counts_unchanged(tmp_path):
    folder = write_corpus(tmp_path / "in", 3)
    (folder / "armes.txt").write_text(ARMS, "utf-8")
    db = tmp_path / "s.duckdb"
    first = run([str(folder)], db)
    assert (first.read, first.stored, first.already_stored, first.failed) == (4, 4, 0, [])
    after_first = counts(db)
    second = run([str(folder)], db)
    assert (second.stored, second.already_stored) == (0, 4)
    assert counts(db) == after_first


def test_each_article_keeps_the_identity_it_came_with(tmp_path):
    db = tmp_path / "s.duckdb"
    jsonl = write_jsonl(tmp_path / "a.jsonl", [dispatch(1), {**dispatch(2), "id": ""}])
    txt = tmp_path / "armes.txt"
    txt.write_text(ARMS, "utf-8")
    run([str(jsonl), str(txt)], db)
    con = store.connect(db, read_only=True)
    origins = {r[0] for r in con.execute("SELECT origin_id FROM articles").fetchall()}
    assert origins == {"test-001", "https://example.org/depeche/2", str(txt)}


def test_bad_inputs_are_named_counted_and_the_rest_is_stored(tmp_path):
    folder = write_corpus(tmp_path / "in", 2)
    (folder / "vide.txt").write_text("", "utf-8")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(
        ("Sommet à Bruxelles\n" + dispatch(7)["text"]).encode("latin-1")
    )
    (folder / "enorme.txt").write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    good, bad = dispatch(5), '{"id": "cassé", "text": '
    (folder / "lot.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n" + bad + "\n", "utf-8"
    )
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["run", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    output = result.output
    for name in ("vide.txt", "image.txt", "enorme.txt", "lot.jsonl:2"):
        assert name in output, f"{name} not reported in:\n{output}"
    assert "latin1.txt" not in output  # decoded with its detected encoding
    assert "4 failed" in output
    assert counts(db)["articles"] == 4  # two dispatches, the latin-1 one, the good JSONL line


def test_a_run_killed_midway_and_run_again_ends_like_one_clean_run(tmp_path):
    folder = write_corpus(tmp_path / "in", 40)
    clean_db, crashed_db = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    run([str(folder)], clean_db, batch_size=4)

    env = {**os.environ, "COLUMNS": "200"}
    args = [*VEILLE, "run", str(folder), "--db", str(crashed_db), "--batch-size", "1", "--verbose"]
    process = subprocess.Popen(
        args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    stored_batches = 0
    for line in process.stderr:
        if "stored batch" in line:
            stored_batches += 1
            if stored_batches == 3:
                process.send_signal(signal.SIGKILL)
                break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    partial = counts(crashed_db)["articles"]
    assert 3 <= partial < 40

    run([str(folder)], crashed_db)
    assert counts(crashed_db) == counts(clean_db)
    query = "SELECT article_id, story_id FROM articles ORDER BY 1"
    clean, crashed = (store.connect(p, read_only=True) for p in (clean_db, crashed_db))
    assert clean.execute(query).fetchall() == crashed.execute(query).fetchall()


def test_two_workers_store_what_one_worker_stores(tmp_path):
    folder = write_corpus(tmp_path / "in", 6)
    (folder / "armes.txt").write_text(ARMS, "utf-8")
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    run([str(folder)], one)
    run([str(folder)], two, workers=2)
    assert counts(two) == counts(one)
    query = "SELECT article_id, source_code, code, target_code, start_char FROM events ORDER BY ALL"
    first, second = (store.connect(p, read_only=True) for p in (one, two))
    assert first.execute(query).fetchall() == second.execute(query).fetchall()


def test_an_english_article_is_reported_not_coded_with_the_french_model(tmp_path):
    english = {
        "id": "en-1",
        "title": "Talks resume in Doha",
        "lang": "en",
        "date": "2024-05-15",
        "text": "Mediators from Qatar and Egypt met negotiators in Doha on Tuesday to push for a "
        "ceasefire, officials said. The talks are expected to continue for several days.",
    }
    src = write_jsonl(tmp_path / "mixed.jsonl", [dispatch(1), english])
    summary = run([str(src)], tmp_path / "s.duckdb")
    assert summary.stored == 1
    assert [e.reason for e in summary.failed] == ["language en: veille codes French only for now"]


def test_an_article_past_the_parsers_limit_is_analysed_with_exact_offsets(tmp_path):
    folder = write_corpus(tmp_path / "in", 2)
    title, body = ARMS.split("\n", 1)
    # 1.2 million characters: paragraphs of one long word each keep the parse cheap.
    filler = "\n\n".join(["abcdefghij" * 400] * 300)
    tail = "« Nous ne céderons pas », a déclaré le ministre ukrainien Dmytro Kouleba."
    text = f"{body}\n\n{filler}\n\n{tail}"
    assert len(text) > 1_200_000
    (folder / "long.txt").write_text(f"{title}\n{text}", "utf-8")
    db = tmp_path / "s.duckdb"
    summary = run([str(folder)], db, batch_size=1)
    assert (summary.stored, summary.failed) == (3, [])
    con = store.connect(db, read_only=True)
    stored = con.execute("SELECT text FROM articles WHERE path LIKE '%long.txt'").fetchone()[0]
    quotes = con.execute(
        "SELECT q.start_char, q.end_char, q.quote, q.speaker FROM quotes q JOIN articles a"
        " USING (article_id) WHERE a.path LIKE '%long.txt' ORDER BY q.start_char"
    ).fetchall()
    assert [q[2] for q in quotes] == [
        "Nous ne livrons aucune arme à une partie en guerre",
        "Nous ne céderons pas",
    ]
    assert quotes[-1][0] > 1_200_000 and quotes[-1][3] == "Dmytro Kouleba"
    for start, end, quote, _ in quotes:
        assert stored[start:end] == quote


def test_an_article_whose_analysis_fails_costs_only_itself(tmp_path, monkeypatch):
    from veille.clean import quality

    flags = quality.quality_flags

    def failing(text, *args):
        if "Lviv" in text:
            raise RuntimeError("a bug in an extractor")
        return flags(text, *args)

    monkeypatch.setattr(quality, "quality_flags", failing)
    folder = write_corpus(tmp_path / "in", 8)  # the eighth (i = 7) is about Lviv
    summary = run([str(folder)], tmp_path / "s.duckdb", batch_size=32)
    assert summary.stored == 7
    [error] = summary.failed
    assert error.path.endswith("depeche-007.txt")
    assert error.reason == "analysis failed: RuntimeError: a bug in an extractor"


def test_a_bad_date_is_reported_and_left_empty_the_article_stored(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [{**dispatch(1), "date": "N/A"}, dispatch(2)])
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["run", str(src), "--db", str(db)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())  # however the terminal wraps it
    assert "warning" in output and "'N/A' is not a full date" in output
    assert "0 failed, 1 with a field left empty" in output
    con = store.connect(db, read_only=True)
    dates = con.execute("SELECT origin_id, published FROM articles ORDER BY 1").fetchall()
    assert dates == [("test-001", ""), ("test-002", "2024-03-03")]
