"""The decider's rival columns: each (source, target, root) against the pair's other roots,
the root's other pairs and the pair reversed."""

from types import SimpleNamespace

import numpy

from veille.extract.events.model import ROOTS, _rivals


def _scores(values: dict[int, float]) -> numpy.ndarray:
    row = numpy.zeros(len(ROOTS))
    for root, value in values.items():
        row[ROOTS.index(f"{root:02d}")] = value
    return row


def test_a_root_knows_its_rank_in_the_pair_and_the_pair_reversed():
    found = SimpleNamespace(pairs=[("RUS", "UKR"), ("UKR", "RUS"), ("RUS", "")])
    pair = numpy.vstack(
        [_scores({19: 0.8, 11: 0.3}), _scores({19: 0.4, 11: 0.5}), _scores({4: 0.6})]
    )
    here = pair / 2
    rivals = _rivals(found, pair, here.reshape(-1)).reshape(3, len(ROOTS), -1)
    fight, criticise = ROOTS.index("19"), ROOTS.index("11")

    assert rivals[0, fight, 0] == 0  # the pair's best root
    assert rivals[0, criticise, 0] == 1
    assert abs(rivals[1, fight, 1] + 0.1) < 1e-9  # 0.1 under the pair's best
    assert rivals[0, fight, 4] == 0 and rivals[1, fight, 4] == 1  # the root's best pair first
    assert rivals[0, fight, 7] == 0.4 and rivals[1, fight, 7] == 0.8  # the pair reversed
    assert rivals[2, fight, 7] == 0  # ("", "RUS") is no candidate
    assert rivals[0, fight, 8] == 0.2
