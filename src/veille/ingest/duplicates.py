"""Duplicates and stories: exact copies by hash, near copies by MinHash over word shingles (LSH).

The store keeps, per article, its signature and its story; `StoryIndex(rows)` rebuilds the
index from those rows at the start of a run, and `assign` places each new article:

    index = StoryIndex(store_rows)             # (article_id, signature, story_id)
    sig = signature(text)
    story_id = index.assign(article_id, sig)   # persist (article_id, sig, story_id)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3  # words per shingle
SCHEME = "affine32"  # datasketch's permutation scheme; stored signatures depend on it
# Estimated Jaccard similarity of shingle sets above which two articles tell one story.
# Tuned on the pairs of tests/ingest/test_duplicates.py (exact Jaccard, shingles of 2/3/4/5
# words): an update with a new lead and an added paragraph 0.63/0.60/0.57/0.55, a syndicated
# copy with a new headline and credit 0.90, another dispatch on the same war and day
# 0.11/0.06/0.04/0.02. Three words and 0.3 leave a factor of two on either side.
THRESHOLD = 0.3
_MIN_SHINGLES = 5  # below this a text has no meaningful signature: exact matches only
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The set of `size`-word shingles of the text, case and punctuation ignored."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> list[int]:
    """The MinHash signature of the text (NUM_PERM unsigned integers), to store with the article.

    A text too short for shingles gets a signature derived from its hash, which only an
    exact copy shares."""
    grams = shingles(text)
    if len(grams) < _MIN_SHINGLES:
        digest = hashlib.sha256(" ".join(_WORD.findall(text.lower())).encode()).digest()
        seed = int.from_bytes(digest[:8], "little")
        return (
            np.random.default_rng(seed).integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint32).tolist()
        )
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(grams))
    return minhash.hashvalues.tolist()


def _sketch(values: np.ndarray) -> LeanMinHash:
    # Lean: built from stored values without regenerating the permutations.
    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


def content_hash(text: str) -> str:
    """A hash of the words of the text: exact copies up to spacing, case and punctuation."""
    return hashlib.sha256(" ".join(_WORD.findall(text.lower())).encode()).hexdigest()[:32]


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(np.asarray(a, dtype=np.uint32) == np.asarray(b, dtype=np.uint32)))


class StoryIndex:
    """Articles seen so far and their stories; a story's id is the id of its first article."""

    def __init__(
        self, rows: Iterable[tuple[str, Sequence[int], str]] = (), threshold: float = THRESHOLD
    ) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._story: dict[str, str] = {}
        self._signature: dict[str, np.ndarray] = {}
        for article_id, sig, story_id in rows:
            self.add(article_id, sig, story_id)

    def __len__(self) -> int:
        return len(self._story)

    def story_of(self, article_id: str) -> str | None:
        return self._story.get(article_id)

    def add(self, article_id: str, sig: Sequence[int], story_id: str) -> None:
        """Record an article whose story is already known (a stored row)."""
        if article_id in self._story:
            return
        values = np.asarray(sig, dtype=np.uint32)
        self._lsh.insert(article_id, _sketch(values))
        self._story[article_id] = story_id
        self._signature[article_id] = values

    def assign(self, article_id: str, text_or_signature: str | Sequence[int]) -> str:
        """The story of a new article (joining the most similar story above the threshold, else
        starting its own); idempotent for an article already seen."""
        known = self._story.get(article_id)
        if known is not None:
            return known
        sig = (
            signature(text_or_signature)
            if isinstance(text_or_signature, str)
            else text_or_signature
        )
        values = np.asarray(sig, dtype=np.uint32)
        best, best_score = None, self.threshold
        for candidate in self._lsh.query(_sketch(values)):
            score = float(np.mean(self._signature[candidate] == values))
            # Ties go to the earliest story id, so the outcome does not depend on set order.
            if score > best_score or (
                score == best_score
                and best is not None
                and self._story[candidate] < self._story[best]
            ):
                best, best_score = candidate, score
        story_id = self._story[best] if best is not None else article_id
        self.add(article_id, values, story_id)
        return story_id
