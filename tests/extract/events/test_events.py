"""The event component with the packaged model, on small articles of our own: who did what to
whom, with evidence and GDELT's fields."""

from pathlib import Path

import pytest

from veille.cameo import is_valid
from veille.extract.events import model

ARTICLE = (
    "Le Hamas accuse Israël de bloquer les négociations\n\n"
    "Le Hamas a accusé mardi Israël de bloquer les négociations sur une trêve à Gaza, "
    "selon un communiqué du mouvement.\n\n"
    "Les médiateurs qataris ont reçu au Caire une délégation du mouvement islamiste. "
    "Le Premier ministre israélien a rejeté ces accusations."
)


def _keys(events):
    return {(e["source"], e["target"], e["root_code"]) for e in events}


@pytest.fixture(scope="module")
def events(nlp):
    return nlp(ARTICLE)._.events


def test_an_accusation_is_coded_from_the_accuser_to_the_accused(events):
    assert ("PSE", "ISR", "11") in _keys(events)


def test_every_record_shows_its_evidence_sentence_and_gdelt_fields(events):
    assert events
    for event in events:
        evidence = ARTICLE[event["start"] : event["end"]]
        assert evidence.strip() == evidence and evidence
        assert is_valid(event["code"]) and event["root_code"] == event["code"][:2]
        assert event["base_code"] == event["code"][:3]
        assert event["quad_class"] in (1, 2, 3, 4)
        assert event["source_code"] == event["source"] + event["source_role"]
        assert event["stance"] in ("asserted", "denied", "hypothetical")
        assert 0 < event["probability"] <= 1
        assert event["mentions"][0] == {"start": event["start"], "end": event["end"]}


def test_the_headline_and_lead_are_root_events(events):
    lead_end = ARTICLE.index("Les médiateurs")
    assert all(e["is_root_event"] == (e["start"] < lead_end) for e in events)


@pytest.mark.parametrize(
    "text, key",
    [
        (
            "Des milliers de manifestants ont défilé samedi à Paris contre la réforme des "
            "retraites du gouvernement.",
            ("FRA", "FRA", "14"),
        ),
        # A dispatch, not one line: on a lone sentence the pair scorers, trained on whole
        # articles, are out of their depth, and the decider's answer sits on its threshold.
        (
            "Trois journalistes suédois arrêtés en Turquie\n\nLa police turque a arrêté mardi à "
            "Ankara trois journalistes suédois, accusés d'espionnage par le parquet. Stockholm a "
            "demandé leur libération immédiate.",
            ("TUR", "SWE", "17"),
        ),
    ],
)
def test_plain_events(nlp, text, key):
    assert key in _keys(nlp(text)._.events)


def test_a_batch_gives_what_each_article_gives_alone(nlp):
    texts = [ARTICLE, "La police turque a arrêté trois journalistes suédois.", "Il pleut."]
    alone = [nlp(t)._.events for t in texts]
    together = [doc._.events for doc in nlp.pipe(texts, batch_size=3)]
    assert together == alone
    assert together[2] == []  # no actor, no event


def test_the_model_is_a_packaged_file_with_its_card():
    path = model.model_path("fr")
    assert path.exists() and path.stat().st_size < 50 * 2**20
    card = Path(path).with_name("events_model.md").read_text("utf-8")
    assert "sha256" in card and "valid" in card
    loaded = model.load("fr")
    assert 0 < loaded.threshold < 1 and loaded.card["training data"]


def test_events_need_the_layers_they_read_before_them(nlp):
    problems = nlp.analyze_pipes()["problems"]
    assert problems["veille_events"] == []
    meta = nlp.get_pipe_meta("veille_events")
    assert {"doc._.actors", "doc._.places", "doc._.dates", "doc._.attributions"} <= set(
        meta.requires
    )


def test_events_placed_before_the_layers_they_read_is_reported():
    # spaCy's own check: a pipeline assembled in the wrong order names what events lack.
    import spacy

    import veille.extract  # noqa: F401  (registers veille's factories)

    wrong = spacy.blank("fr")
    for name in ("veille_events", "veille_dates", "veille_places", "veille_actors"):
        wrong.add_pipe(name)
    missing = set(wrong.analyze_pipes()["problems"]["veille_events"])
    assert {"doc._.places", "doc._.actors", "doc._.dates"} <= missing
