"""Stance of an event's word: asserted, denied by a verb above it, hypothetical."""

import pytest

from veille.extract.events.stance import stance


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("L'armée a bombardé la ville mardi.", "bombardé", "asserted"),
        ("Le gouvernement nie avoir bombardé la ville.", "bombardé", "denied"),
        ("L'armée pourrait bombarder la ville.", "bombarder", "hypothetical"),
        ("Le président se rendrait à Moscou la semaine prochaine.", "rendrait", "hypothetical"),
    ],
)
def test_stance_of_the_word_that_tells_the_event(nlp, text, word, expected):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert stance(token) == expected


def test_no_word_is_asserted():
    assert stance(None) == "asserted"
