"""Stories over a whole corpus: the LSH bands of `veille run`'s index, and its rule, applied in order.

`veille run` folds articles into stories one by one (`veille.ingest.duplicates.StoryIndex`):
an article joins the story of its most similar earlier article among those sharing an LSH band
with it, when the estimated similarity is above THRESHOLD (ties: the smallest story id), else it
starts its own story, named after itself. Spark finds the candidate pairs in parallel (grouping
articles by band); only the resolution, which follows the reading order, runs on the driver,
over the articles that have a near-duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from datasketch import MinHashLSH

from veille.ingest.duplicates import NUM_PERM, THRESHOLD


@cache
def bands() -> tuple[tuple[int, int], ...]:
    # The same bands as StoryIndex's MinHashLSH: its (b, r) follow from threshold and num_perm.
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return tuple(lsh.hashranges)


def resolve(best: Iterable[tuple[tuple, str, list[str]]]) -> dict[str, str]:
    """Story ids of the articles that join an earlier story.

    `best` holds (order, article_id, earlier candidates that tie for the best score above the
    threshold), one entry per article that has any; an article without an entry, and every
    candidate's own story when it has none, is its own story.
    """
    story: dict[str, str] = {}
    for _order, article_id, candidates in sorted(best, key=lambda entry: entry[0]):
        story[article_id] = min(story.get(c, c) for c in candidates)
    return story
