"""The counted event lexicon: which code a trigger word gives, and the file's own checks."""

from collections import Counter

import pytest

from veille.extract.events import lexicon
from veille.lang import data_file


@pytest.fixture
def own_lexicon(tmp_path, monkeypatch):
    """A lexicon file of the test's own, read through the same functions."""
    path = tmp_path / "predicates.tsv"
    monkeypatch.setattr(lexicon, "data_file", lambda lang, name: path)
    monkeypatch.setattr("veille.lang.data_file", lambda lang, name: path)
    lexicon.rows.cache_clear()
    lexicon.code_chooser.cache_clear()
    yield path
    lexicon.rows.cache_clear()
    lexicon.code_chooser.cache_clear()


def test_the_packaged_lexicon_has_no_duplicate_or_conflicting_rows():
    lexicon.rows.cache_clear()
    rows = lexicon.rows("fr")
    assert len(rows) > 100
    assert len({r[:3] for r in rows}) == len(rows)
    hand = [(r[0], r[2][:2]) for r in rows if r[3] == lexicon.BY_HAND]
    assert len(set(hand)) == len(hand)


def test_a_word_gives_its_commonest_code_of_the_root(own_lexicon):
    lexicon.write(Counter({("dénoncer", "V", "111"): 40, ("dénoncer", "V", "112"): 9}))
    choose = lexicon.code_chooser("fr")
    assert choose("dénoncer", "11", []) == "111"
    assert choose("dénoncer", "11", ["111"]) == "112"  # a second event of the same root


def test_an_unknown_word_gives_the_roots_commonest_code(own_lexicon):
    lexicon.write(
        Counter(
            {("accuser", "V", "112"): 30, ("fustiger", "V", "111"): 3, ("arrêter", "V", "173"): 5}
        )
    )
    choose = lexicon.code_chooser("fr")
    assert choose("vilipender", "11", []) == "112"
    assert choose("vilipender", "19", []) == "190"  # a root the corpus never coded


def test_a_row_added_by_hand_wins_and_survives_retraining(own_lexicon):
    lexicon.write(Counter({("pilonner", "V", "190"): 12}))
    text = own_lexicon.read_text("utf-8") + "pilonner\tV\t195\t+\n"
    own_lexicon.write_text(text, "utf-8")
    lexicon.rows.cache_clear()
    lexicon.code_chooser.cache_clear()
    assert lexicon.code_chooser("fr")("pilonner", "19", []) == "195"
    lexicon.write(Counter({("pilonner", "V", "190"): 14}))  # make train again
    assert lexicon.code_chooser("fr")("pilonner", "19", []) == "195"
    assert "pilonner\tV\t190\t14" in own_lexicon.read_text("utf-8")


@pytest.mark.parametrize(
    "rows, error",
    [
        ("nier\tV\t016\t3\nnier\tV\t016\t5\n", "listed twice"),
        ("tirer\tV\t190\t+\ntirer\tV\t193\t+\n", "two hand-made codes"),
        ("tirer\tV\t190\tbeaucoup\n", "not a number"),
    ],
)
def test_a_bad_lexicon_is_an_error_that_names_the_row(own_lexicon, rows, error):
    own_lexicon.write_text("# test\n" + rows, "utf-8")
    with pytest.raises(ValueError, match=error):
        lexicon.rows("fr")


def test_the_lexicon_is_a_packaged_language_file():
    assert data_file("fr", lexicon.FILE).exists()
