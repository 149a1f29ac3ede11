"""Learn src/veille/lang/fr/place_use.tsv, the model that tells a place from an actor, from
articles annotated in the gold format of FORMAT.md (their `places`).

    python scripts/train_place_use.py ../shared/eval/train/train.jsonl

Each candidate of veille.extract.places is an example; its label is whether the article's gold
lists its mention (or one sharing half its content words). The gold lists a name once however
often it occurs, and an occurrence may be an actor where another is a place ("Moscou a
refusé … à Moscou"): so for a name the gold lists, only its likeliest occurrence is taken as a
place, the others left out, for a few rounds (multiple-instance learning). A logistic
regression over the features of veille.extract.place_use; the regularisation and the decision
threshold are chosen by five-fold cross-validation over articles. Deterministic; a few minutes,
most of it spaCy's parse.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from veille.clean import normalise
from veille.evaluate import FUNCTION_WORDS, _words
from veille.extract import place_use, places
from veille.lang import data_file
from veille.nlp import load
from veille.pipeline import parsed
from veille.records import Article

_MIN_COUNT = 3  # a feature seen fewer times in the training articles is left out
_ROUNDS = 3
_FOLDS = 5
# Weaker regularisation gains next to nothing in cross-validation and memorises the
# training articles' names (train F1 far above held-out F1).
_C = (0.1, 0.3)


def _content(text: str) -> set[str]:
    return _words(text) - FUNCTION_WORDS


def _listed(names: list[str], gold: list[str]) -> set[str]:
    """The candidate names the scorer would pair with a gold mention: most shared content
    words first, one to one."""
    pairs = []
    for a, g in enumerate(gold):
        for b, name in enumerate(names):
            gw, nw = _content(g), _content(name)
            if len(gw & nw) * 2 >= len(gw | nw):
                pairs.append((len(gw & nw) / len(gw | nw), a, b))
    used_gold, listed = set(), set()
    for _share, a, b in sorted(pairs, reverse=True):
        if a not in used_gold and names[b] not in listed:
            used_gold.add(a)
            listed.add(names[b])
    return listed


def examples(articles: list[dict], docs) -> list[dict]:
    """One example per candidate occurrence: article number, mention, features, label."""
    found = []
    for number, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        normalised = normalise(article["text"])
        rows = []
        for record in places.place_candidates(doc, article.get("lang") or "fr"):
            start, end = normalised.span(record["start"], record["end"])
            rows.append(
                {
                    "article": number,
                    "name": article["text"][start:end].strip().lower(),
                    "features": record["use_features"],
                    "vector": record["use_vector"],
                }
            )
        names = list(dict.fromkeys(r["name"] for r in rows))
        listed = _listed(names, [p["mention"] for p in article["places"]])
        for row in rows:
            row["label"] = row["name"] in listed
        found += rows
    return found


def _matrix(rows: list[dict], vectorizer: DictVectorizer):
    """The features, then the context's word vectors."""
    words = vectorizer.transform([{f: 1 for f in r["features"]} for r in rows])
    vectors = numpy.zeros((len(rows), _vector_width(rows)), dtype=numpy.float32)
    for i, r in enumerate(rows):
        if r["vector"] is not None:
            vectors[i] = r["vector"]
    return sparse.hstack([words, sparse.csr_matrix(vectors)]).tocsr()


def _vector_width(rows: list[dict]) -> int:
    return next((len(r["vector"]) for r in rows if r["vector"] is not None), 0)


def _fit(rows: list[dict], vectorizer: DictVectorizer, c: float) -> LogisticRegression:
    """Multiple-instance rounds: every occurrence of a listed name is a place at first; then
    only the likeliest occurrence of each listed name in each article is."""
    x = _matrix(rows, vectorizer)
    y = numpy.array([r["label"] for r in rows])
    keep = numpy.ones(len(rows), dtype=bool)
    model = None
    for _round in range(_ROUNDS):
        model = LogisticRegression(C=c, max_iter=3000)
        model.fit(x[keep], y[keep])
        scores = model.decision_function(x)
        best: dict[tuple, int] = {}
        for i, r in enumerate(rows):
            if r["label"]:
                key = (r["article"], r["name"])
                if key not in best or scores[i] > scores[best[key]]:
                    best[key] = i
        keep = numpy.array(
            [not r["label"] or best[(r["article"], r["name"])] == i for i, r in enumerate(rows)]
        )
    return model


def _by_name(rows: list[dict], probabilities) -> dict[tuple, tuple[float, bool]]:
    """A name is found in an article when one of its occurrences is taken as a place."""
    names: dict[tuple, tuple[float, bool]] = {}
    for r, p in zip(rows, probabilities, strict=True):
        key = (r["article"], r["name"])
        names[key] = (max(p, names.get(key, (0.0, False))[0]), r["label"])
    return names


