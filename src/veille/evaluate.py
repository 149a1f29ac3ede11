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
    return set(_WORD.findall((text or "").lower()))


# Words that pair no place or date mentions ("en juin" never pairs with "en 2018"): the list of
# the reference scorer, ../shared/eval/score.py, whose figures veille eval must reproduce.
_FUNCTION_WORDS = """à au aux d de des du en et l la le les un une dans sur sous par pour vers avec
entre depuis jusqu ce cet cette ces son sa ses leur leurs the of in on at to a an and"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def _jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _content_jaccard(a: str, b: str) -> float:
    wa, wb = _words(a) - FUNCTION_WORDS, _words(b) - FUNCTION_WORDS
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _multiset_matches(gold: list[tuple], predicted: list[tuple]) -> int:
    return sum((Counter(gold) & Counter(predicted)).values())


def _distinct(records: list[dict], key: str) -> list[dict]:
    """The first record of each text, compared without case or outer spaces."""
    seen, out = set(), []
    for record in records:
        text = (record.get(key) or "").strip().lower()
        if text not in seen:
            seen.add(text)
            out.append(record)
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _place_right(gold: dict, pred: dict) -> bool:
    """A country or region is right by its country, a city also within 161 km; a place spanning
    countries (gold country "") by having none or lying within 500 km."""
    if not gold.get("country"):
        return not pred.get("country") or _near(gold, pred, 500)
    if pred.get("country") != gold["country"]:
        return False
    return gold.get("kind") in ("country", "region") or _near(gold, pred, 161)


def _near(gold: dict, pred: dict, km: float) -> bool:
    try:
        return (
            _km(float(gold["lat"]), float(gold["lon"]), float(pred["lat"]), float(pred["lon"]))
            <= km
        )
    except (KeyError, TypeError, ValueError):
        return False


def _pair_by_content(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of mentions, those sharing the most content words first."""
    candidates = sorted(
        (
            (_content_jaccard(g["mention"], p.get("mention", "")), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_gold, used_pred, pairs = set(), set(), []
    for similarity, i, j in candidates:
        if similarity <= 0 or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((gold[i], pred[j]))
    return pairs


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
    """Each gold quotation, in order, takes the unused prediction of highest word overlap, at
    least 0.5 (the reference scorer's greedy match)."""
    gold = [q for q in gold if _words(q["quote"])]
    pred = [q for q in _distinct(pred, "quote") if _words(q.get("quote", ""))]
    score.gold += len(gold)
    score.predicted += len(pred)
    used: set[int] = set()
    matched = right_speaker = 0
    for g in gold:
        best, best_overlap = None, 0.5
        for j, p in enumerate(pred):
            if j in used:
                continue
            overlap = _jaccard(g["quote"], p.get("quote", ""))
            if overlap >= best_overlap:
                best, best_overlap = j, overlap
        if best is None:
            continue
        used.add(best)
        matched += 1
        speaker = pred[best].get("speaker", "")
        if _words(g.get("speaker", "")) & _words(speaker) or (not g.get("speaker") and not speaker):
            right_speaker += 1
    score.true_positives += matched
    score.extra["matched"] = score.extra.get("matched", 0) + matched
    score.extra["speaker_right"] = score.extra.get("speaker_right", 0) + right_speaker


def score_places(gold: list[dict], pred: list[dict], score: Score) -> None:
    pred = _distinct(pred, "mention")
    score.gold += len(gold)
    score.predicted += len(pred)
    score.true_positives += sum(1 for g, p in _pair_by_content(gold, pred) if _place_right(g, p))


def score_dates(gold: list[dict], pred: list[dict], score: Score) -> None:
    pred = _distinct(pred, "mention")
    score.gold += len(gold)
    score.predicted += len(pred)
    pairs = _pair_by_content(gold, pred)
    score.true_positives += sum(1 for g, p in pairs if g.get("value") == p.get("value"))


def score_boilerplate(gold: list[str], pred: list[str], score: Score) -> None:
    """A gold line is found when some predicted line shares half its words with it."""
    gold_lines = {line.strip() for line in gold}
    pred_lines = {line.strip() for line in pred}
    score.gold += len(gold_lines)
    score.predicted += len(pred_lines)
    score.true_positives += sum(
        1 for g in gold_lines if any(_jaccard(g, p) >= 0.5 for p in pred_lines)
    )


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
