"""Learn the speaker model from annotated articles (FORMAT.md's JSONL, with quotes and speakers):

    python -m veille.extract.speakers_train --train ../shared/eval/train/train.jsonl

writes src/veille/data/speakers_fr.json: the weights of a conditional logit (a softmax over each
quotation's candidates) over the features of veille.extract.speakers, and prints the five-fold cross-validated speaker accuracy on the
training file. Deterministic: the same file gives the same weights.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
from bisect import bisect_left
from pathlib import Path

from veille.clean import find_boilerplate, normalise
from veille.extract import speakers as candidates
from veille.extract.attribution import attribute
from veille.extract.quotes import _in_boilerplate
from veille.extract.reporting import speaker_nouns
from veille.extract.resolution import previous_of, quote_rows, score
from veille.nlp import load
from veille.text import quote_spans, text_of

_FOLDS = 5
_PASSES = 2  # the second pass learns from the previous speakers the first pass chose
_PENALTY = 3.0  # L2 penalty of the logit (train cross-validated: 1 0.686, 3 0.689, 10 0.687)
_OUT = Path(__file__).resolve().parents[1] / "data" / "speakers_fr.json"
_WORD = re.compile(r"\w+")


def articles(path: Path, lang: str = "fr") -> list[dict]:
    """Each annotated article with its parsed Doc and its quotations' gold speakers."""
    nlp = load(lang)
    objects = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    origins = []

    def docs():
        for o in objects:
            normalised = normalise(o["text"])
            doc = nlp.make_doc(normalised.text)
            doc._.published = o.get("date", "")
            doc._.boilerplate = [  # as veille.pipeline maps them: onto the normalised text
                [
                    bisect_left(normalised.origin, b["start"]),
                    bisect_left(normalised.origin, b["end"]),
                    b["kind"],
                ]
                for b in find_boilerplate(o["text"], lang)
            ]
            origins.append(normalised)
            yield doc

    out = []
    with nlp.select_pipes(disable=["veille_quotes", "veille_events"]):
        for o, doc, normalised in zip(objects, nlp.pipe(docs()), origins, strict=False):
            out.append(_example(o, doc, normalised, lang))
    return out


def _example(o: dict, doc, normalised, lang: str) -> dict:
    text = text_of(doc)
    spans = [(a, b) for a, b in quote_spans(text) if not _in_boilerplate(doc._.boilerplate, a)]
    found, _ = attribute(doc, spans, doc._.actors, doc._.places, lang, learned=False)
    in_quote, quote_tokens = [False] * len(doc), []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        a, b = (span.start, span.end) if span is not None and len(span) else (0, 0)
        quote_tokens.append((a, b))
        for i in range(max(a - 1, 0), min(b + 1, len(doc))):
            in_quote[i] = True
    ctx = candidates.context(doc, in_quote, doc._.actors, speaker_nouns(lang), lang, found)
    gold = [q for q in o.get("quotes", []) if _tokens(q["quote"])]
    used, speakers = set(), []
    for start, end in spans:
        a, b = normalised.span(start, end)
        said = o["text"][a:b]
        best, best_score = None, 0.5
        for j, q in enumerate(gold):
            overlap = _jaccard(q["quote"], said)
            if j not in used and overlap >= best_score:
                best, best_score = j, overlap
        if best is not None:
            used.add(best)
        speakers.append(gold[best]["speaker"] if best is not None else None)
    rows, _ = quote_rows(ctx, quote_tokens, found, lang)
    return {"ctx": ctx, "quotes": quote_tokens, "rows": rows, "gold": speakers, "found": found}


def _tokens(s: str) -> set[str]:
    return set(_WORD.findall(s.lower()))


def _jaccard(a: str, b: str) -> float:
    a_, b_ = _tokens(a), _tokens(b)
    return len(a_ & b_) / len(a_ | b_) if a_ | b_ else 0.0


def _right(gold: str, entity: dict) -> bool:
    return bool(candidates.words(gold) & entity["words"])


def _table(examples: list[dict], previous: list[list[dict | None]] | None):
    """Feature rows, labels and group sizes (one group of candidates per quotation with a gold
    speaker among them); the previous speaker is the gold one, or the one a first model chose."""
    X, y, sizes = [], [], []
    for e, example in enumerate(examples):
        before = None
        for n, gold in enumerate(example["gold"]):
            if previous is not None:
                before = previous[e][n]
            labels = [int(bool(gold) and _right(gold, x)) for x in example["ctx"].entities]
            if gold and any(labels):
                X.extend(example["rows"](n, before))
                y.extend(labels)
                sizes.append(len(labels))
                if previous is None:
                    right = [
                        x for x, label in zip(example["ctx"].entities, labels, strict=True) if label
                    ]
                    right.sort(key=lambda x: x["kind"] != "person")
                    before = previous_of(example["ctx"], example["quotes"][n], right[0])
    return X, y, sizes


