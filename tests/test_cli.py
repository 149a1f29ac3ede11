"""The command line, driven in process."""

import csv
import io
import json

from typer.testing import CliRunner

from tests.articles import ARMS, dispatch, write_jsonl
from veille.cli import app

runner = CliRunner()


def test_annotate_writes_the_gold_format_with_exact_substrings(tmp_path):
    article = {
        "id": "t-1",
        "lang": "fr",
        "date": "2024-03-05",
        "title": "Drones",
        "text": ARMS + "\n\nLaisser un commentaire",
    }
    src = write_jsonl(tmp_path / "in.jsonl", [article])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [annotated] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert annotated["id"] == "t-1" and annotated["text"] == article["text"]
    for layer in ("events", "quotes", "places", "dates", "boilerplate"):
        assert isinstance(annotated[layer], list)
    assert annotated["boilerplate"] == ["Laisser un commentaire"]
    text = annotated["text"]
    for event in annotated["events"]:
        assert event["evidence"] in text
    for quote in annotated["quotes"]:
        assert quote["quote"] in text
    for item in annotated["places"] + annotated["dates"]:
        assert item["mention"] in text


def test_eval_scores_each_layer_of_a_gold_file(tmp_path):
    gold = {
        "id": "g-1",
        "lang": "fr",
        "date": "2024-03-05",
        "title": "",
        "text": "Texte.\n\nLaisser un commentaire",
        "boilerplate": ["Laisser un commentaire"],
    }
    pred = {**gold, "boilerplate": ["Laisser un commentaire", "Texte."]}
    gold_path = write_jsonl(tmp_path / "gold.jsonl", [gold])
    pred_path = write_jsonl(tmp_path / "pred.jsonl", [pred])
    result = runner.invoke(app, ["eval", str(gold_path), "--pred", str(pred_path), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["layer"]: r for r in json.loads(result.output)}
    assert rows["boilerplate"]["precision"] == 0.5
    assert rows["boilerplate"]["recall"] == 1.0
    assert "events" not in rows  # not annotated in the gold: not scored


def test_listings_in_json_and_csv(tmp_path):
    db = tmp_path / "s.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", [dispatch(1), dispatch(2)])
    assert runner.invoke(app, ["run", str(src), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["articles", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {a["origin_id"] for a in json.loads(result.output)} == {"test-001", "test-002"}
    result = runner.invoke(app, ["entities", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {"text", "label", "mentions"} <= set(rows[0])
    for command in ("events", "quotes", "places", "dates", "amounts", "stories", "claims"):
        result = runner.invoke(app, [command, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, f"{command}: {result.output}"
        assert isinstance(json.loads(result.output), list)


def test_run_maps_the_fields_of_someone_elses_jsonl(tmp_path):
    db = tmp_path / "s.duckdb"
    wire = dispatch(3)
    row = {"uid": wire["id"], "headline": wire["title"], "body": wire["text"], "day": wire["date"]}
    src = write_jsonl(tmp_path / "wire.jsonl", [row])
    fields = ["--field", "id=uid", "--field", "title=headline", "--field", "text=body"]
    result = runner.invoke(app, ["run", str(src), "--db", str(db), *fields, "--field", "date=day"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["articles", "--db", str(db), "--format", "json"])
    [stored] = json.loads(result.output)
    assert (stored["origin_id"], stored["title"]) == (wire["id"], wire["title"])
    assert str(stored["published"])[:10] == wire["date"]


def test_run_rejects_a_field_mapping_it_cannot_use(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [dispatch(1)])
    result = runner.invoke(
        app, ["run", str(src), "--db", str(tmp_path / "s.duckdb"), "--field", "body"]
    )
    assert result.exit_code == 2
    assert "NAME=FIELD" in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_a_listing_without_a_store_says_how_to_make_one(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "veille run" in result.output


def test_load_refuses_a_folder_that_is_not_a_spark_output(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "not a veille spark output" in result.output


def test_export_rejects_an_unknown_format(tmp_path):
    db = tmp_path / "s.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", [dispatch(1)])
    assert runner.invoke(app, ["run", str(src), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "xml", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "unknown format" in result.output
    result = runner.invoke(
        app, ["export", "--db", str(db), "-f", "gdelt", "-o", str(tmp_path / "e.tsv")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "e.tsv").exists()


def test_text_and_paths_that_look_like_markup_are_printed_as_they_are(tmp_path):
    folder = tmp_path / "dossier[" / "x]"  # a path holding "[/x]"
    folder.mkdir(parents=True)
    quoted = (
        "Kiev accuse Moscou\n"
        "Le ministre ukrainien des Affaires étrangères a accusé la Russie de mentir, mardi à "
        "Kiev.\n\n« Moscou ment [/b] et [tag] le sait », a déclaré le ministre ukrainien."
    )
    (folder / "citation.txt").write_text(quoted, "utf-8")
    (folder / "vide[i].txt").write_text("", "utf-8")
    db = folder / "s.duckdb"
    result = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output  # the empty file, named
    assert "dossier[/x]/vide[i].txt" in result.output.replace("\n", "")  # however it wraps
    assert "Moscou ment [/b] et [tag] le sait" in result.output
    listed = runner.invoke(app, ["quotes", "--db", str(db)], env={"COLUMNS": "300"})
    assert listed.exit_code == 0, listed.output
    assert "[/b] et [tag]" in listed.output
