"""Place or actor: the learned model over a candidate's context."""

from __future__ import annotations

from spacy.tokens import Doc

from veille.extract import place_use, places


def test_model_loads_with_its_bias_and_threshold():
    model = place_use.model("fr")
    assert len(model.weights) > 100
    assert 0.0 < model.threshold < 1.0
    assert isinstance(model.bias, float)


def test_probability_is_a_probability_and_rises_with_a_locative():
    subject = ["kind=country", "dep=nsubj", "case=none", "previous=^"]
    locative = ["kind=country", "dep=obl:mod", "case=en", "previous=en"]
    assert 0.0 < place_use.probability(subject) < place_use.probability(locative) < 1.0


def _doc(nlp, words, heads, deps, pos, ents):
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    doc.user_data["veille_text"] = doc.text
    return doc


def test_subject_of_a_verb_is_an_actor_and_a_locative_complement_a_place(nlp):
    # A hand-built parse: the rule holds whatever the model's mood of the day.
    acting = _doc(
        nlp,
        ["Moscou", "a", "refusé", "."],
        [2, 2, 2, 2],
        ["nsubj", "aux:tense", "ROOT", "punct"],
        ["PROPN", "AUX", "VERB", "PUNCT"],
        ["B-LOC", "O", "O", "O"],
    )
    placed = _doc(
        nlp,
        ["Il", "est", "arrivé", "à", "Moscou", "."],
        [2, 2, 2, 4, 2, 2],
        ["nsubj", "aux:tense", "ROOT", "case", "obl:mod", "punct"],
        ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        ["O", "O", "O", "O", "B-LOC", "O"],
    )
    assert [r["is_place"] for r in places.place_candidates(acting)] == [False]
    assert [r["is_place"] for r in places.place_candidates(placed)] == [True]


def test_features_see_how_the_article_uses_the_name_elsewhere(nlp):
    doc = _doc(
        nlp,
        ["Moscou", "a", "refusé", "à", "Moscou", "."],
        [2, 2, 2, 4, 2, 2],
        ["nsubj", "aux:tense", "ROOT", "case", "obl:mod", "punct"],
        ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        ["B-LOC", "O", "O", "O", "B-LOC", "O"],
    )
    first, second = places.place_candidates(doc)
    assert "any_case=à" in first["use_features"] and "mentions=2" in first["use_features"]
    assert "dep=nsubj" in first["use_features"] and "case=à" in second["use_features"]


def test_the_context_s_word_vectors_weigh_in(nlp):
    doc = nlp("Les protestations de Bagdad ont été ignorées.")
    (record,) = places.place_candidates(doc)
    vector = record["use_vector"]
    width = nlp.vocab.vectors_length
    assert vector.shape == (3 * width,)
    # the head ("protestations"), the mention, the word before it ("de"): each a unit vector
    for block in range(3):
        part = vector[block * width : (block + 1) * width]
        assert abs(float((part**2).sum()) - 1.0) < 1e-4
    weights = place_use.model("fr").vector_weights
    assert weights is not None and weights.shape == vector.shape
    with_context = place_use.probability(record["use_features"], "fr", vector)
    assert with_context != place_use.probability(record["use_features"], "fr")


def test_a_mention_heading_its_sentence_has_no_head_nor_word_before(nlp):
    doc = nlp("Paris.")
    (record,) = places.place_candidates(doc)
    width = nlp.vocab.vectors_length
    head, mention, before = (record["use_vector"][k * width : (k + 1) * width] for k in range(3))
    assert not head.any() and not before.any() and mention.any()


def test_the_setting_s_shift_moves_the_threshold_between_place_and_actor(nlp):
    placed = _doc(
        nlp,
        ["Il", "est", "arrivé", "à", "Moscou", "."],
        [2, 2, 2, 4, 2, 2],
        ["nsubj", "aux:tense", "ROOT", "case", "obl:mod", "punct"],
        ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        ["O", "O", "O", "O", "B-LOC", "O"],
    )
    (record,) = places.place_candidates(placed)
    probability = place_use.probability(record["use_features"], "fr", record["use_vector"])
    threshold = place_use.model("fr").threshold
    assert record["is_place"] and probability >= threshold
    above = probability - threshold + 0.01  # the least shift that makes it an actor
    assert [r["is_place"] for r in places.place_candidates(placed, use_shift=above)] == [False]
    assert places.extract_places(placed, use_shift=above) == []
    assert [p["name"] for p in places.extract_places(placed)] == ["Moscow"]
