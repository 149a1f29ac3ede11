"""Sentence rules and pipeline wiring, with the real French model."""


def sentences(nlp, text):
    return [sent.text.strip() for sent in nlp(text).sents if sent.text.strip()]


def test_a_quotation_stays_in_one_sentence(nlp):
    text = "« Nous discutons avec tout le monde. Pourquoi pas ? Ce sont nos voisins », a-t-il dit."
    found = sentences(nlp, text)
    assert found == [text]


def test_paragraphs_start_sentences_even_without_final_punctuation(nlp):
    found = sentences(nlp, "Attaque de drones sur Kharkiv\n\nLa ville a été visée dans la nuit.")
    assert found == ["Attaque de drones sur Kharkiv", "La ville a été visée dans la nuit."]


def test_no_sentence_ends_after_an_apostrophe_or_mid_clause(nlp):
    text = "Selon le New York Times américain, la visite portera sur l'aide militaire d'urgence."
    assert sentences(nlp, text) == [text]


def test_pipeline_order_is_consistent(nlp):
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assert nlp.pipe_names.index("veille_sentences") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names[-1] == "veille_events"


def test_boilerplate_spans_are_known_to_extractors(nlp):
    text = (
        "Le Hamas a accusé mardi Israël de bloquer les négociations sur une trêve, selon un "
        "communiqué.\n\n« Une nuit terrible », a dit le porte-parole. (AFP)"
    )
    doc = nlp.make_doc(text)
    doc._.boilerplate = [[text.index("« Une nuit"), len(text), "caption"]]
    doc = nlp(doc)
    assert doc._.quotes == []  # the caption's quote is skipped
    assert any(e["start"] < text.index("\n") for e in doc._.events)


def test_lemmas_survive_the_faster_lemma_index(nlp):
    doc = nlp("Les soldats ukrainiens ont repris trois villages et annoncent des frappes.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["soldats"] == "soldat"
    assert lemmas["repris"] == "reprendre"
    assert lemmas["villages"] == "village"
    assert lemmas["annoncent"] == "annoncer"
    assert lemmas["frappes"] == "frappe"


def test_the_model_is_loaded_once_however_it_is_named(nlp):
    from veille.nlp import MODELS, load

    assert load("fr") is load("fr", None) is load("fr", MODELS["fr"])


def test_the_settings_thresholds_reach_the_extractors_as_their_arguments(nlp):
    # The pipeline as loaded: the models' own thresholds (no shift).
    assert nlp.config["components"]["veille_events"]["threshold_shift"] == 0.0
    assert nlp.config["components"]["veille_events"]["repeat_shift"] == 0.0
    assert nlp.config["components"]["veille_places"]["use_shift"] == 0.0


def test_load_keys_its_pipeline_on_every_threshold(monkeypatch):
    import veille.nlp

    built = []
    monkeypatch.setattr(veille.nlp, "_load", lambda *args: built.append(args))
    veille.nlp.load("fr")
    veille.nlp.load("fr", shifts={"places": 0.1})
    defaults, moved = (args[-1] for args in built)
    assert dict(defaults) == {"events": 0.0, "events_repeat": 0.0, "places": 0.0}
    assert dict(moved) == {**dict(defaults), "places": 0.1}


def test_an_events_shift_moves_the_event_model_s_threshold(nlp):
    from veille.extract.events import make_events_component

    doc = nlp("Le Hamas a accusé mardi Israël de bloquer les négociations sur une trêve.")
    found = [(e["source"], e["code"], e["target"]) for e in doc._.events]
    assert found and found[0][:2] == ("PSE", "112")
    as_learned = make_events_component(nlp, "veille_events", "fr", 0.0, 0.0)
    assert (
        as_learned(doc)._.events
        and as_learned.model.threshold == nlp.get_pipe("veille_events").model.threshold
    )
    strict = make_events_component(nlp, "veille_events", "fr", 1.0, 0.0)  # no probability > 1
    assert strict(doc)._.events == []
