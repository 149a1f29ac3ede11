"""Story resolution in reading order, as veille.ingest.duplicates.StoryIndex assigns stories."""

from __future__ import annotations

import numpy as np
from datasketch import MinHashLSH

from veille.ingest.duplicates import NUM_PERM, THRESHOLD, StoryIndex
from veille.spark.stories import bands, resolve


def test_bands_are_the_index_s():
    assert list(bands()) == MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges


def test_resolve_follows_chains_and_breaks_ties_by_smallest_story():
    # b joins a; c ties between b (story a) and z (its own story): the smallest story wins.
    best = [((3,), "c", ["z", "b"]), ((2,), "b", ["a"])]
    assert resolve(best) == {"b": "a", "c": "a"}
    assert resolve([((2,), "c", ["z", "y"])]) == {"c": "y"}


def test_resolve_matches_story_index_on_random_signatures():
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint32)
    signatures = {}
    for i in range(30):
        sig = base.copy() if i % 3 else rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint32)
        changed = rng.choice(NUM_PERM, rng.integers(0, 100), replace=False)
        sig[changed] = rng.integers(0, 2**32 - 1, len(changed), dtype=np.uint32)
        signatures[f"a{i:02d}"] = sig
    index = StoryIndex()
    expected = {aid: index.assign(aid, sig.tolist()) for aid, sig in signatures.items()}

    ids = list(signatures)
    best = []
    for i, later in enumerate(ids):
        scores = {e: float(np.mean(signatures[e] == signatures[later])) for e in ids[:i]}
        shared = {
            e
            for e in ids[:i]
            if any((signatures[e][s:t] == signatures[later][s:t]).all() for s, t in bands())
        }
        scores = {e: s for e, s in scores.items() if e in shared and s > THRESHOLD}
        if scores:
            top = max(scores.values())
            best.append(((i,), later, [e for e, s in scores.items() if s == top]))
    story = resolve(best)
    assert {aid: story.get(aid, aid) for aid in ids} == expected
    assert len(set(expected.values())) < len(ids)