def _conditional_logit(X, y: list[int], sizes: list[int], penalty: float):
    """Weights maximising, over the quotations, the probability that a softmax over each one's
    candidates gives to its right ones, with an L2 penalty. Written here because scikit-learn has
    no grouped softmax; scipy (a dependency of scikit-learn) minimises it. Learning to rank the
    candidates of one quotation against each other beats scoring each alone (train
    cross-validated 0.675 against 0.648)."""
    import numpy as np
    from scipy.optimize import minimize

    right = np.array(y, dtype=bool)
    sizes_ = np.array(sizes)
    starts = np.concatenate([[0], np.cumsum(sizes_)[:-1]])
    group = np.repeat(np.arange(len(sizes_)), sizes_)

    def loss(w):
        scores = X @ w
        top = np.maximum.reduceat(scores, starts)
        e = np.exp(scores - top[group])
        every = np.add.reduceat(e, starts)
        e_right = np.where(right, e, 0.0)
        rights = np.add.reduceat(e_right, starts)
        value = np.sum(np.log(every) - np.log(rights)) + penalty / 2 * w @ w
        gradient = X.T @ (e / every[group] - e_right / rights[group]) + penalty * w
        return value, gradient

    found = minimize(
        loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000}
    )
    return found.x


def _decode(example: dict, weights: dict) -> tuple[list[str], list[dict | None]]:
    """The speakers a model chooses in one article, and the previous speaker each choice saw."""
    ctx, chosen, seen, before = example["ctx"], [], [], None
    for n, quote in enumerate(example["quotes"]):
        seen.append(before)
        if quote[0] == quote[1] or not ctx.entities:
            chosen.append("")
            continue
        scores = score(weights, example["rows"](n, before))
        entity = ctx.entities[max(range(len(scores)), key=scores.__getitem__)]
        chosen.append(entity["name"])
        before = previous_of(ctx, quote, entity)
    return chosen, seen


def fit(examples: list[dict]) -> dict:
    """Weights of a conditional logit over the candidates' features, in passes."""
    from sklearn.feature_extraction import DictVectorizer

    previous = None
    for _ in range(_PASSES):
        X, y, sizes = _table(examples, previous)
        vectors = DictVectorizer()
        coefficients = _conditional_logit(vectors.fit_transform(X).tocsr(), y, sizes, _PENALTY)
        weights = {
            # A softmax over one quotation's candidates ignores a constant: no bias.
            "bias": 0.0,
            "weights": {
                name: round(float(w), 4)
                for name, w in zip(vectors.feature_names_, coefficients, strict=True)
                if abs(w) >= 1e-4
            },
        }
        previous = [_decode(example, weights)[1] for example in examples]
    return weights


def accuracy(examples: list[dict], chosen: list[list[str]]) -> float:
    """Share of quotations with a gold speaker whose chosen speaker shares a word with it (or
    both empty), as the reference scorer counts."""
    right = total = 0
    for example, names in zip(examples, chosen, strict=True):
        for gold, name in zip(example["gold"], names, strict=True):
            if gold is None:
                continue
            total += 1
            right += bool(_tokens(gold) & _tokens(name)) or (not gold and not name)
    return right / total if total else 0.0


def cross_validated(examples: list[dict]) -> tuple[float, float]:
    """Speaker accuracy of models trained on four fifths and scored on the fifth left out, and
    the rules' accuracy on the same quotations."""
    chosen: list[list[str]] = [[] for _ in examples]
    for fold in range(_FOLDS):
        weights = fit([x for i, x in enumerate(examples) if i % _FOLDS != fold])
        for i, example in enumerate(examples):
            if i % _FOLDS == fold:
                chosen[i] = _decode(example, weights)[0]
    rules = [[f.get("speaker", "") for f in example["found"]] for example in examples]
    return accuracy(examples, chosen), accuracy(examples, rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, required=True, help="annotated articles (JSONL)")
    parser.add_argument("-o", "--out", type=Path, default=_OUT, help="where the weights go")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args()
    examples = articles(args.train)
    model = fit(examples)
    model["trained_on"] = {
        "file": args.train.name,
        "sha256": hashlib.sha256(args.train.read_bytes()).hexdigest(),
        "articles": len(examples),
        "quotes": sum(g is not None for x in examples for g in x["gold"]),
        "date": datetime.date.today().isoformat(),
    }
    if not args.no_cv:
        learned, rules = cross_validated(examples)
        model["trained_on"]["cross_validated_accuracy"] = round(learned, 3)
        model["trained_on"]["rules_accuracy"] = round(rules, 3)
        print(
            f"speaker accuracy, {_FOLDS}-fold cross-validated: {learned:.3f} (rules: {rules:.3f})"
        )
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"{len(model['weights'])} weights -> {args.out}")


if __name__ == "__main__":
    main()
