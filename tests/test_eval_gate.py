"""The evaluation gate: F1 per layer on the shared held-out and dev sets never falls below its
committed floor, and veille eval gives the reference scorer's figures.

Skipped when ../shared/eval is absent (the project runs without it). A floor is raised when
a change improves a layer, and never lowered silently: lowering one is a decision for review.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED
from veille.annotate import annotate
from veille.evaluate import evaluate, read_articles, report_rows

EVAL = SHARED / "eval"
CORPORA = {
    "valid": [EVAL / "train" / "valid.jsonl"],
    "dev": [EVAL / "dev" / "seed.jsonl", EVAL / "dev" / "dev.jsonl"],
    "frtimebank": [EVAL / "dev" / "frtimebank_dates.jsonl"],
}
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8"))
EPSILON = 0.01


@pytest.fixture(scope="module")
def annotated(nlp):
    """Gold and veille's annotation of each corpus."""
    result = {}
    for name, files in CORPORA.items():
        if not all(f.exists() for f in files):
            continue
        gold = [a for f in files for a in read_articles(f)]
        result[name] = (gold, list(annotate(gold, nlp)))
    return result


@pytest.mark.parametrize(
    "corpus, layer", [(c, layer) for c, layers in FLOORS.items() for layer in layers]
)
def test_f1_stays_above_its_floor(annotated, corpus, layer):
    if corpus not in annotated:
        pytest.skip(f"no {corpus} corpus under {EVAL}")
    rows = report_rows(evaluate(*annotated[corpus]))
    f1 = {row["layer"]: row["f1"] for row in rows}
    assert f1[layer] >= FLOORS[corpus][layer] - EPSILON


def test_veille_eval_gives_the_reference_scorers_figures(annotated, tmp_path):
    scorer = EVAL / "score.py"
    if "valid" not in annotated or not scorer.exists():
        pytest.skip(f"no reference scorer or valid set under {EVAL}")
    gold, predicted = annotated["valid"]
    for name, articles in (("gold", gold), ("pred", predicted)):
        lines = [json.dumps(a, ensure_ascii=False) for a in articles]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    out = subprocess.run(
        [sys.executable, str(scorer), tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    reference = json.loads(out.stdout)
    ours = {row["layer"]: row for row in report_rows(evaluate(gold, predicted))}
    names = {
        "events": "events",
        "events_full_code": "events (code)",
        "quotes": "quotes",
        "places": "places",
        "dates": "dates",
    }
    for theirs, mine in names.items():
        p, r, f = reference[theirs]
        assert (ours[mine]["precision"], ours[mine]["recall"], ours[mine]["f1"]) == pytest.approx(
            (p, r, f), abs=1e-9
        ), mine
    speakers = reference["quote_speakers"][0]
    assert ours["quotes (speaker accuracy)"]["f1"] == pytest.approx(speakers, abs=1e-9)