def _best_threshold(names: dict[tuple, tuple[float, bool]], gold: int) -> tuple[float, float]:
    """The threshold with the best F1 over names, against all `gold` places: those no
    candidate found lower the F1 at every threshold, and so favour recall where it is cheap,
    as the scorer counts them."""
    best = (0.0, 0.5)
    positives = gold
    for threshold in numpy.arange(0.2, 0.8, 0.02):
        tp = sum(1 for p, label in names.values() if label and p >= threshold)
        predicted = sum(1 for p, _label in names.values() if p >= threshold)
        f1 = 2 * tp / (predicted + positives) if predicted + positives else 0.0
        best = max(best, (f1, round(float(threshold), 2)))
    return best


def train(rows: list[dict], gold: int) -> tuple[place_use.Model, dict]:
    """The model, and the cross-validated name F1 and threshold by regularisation."""
    counts = Counter(f for r in rows for f in set(r["features"]))
    for r in rows:
        r["features"] = [f for f in r["features"] if counts[f] >= _MIN_COUNT]
    vectorizer = DictVectorizer().fit([{f: 1 for f in r["features"]} for r in rows])
    fold_of = [r["article"] % _FOLDS for r in rows]
    report = {}
    for c in _C:
        probabilities = numpy.zeros(len(rows))
        for fold in range(_FOLDS):
            train_rows = [r for r, f in zip(rows, fold_of, strict=True) if f != fold]
            test = [i for i, f in enumerate(fold_of) if f == fold]
            model = _fit(train_rows, vectorizer, c)
            probabilities[test] = model.predict_proba(_matrix([rows[i] for i in test], vectorizer))[
                :, 1
            ]
        report[c] = _best_threshold(_by_name(rows, probabilities), gold)
    c = max(_C, key=lambda k: report[k])
    model = _fit(rows, vectorizer, c)
    names = vectorizer.get_feature_names_out()
    fitted = place_use.Model(
        weights=dict(zip(names, model.coef_[0][: len(names)], strict=True)),
        bias=float(model.intercept_[0]),
        threshold=report[c][1],
        vector_weights=model.coef_[0][len(names) :],
    )
    return fitted, {"C": c, "cross-validated": report}


def write(path: Path, model: place_use.Model, note: str) -> None:
    lines = [
        "# Place or actor: the weights of a logistic model over a candidate place mention's",
        "# features (veille.extract.place_use), learned by scripts/train_place_use.py from",
        "# annotated articles; retrain it rather than edit it by hand.",
        f"# {note}",
        "# Columns: feature<TAB>weight; (bias) and (threshold) are the model's own, (vectors) the",
        "# weights of the context's word vectors (place_use.context_vector), comma-separated.",
        f"(bias)\t{model.bias:.4f}",
        f"(threshold)\t{model.threshold:.2f}",
    ]
    if model.vector_weights is not None and len(model.vector_weights):
        lines.append("(vectors)\t" + ",".join(f"{w:.4f}" for w in model.vector_weights))
    for feature in sorted(model.weights):
        if abs(model.weights[feature]) >= 0.001:
            lines.append(f"{feature}\t{model.weights[feature]:.4f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path, help="annotated articles (JSONL)")
    parser.add_argument("-o", "--output", type=Path, default=data_file("fr", "place_use.tsv"))
    args = parser.parse_args()
    articles = [json.loads(line) for line in args.train.open(encoding="utf-8") if line.strip()]
    articles = [a for a in articles if "places" in a]
    nlp = load("fr", extractors=False)
    # Parsed as the pipeline parses (a video title glued into the text is marked), so the
    # model learns from the candidates it will see.
    records = [
        Article(text=a["text"], title=a.get("title", ""), published=a.get("date", ""))
        for a in articles
    ]
    docs = (doc for _article, _normalised, _boilerplate, doc in parsed(records, nlp))
    rows = examples(articles, docs)
    model, report = train(rows, sum(len(a["places"]) for a in articles))
    scores = {c: f"F1 {f:.3f} at {t}" for c, (f, t) in report["cross-validated"].items()}
    digest = hashlib.sha256(args.train.read_bytes()).hexdigest()
    # The card: what it learned from, and how it scores on articles it did not see (the
    # places layer's held-out valid figure is make eval's, in the README).
    note = (
        f"{args.train.name} (sha256 {digest}): {len(articles)} articles, {len(rows)} candidates;"
        f" C={report['C']}, cross-validated name {scores[report['C']]}"
    )
    write(args.output, model, note)
    print(note, "; cross-validated name F1 by C:", scores)


if __name__ == "__main__":
    main()
