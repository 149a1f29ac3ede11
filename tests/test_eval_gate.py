"""The evaluation gate: F1 per layer on the shared dev set never falls below its committed floor.

Skipped when ../shared/eval/dev is absent (the project runs without it). A floor is raised when
a change improves a layer, and never lowered silently: lowering one is a decision for review.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED
from veille.annotate import annotate
from veille.evaluate import evaluate, read_articles, report_rows

DEV = SHARED / "eval" / "dev"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8"))
EPSILON = 0.01


@pytest.fixture(scope="module")
def scores(nlp):
    if not DEV.exists():
        pytest.skip(f"no dev set at {DEV}")
    result = {}
    for name, files in {
        "dev": ["seed.jsonl", "dev.jsonl"],
        "frtimebank": ["frtimebank_dates.jsonl"],
    }.items():
        gold = [a for f in files for a in read_articles(DEV / f)]
        rows = report_rows(evaluate(gold, list(annotate(gold, nlp))))
        result[name] = {row["layer"]: row["f1"] for row in rows}
    return result


@pytest.mark.parametrize(
    "corpus, layer", [(c, layer) for c, layers in FLOORS.items() for layer in layers]
)
def test_f1_stays_above_its_floor(scores, corpus, layer):
    assert scores[corpus][layer] >= FLOORS[corpus][layer] - EPSILON
