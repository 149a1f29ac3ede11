"""Score predictions against gold annotations, layer by layer, as ../shared/eval/FORMAT.md defines."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LAYERS = ("events", "quotes", "places", "dates", "boilerplate")
_WORD = re.compile(r"\w+")


@dataclass
class Score:
    true_positives: float = 0
    predicted: int = 0
    gold: int = 0
    extra: dict = field(default_factory=dict)  # stricter variants and speaker accuracy

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _multiset_matches(gold: list[tuple], predicted: list[tuple]) -> int:
    return sum((Counter(gold) & Counter(predicted)).values())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _place_right(gold: dict, pred: dict) -> bool:
    if not gold.get("country"):
        if not pred.get("country"):
            return True
        return _near(gold, pred, 500)
    if pred.get("country") != gold["country"]:
        return False
    if gold.get("kind") == "city":
        return _near(gold, pred, 161)
    return True


def _near(gold: dict, pred: dict, km: float) -> bool:
    try:
        return (
            _km(float(gold["lat"]), float(gold["lon"]), float(pred["lat"]), float(pred["lon"]))
            <= km
        )
    except (KeyError, TypeError, ValueError):
        return False


def _pair(gold: list[dict], pred: list[dict], key: str, similar) -> list[tuple[dict, dict]]:
    """One-to-one pairs, most similar first, among pairs that `similar` accepts."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            score = similar(g[key], p[key])
            if score:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: -c[0])
    used_gold, used_pred, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], pred[j]))
    return pairs


def _overlap(a: str, b: str) -> float:
    shared = _words(a) & _words(b)
    return _jaccard(a, b) if shared else 0.0


def _quote_similar(a: str, b: str) -> float:
    j = _jaccard(a, b)
    return j if j >= 0.5 else 0.0


def score_events(gold: list[dict], pred: list[dict], score: Score) -> None:
    score.gold += len(gold)
    score.predicted += len(pred)

    def keys(events, *fields):
        return [
            tuple(e.get(f, "") if f != "root" else str(e.get("code", ""))[:2] for f in fields)
            for e in events
        ]

    score.true_positives += _multiset_matches(
        keys(gold, "source", "target", "root"), keys(pred, "source", "target", "root")
    )
    for name, fields in {
        "code": ("source", "target", "code"),
        "roles": ("source", "source_role", "target", "target_role", "root"),
        "stance": ("source", "target", "root", "stance"),
    }.items():
        score.extra[name] = score.extra.get(name, 0) + _multiset_matches(
            keys(gold, *fields), keys(pred, *fields)
        )


def score_quotes(gold: list[dict], pred: list[dict], score: Score) -> None:
    score.gold += len(gold)
    score.predicted += len(pred)
    pairs = _pair(gold, pred, "quote", _quote_similar)
    score.true_positives += len(pairs)
    right_speaker = sum(
        1
        for g, p in pairs
        if _words(g.get("speaker", "")) & _words(p.get("speaker", ""))
        or (not g.get("speaker") and not p.get("speaker"))
    )
    score.extra["matched"] = score.extra.get("matched", 0) + len(pairs)
    score.extra["speaker_right"] = score.extra.get("speaker_right", 0) + right_speaker


def score_places(gold: list[dict], pred: list[dict], score: Score) -> None:
    score.gold += len(gold)
    score.predicted += len(pred)
    pairs = _pair(gold, pred, "mention", _overlap)
    score.true_positives += sum(1 for g, p in pairs if _place_right(g, p))


def score_dates(gold: list[dict], pred: list[dict], score: Score) -> None:
    score.gold += len(gold)
    score.predicted += len(pred)
    pairs = _pair(gold, pred, "mention", _overlap)
    score.true_positives += sum(1 for g, p in pairs if g.get("value") == p.get("value"))


def score_boilerplate(gold: list[str], pred: list[str], score: Score) -> None:
    score.gold += len(gold)
    score.predicted += len(pred)
    wrap = lambda lines: [{"line": line} for line in lines]  # noqa: E731
    score.true_positives += len(_pair(wrap(gold), wrap(pred), "line", _quote_similar))


_SCORERS = {
    "events": score_events,
    "quotes": score_quotes,
    "places": score_places,
    "dates": score_dates,
    "boilerplate": score_boilerplate,
}


def read_articles(path: str | Path) -> list[dict]:
    """Article objects of a gold or prediction file, one JSON object a line."""
    lines = Path(path).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(gold_articles: list[dict], predicted_articles: list[dict]) -> dict[str, Score]:
    """Micro-averaged scores per layer; a layer absent from a gold article is not scored there."""
    predicted_by_id = {a["id"]: a for a in predicted_articles}
    scores = {layer: Score() for layer in LAYERS}
    for gold in gold_articles:
        pred = predicted_by_id.get(gold["id"], {})
        for layer in LAYERS:
            if layer in gold:
                _SCORERS[layer](gold[layer], pred.get(layer, []), scores[layer])
    return scores


def report_rows(scores: dict[str, Score]) -> list[dict]:
    """Table rows: one per layer plus the stricter variants, ready to print."""
    rows = []
    for layer, s in scores.items():
        if not s.gold and not s.predicted:
            continue
        rows.append(
            {
                "layer": layer,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "gold": s.gold,
                "predicted": s.predicted,
            }
        )
        if layer == "events":
            for variant in ("code", "roles", "stance"):
                tp = s.extra.get(variant, 0)
                strict = Score(tp, s.predicted, s.gold)
                rows.append(
                    {
                        "layer": f"events ({variant})",
                        "precision": strict.precision,
                        "recall": strict.recall,
                        "f1": strict.f1,
                        "gold": s.gold,
                        "predicted": s.predicted,
                    }
                )
        if layer == "quotes" and s.extra.get("matched"):
            rows.append(
                {
                    "layer": "quotes (speaker accuracy)",
                    "precision": None,
                    "recall": None,
                    "f1": s.extra["speaker_right"] / s.extra["matched"],
                    "gold": s.extra["matched"],
                    "predicted": s.extra["matched"],
                }
            )
    return rows
