"""Learn src/veille/lang/fr/date_direction.json: whether a date named without its year or week
("mardi", "le 3 novembre", "en octobre") lies ahead of publication or behind it.

For each such date veille finds in the training corpus, the gold mention sharing the most
content words with it says which of its two readings the annotators chose; a logistic
regression (scikit-learn) learns that choice from the features of veille.extract.dates
(how far each reading lies, the governing verb's tense and mood, the words before). Never
train on the held-out valid split.
    python scripts/train_date_direction.py ../shared/eval/train/train.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from veille.clean import normalise
from veille.evaluate import FUNCTION_WORDS, read_articles
from veille.extract.dates import direction_examples
from veille.nlp import load

OUT = Path(__file__).resolve().parents[1] / "src" / "veille" / "lang" / "fr" / "date_direction.json"
C = 1.0  # inverse regularisation: best of 0.1, 0.3, 1 and 3 in 5-fold cross-validation by article
MIN_COUNT = 3  # a feature seen in fewer examples is a word of one article, not a rule


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) - FUNCTION_WORDS


def labelled_examples(articles: list[dict]) -> list[tuple[dict, int]]:
    """(features, 1 if the annotators chose the reading ahead of publication else 0)."""
    nlp = load("fr", extractors=False)
    docs = (nlp.make_doc(normalise(a["text"]).text) for a in articles)
    out = []
    for article, doc in zip(articles, nlp.pipe(docs, batch_size=16), strict=True):
        doc._.published = article.get("date", "")
        gold = article.get("dates", [])
        for example in direction_examples(doc):
            words = _content_words(doc.text[example["start"] : example["end"]])

            def overlap(mention: dict, words: set[str] = words) -> float:
                theirs = _content_words(mention["mention"])
                return len(words & theirs) / len(words | theirs) if words | theirs else 0.0

            best = max(gold, key=overlap, default=None)
            if best is None or overlap(best) == 0:
                continue
            if best["value"] in (example["ahead"], example["behind"]):
                out.append((example["features"], int(best["value"] == example["ahead"])))
    return out


def main(train_path: str) -> None:
    examples = labelled_examples(list(read_articles(Path(train_path))))
    counts = Counter(name for features, _ in examples for name in features)
    examples = [
        ({name: v for name, v in features.items() if counts[name] >= MIN_COUNT}, label)
        for features, label in examples
    ]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform([features for features, _ in examples])
    labels = [label for _, label in examples]
    # The "bias" feature is the intercept, so that the model is one table of weights.
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000).fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= 1e-4
    }
    OUT.write_text(
        json.dumps(
            {
                "about": "whether a date without its year or week lies ahead of publication: "
                "logistic regression weights, positive for ahead; made by "
                "scripts/train_date_direction.py",
                "examples": len(examples),
                "weights": dict(sorted(weights.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        "utf-8",
    )
    print(f"{len(examples)} examples, {len(weights)} weights -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
