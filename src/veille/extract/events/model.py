"""The event model: three linear scorers read the article's words and actor pairs, and a
boosted-trees decider turns their scores into the article's events.

- words: which CAMEO root a word tells, if any (a trigger), from its lemma, arguments and vector;
- pairs: which roots link an ordered pair of the article's actors, from everything the pair
  does where the two meet;
- sentence pairs: which roots link a pair within one sentence, the actors named there or
  carried from the sentences before.
The decider takes, for each (source, target, root) of the article, those scores and what the
pair is to the article (the main country? named how often?) and how it fares against its
rivals, and says whether it is an event, and whether it is told twice with two codes
(GUIDELINES: one event per full code).

scikit-learn fits them: logistic regression is fast on sparse features and calibrated enough
to stack; histogram gradient boosting decides on a few dozen dense columns in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import joblib
import numpy
from scipy.sparse import csr_matrix
from threadpoolctl import ThreadpoolController

from veille.extract.events.candidates import pair_kind
from veille.extract.events.features import Candidates
from veille.lang import data_file

ROOTS = [f"{i:02d}" for i in range(1, 21)]
PAIR_KINDS = ("same", "noS", "noT", "diff")
MODEL_FILE = "events_model.joblib"


@dataclass
class Scorer:
    """A linear scorer over string features (and, for words, their vectors): the weights of a
    fitted logistic regression, applied with numpy. scikit-learn's own predict would check
    and convert its input at every call, which cost more than the arithmetic."""

    columns: dict[str, int]  # feature -> row of `weights`
    weights: numpy.ndarray  # (features [+ vector width]) x outputs, float32
    bias: numpy.ndarray  # outputs
    multiclass: bool  # softmax over "no event" and the 20 roots, else a sigmoid per root
    with_vectors: bool = False

    def matrix(self, features: list[list[str]]) -> csr_matrix:
        """Rows of 0/1 indicators; features unseen in training are left out."""
        columns = self.columns
        indices, indptr = [], [0]
        for row in features:  # each row lists a feature once
            indices += [c for c in map(columns.get, row) if c is not None]
            indptr.append(len(indices))
        data = numpy.ones(len(indices), dtype=numpy.float32)
        return csr_matrix(
            (data, numpy.array(indices, dtype=numpy.int32), numpy.array(indptr, dtype=numpy.int32)),
            shape=(len(features), len(columns)),
        )

    def logits(self, matrix: csr_matrix, vectors=None) -> numpy.ndarray:
        width = len(self.columns)
        out = matrix @ self.weights[:width] + self.bias
        if self.with_vectors:
            out += unit_rows(vectors) @ self.weights[width:]
        return out

    def scores(self, features: list[list[str]], vectors=None) -> numpy.ndarray:
        """Probability of each root (columns ROOTS) for each row."""
        if not features:
            return numpy.zeros((0, len(ROOTS)))
        return self.probabilities(self.logits(self.matrix(features), vectors))

    def probabilities(self, logits: numpy.ndarray) -> numpy.ndarray:
        if self.multiclass:
            logits = logits - logits.max(axis=1, keepdims=True)
            exp = numpy.exp(logits)
            return (exp / exp.sum(axis=1, keepdims=True))[:, 1:]
        return 1.0 / (1.0 + numpy.exp(-logits))


def unit_rows(vectors: numpy.ndarray) -> numpy.ndarray:
    return vectors / (numpy.linalg.norm(vectors, axis=1, keepdims=True) + 1e-6)


@dataclass
class EventModel:
    words: Scorer
    pairs: Scorer
    sentence_pairs: Scorer
    decider: object  # HistGradientBoostingClassifier: is (source, target, root) an event
    repeats: object  # HistGradientBoostingClassifier: is it told with a second code
    threshold: float
    repeat_threshold: float
    codes: dict = field(default_factory=dict)  # (lemma, root) -> code, root -> code
    card: dict = field(default_factory=dict)


@dataclass
class Scores:
    """The three scorers' output on one article's candidates."""

    words: numpy.ndarray  # len(words) x 20
    pairs: numpy.ndarray  # len(pairs) x 20
    sentence_pairs: numpy.ndarray  # len(sentence_pairs) x 20


def score(model: EventModel, batch: list[Candidates]) -> list[Scores]:
    """The three scorers on a batch of articles, one matrix product each for the batch."""
    words = model.words.scores(
        [f for found in batch for f in found.word_features],
        numpy.vstack([found.word_vectors for found in batch]) if batch else None,
    )
    pairs = model.pairs.scores([f for found in batch for f in found.pair_features])
    within = model.sentence_pairs.scores(
        [f for found in batch for f in found.sentence_pair_features]
    )
    out, at = [], numpy.zeros(3, dtype=int)
    for found in batch:
        sizes = (len(found.words), len(found.pairs), len(found.sentence_pairs))
        ends = at + sizes
        out.append(Scores(words[at[0] : ends[0]], pairs[at[1] : ends[1]], within[at[2] : ends[2]]))
        at = ends
    return out


def key_features(found: Candidates, scores: Scores) -> numpy.ndarray:
    """One row per (source, target, root) of the article: the decider's columns (KEY_COLUMNS);
    row 20 * p + j is pair p of found.pairs and root j of ROOTS."""
    actors = found.actors
    zero = numpy.zeros(len(ROOTS))
    by_sentence: dict[int, list[int]] = {}
    for row, sentence in enumerate(found.word_sentences):
        by_sentence.setdefault(sentence, []).append(row)
    sentence_best = {s: scores.words[rows].max(axis=0) for s, rows in by_sentence.items()}
    article_best = scores.words.max(axis=0) if len(found.words) else zero
    word_row = {token: row for row, token in enumerate(found.words)}
    within: dict[tuple[str, str], numpy.ndarray] = {}
    within_sum: dict[tuple[str, str], numpy.ndarray] = {}
    within_count: dict[tuple[str, str], numpy.ndarray] = {}
    for row, (_, source, target) in enumerate(found.sentence_pairs):
        here = scores.sentence_pairs[row]
        key = (source, target)
        within[key] = numpy.maximum(within.get(key, zero), here)
        within_sum[key] = within_sum.get(key, zero) + here
        within_count[key] = within_count.get(key, zero) + (here > 0.3)
    root_index = numpy.arange(len(ROOTS))
    blocks = []
    for row, (source, target) in enumerate(found.pairs):
        pair = scores.pairs[row]
        met = found.pair_sentences[row]
        met_scores = numpy.array([sentence_best.get(s, zero) for s in met] or [zero])
        met_second = numpy.sort(met_scores, axis=0)[-2] if len(met) > 1 else zero
        source_verbs, target_verbs = found.side_verbs[(source, target)]
        here = within.get((source, target), zero)
        constants = [
            pair.max(),
            pair.sum(),
            len(met),
            PAIR_KINDS.index(pair_kind(source, target)),
            source == actors.home,
            target == actors.home,
            actors.rank.get(source, 9) if source else -1,
            actors.rank.get(target, 9) if target else -1,
            len(actors.rank),
            here.max(),
        ]
        block = numpy.empty((len(ROOTS), RIVALS_FROM))
        block[:, :10] = constants
        block[:, 10] = pair
        block[:, 11] = met_scores.max(axis=0)
        block[:, 12] = _best_of(scores.words, word_row, source_verbs, zero)
        block[:, 13] = _best_of(scores.words, word_row, target_verbs, zero)
        block[:, 14] = article_best
        block[:, 15] = here
        block[:, 16] = met_second
        block[:, 17] = (met_scores > 0.3).sum(axis=0)
        # A verb both sides hang from: "l'armée russe a bombardé la ville ukrainienne".
        block[:, 19] = _best_of(scores.words, word_row, source_verbs & target_verbs, zero)
        block[:, ROOT_COLUMN] = root_index
        # A pair told in several sentences is likelier an event than one told once.
        block[:, 20] = within_sum.get((source, target), zero)
        block[:, 21] = within_count.get((source, target), zero)
        blocks.append(block)
    if not blocks:
        return numpy.zeros((0, KEY_COLUMNS))
    rows = numpy.vstack(blocks)
    return numpy.hstack([rows, _rivals(found, scores.pairs, rows[:, 15])])


def _rivals(found: Candidates, pair: numpy.ndarray, here: numpy.ndarray) -> numpy.ndarray:
    """How each (source, target, root) fares against its rivals, which the decider, one row
    at a time, cannot see: the pair's other roots (annotators code a pair once or twice), the
    other pairs for the root, and the same pair reversed (who struck whom)."""
    here = here.reshape(pair.shape)
    index = {p: k for k, p in enumerate(found.pairs)}
    reverse = numpy.array([index.get((t, s), -1) for s, t in found.pairs])
    missing = numpy.zeros((1, len(ROOTS)))
    pair_reversed = numpy.vstack([pair, missing])[reverse]
    here_reversed = numpy.vstack([here, missing])[reverse]
    columns = [
        _rank(pair, axis=1),
        pair - pair.max(axis=1, keepdims=True),
        _rank(here, axis=1),
        here - here.max(axis=1, keepdims=True),
        _rank(pair, axis=0),
        pair - pair.max(axis=0, keepdims=True),
        _rank(here, axis=0),
        pair_reversed,
        here_reversed,
    ]
    return numpy.stack(columns, axis=2).reshape(pair.size, len(columns))


def _rank(scores: numpy.ndarray, axis: int) -> numpy.ndarray:
    """0 for the best along `axis`, 1 for the second …"""
    return (-scores).argsort(axis=axis, kind="stable").argsort(axis=axis, kind="stable")


RIVALS_FROM = 22  # key_features' first column after the pair's own
KEY_COLUMNS = 31
ROOT_COLUMN = 18  # the decider's categorical column


def _best_of(word_scores, word_row: dict[int, int], verbs: set[int], zero):
    rows = [word_row[v] for v in verbs if v in word_row]
    return word_scores[rows].max(axis=0) if rows else zero


@cache
def _threads() -> ThreadpoolController:
    return ThreadpoolController()


@cache
def load(lang: str = "fr") -> EventModel:
    """The trained event model packaged for `lang` (built by `make train`)."""
    path = model_path(lang)
    if not path.exists():
        raise FileNotFoundError(f"no event model for {lang!r} at {path}: run `make train`")
    return joblib.load(path)


def model_path(lang: str) -> Path:
    return data_file(lang, MODEL_FILE)


@dataclass
class Decision:
    """One event the model finds: its key, its code, and where the text tells it."""

    source: str
    target: str
    root: str
    code: str
    probability: float
    sentence: int  # index of the evidence sentence
    trigger: int | None  # token index of the word that tells it
    sentences: list[int] = field(default_factory=list)  # every sentence that tells it


def decide(model: EventModel, batch: list[Candidates], codes) -> list[list[Decision]]:
    """Each article's events: each (source, target, root) the decider accepts, once, or twice
    with two codes when it judges the article tells two; `codes(lemma, root, taken)` gives the
    code a trigger word stands for. A batch of articles shares each model call: the trees'
    cost is per call, not per row."""
    # One thread: on a few hundred rows, waking BLAS's and OpenMP's threads for each small
    # product or tree cost fifty times the arithmetic on this project's two cores.
    with _threads().limit(limits=1):
        scores = score(model, batch)
        keyed = [key_features(found, s) for found, s in zip(batch, scores, strict=True)]
        rows = numpy.vstack(keyed or [numpy.zeros((0, KEY_COLUMNS))])
        is_event = model.decider.predict_proba(rows)[:, 1] if len(rows) else numpy.zeros(0)
        accepted = numpy.flatnonzero(is_event > model.threshold)
        is_repeated = numpy.zeros(len(rows))
        if len(accepted):
            is_repeated[accepted] = model.repeats.predict_proba(rows[accepted])[:, 1]
    out, start = [], 0
    for found, article_scores, rows_of_article in zip(batch, scores, keyed, strict=True):
        end = start + len(rows_of_article)
        chosen = accepted[(accepted >= start) & (accepted < end)]
        decisions = []
        for row in chosen:
            pair, root = divmod(row - start, len(ROOTS))
            key = (*found.pairs[pair], ROOTS[root])
            decisions += _decisions(
                model, found, article_scores, key, is_event[row], is_repeated[row], codes
            )
        out.append(decisions)
        start = end
    return out


def _decisions(model, found, scores, key, probability, repeated, codes) -> list[Decision]:
    """One accepted (source, target, root): its evidence, trigger and code, or two of each."""
    source, target, root = key
    told = _sentences_telling(found, scores, source, target, ROOTS.index(root))
    count = 2 if repeated > model.repeat_threshold else 1
    taken: list[str] = []
    decisions = []
    for nth in range(count):
        sentence = told[min(nth, len(told) - 1)]
        trigger = _trigger_in(found, scores, sentence, ROOTS.index(root))
        word = found.doc_lemmas.get(trigger, "") if trigger is not None else ""
        code = codes(word, root, taken)
        if code is None:
            break
        taken.append(code)
        decisions.append(
            Decision(source, target, root, code, float(probability), sentence, trigger, told)
        )
    return decisions


def _sentences_telling(found: Candidates, scores: Scores, source, target, j) -> list[int]:
    """The sentences where the pair meets, the likeliest to tell the event first."""
    rows = [
        row for row, (_, s, t) in enumerate(found.sentence_pairs) if s == source and t == target
    ]
    ranked = sorted(rows, key=lambda row: -scores.sentence_pairs[row, j])
    sentences = list(dict.fromkeys(found.sentence_pairs[row][0] for row in ranked))
    return sentences or list(found.pair_sentences[found.pairs.index((source, target))])


def _trigger_in(found: Candidates, scores: Scores, sentence: int, j: int) -> int | None:
    """The sentence's word likeliest to tell root j."""
    rows = numpy.flatnonzero(numpy.array(found.word_sentences) == sentence)
    if not len(rows):
        return None
    return found.words[rows[numpy.argmax(scores.words[rows, j])]]
