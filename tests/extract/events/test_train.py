"""Training the event model on a handful of annotated articles of our own: the triggers it
finds, and that two runs give the same model."""

import numpy
import pytest

from veille.extract.events import train

# Ten small annotated articles in the gold format: enough for five folds.
STORIES = [
    ("La police turque a arrêté deux journalistes suédois à Ankara.", "TUR", "SWE", "173"),
    ("Le Hamas a accusé Israël de bloquer les négociations.", "PSE", "ISR", "112"),
    ("L'armée russe a bombardé la ville ukrainienne de Kharkiv.", "RUS", "UKR", "195"),
    ("Le président français a rencontré le chancelier allemand à Berlin.", "FRA", "DEU", "042"),
    ("Washington a imposé des sanctions à Téhéran.", "USA", "IRN", "163"),
    ("Pékin a dénoncé les propos du Premier ministre japonais.", "CHN", "JPN", "111"),
    ("La police belge a interpellé trois militants néerlandais.", "BEL", "NLD", "173"),
    ("Le gouvernement italien a critiqué la Commission européenne.", "ITA", "EU", "111"),
    ("Séoul a rejeté la proposition de Pyongyang.", "KOR", "PRK", "120"),
    ("L'ONU a appelé la Birmanie à libérer les prisonniers.", "UNO", "MMR", "020"),
]


def _gold(text, source, target, code):
    return {
        "id": text[:12],
        "date": "2023-05-02",
        "text": text,
        "events": [{"evidence": text[:-1], "source": source, "target": target, "code": code}],
    }


@pytest.fixture(scope="module")
def examples(nlp):
    objects = [_gold(*story) for story in STORIES]
    with nlp.select_pipes(disable=["veille_events"]):
        return train.examples(objects, nlp)


def test_each_gold_event_finds_its_evidence_and_a_trigger_word(examples):
    train.assign_triggers(examples)
    triggers = [e.doc[e.triggers[0]].lemma_ for e in examples]
    assert all(e.evidence[0] is not None for e in examples)
    assert {"arrêter", "accuser", "bombarder", "rejeter"} <= set(triggers)


def test_two_trainings_give_the_same_model(examples):
    first, figures = train.fit(examples)
    second, _ = train.fit(examples)
    assert first.threshold == second.threshold
    assert numpy.array_equal(first.words.weights, second.words.weights)
    assert numpy.array_equal(first.pairs.weights, second.pairs.weights)
    assert 0 <= figures["f1"] <= 1 and figures["articles"] == len(STORIES)


def test_the_counted_lexicon_holds_each_triggers_code(examples):
    train.assign_triggers(examples)
    counts = train.counted_codes(examples)
    assert counts[("arrêter", "V", "173")] == 1
    assert counts[("accuser", "V", "112")] == 1
