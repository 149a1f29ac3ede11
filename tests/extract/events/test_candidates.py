"""Candidates on hand-built Docs: the article's actors by sentence and the pairs they allow."""

from spacy.tokens import Doc
from spacy.vocab import Vocab

from veille.extract.events.candidates import article_actors, pair_kind
from veille.extract.events.features import candidates

# "La police arrête les manifestants. Paris accuse Moscou. Il menace Kiev."
WORDS = ["La", "police", "arrête", "les", "manifestants", ".", "Paris", "accuse", "Moscou", "."]
WORDS += ["Il", "menace", "Kiev", "."]
LEMMAS = ["le", "police", "arrêter", "le", "manifestant", ".", "Paris", "accuser", "Moscou", "."]
LEMMAS += ["il", "menacer", "Kiev", "."]
HEADS = [1, 2, 2, 4, 2, 2, 7, 7, 7, 7, 11, 11, 11, 11]
DEPS = ["det", "nsubj", "ROOT", "det", "obj", "punct", "nsubj", "ROOT", "obj", "punct"]
DEPS += ["nsubj", "ROOT", "obj", "punct"]
POS = ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "PROPN", "PUNCT"]
POS += ["PRON", "VERB", "PROPN", "PUNCT"]
STARTS = [True] + [False] * 5 + [True] + [False] * 3 + [True, False, False, False]


def _actor(doc, i, country, role, kind, implied=False):
    token = doc[i]
    return {
        "implied": implied,
        "start": token.idx,
        "end": token.idx + len(token),
        "text": token.text,
        "name": token.text,
        "country": country,
        "role": role,
        "code": country + role,
        "kind": kind,
        "head": i,
        "tokens": [i, i + 1],
    }


def _doc():
    doc = Doc(
        Vocab(), words=WORDS, lemmas=LEMMAS, heads=HEADS, deps=DEPS, pos=POS, sent_starts=STARTS
    )
    doc._.actors = [
        _actor(doc, 1, "FRA", "COP", "group", implied=True),  # as extract_actors gives it
        _actor(doc, 4, "", "CVL", "group"),
        _actor(doc, 6, "FRA", "GOV", "capital"),
        _actor(doc, 8, "RUS", "GOV", "capital"),
        _actor(doc, 12, "UKR", "GOV", "capital"),
    ]
    return doc


def test_implied_actors_say_so_and_actors_of_no_country_are_left_out():
    actors = article_actors(_doc())
    police = next(m for m in actors.mentions if m.head == 1)
    assert police.country == "FRA" and police.implied
    paris = next(m for m in actors.mentions if m.head == 6)
    assert paris.country == "FRA" and not paris.implied
    assert not any(m.head == 4 for m in actors.mentions)  # "les manifestants": no country


def test_each_sentence_knows_the_subject_before_it():
    actors = article_actors(_doc())
    assert actors.previous_subject[0] is None
    assert actors.previous_subject[2].head == 6  # "Il" after "Paris accuse Moscou"
    assert actors.sentence_of(11) == 2


def test_a_pair_is_a_candidate_only_where_its_two_sides_meet():
    found = candidates(_doc())
    met = dict(zip(found.pairs, found.pair_sentences, strict=True))
    assert met[("FRA", "RUS")] == [1]
    assert ("RUS", "FRA") in met  # both directions: the model decides which
    assert all(p[0] or p[1] for p in found.pairs)


def test_a_sentence_pair_may_take_the_subject_of_the_sentence_before():
    found = candidates(_doc())
    features = dict(zip(found.sentence_pairs, found.sentence_pair_features, strict=True))
    assert "tS:prev" in features[(2, "FRA", "UKR")]  # "Il menace Kiev": Paris, named before
    assert "tT:in" in features[(2, "FRA", "UKR")]
    assert (2, "FRA", "RUS") not in features  # Moscow is neither named nor carried here


def test_words_that_may_tell_an_event_are_verbs_nouns_and_adjectives():
    found = candidates(_doc())
    assert [WORDS[i] for i in found.words] == [
        "police",
        "arrête",
        "manifestants",
        "accuse",
        "menace",
    ]
    assert {"l:arrêter", "p:VERB", "lc:arrêter:obj:", "lcl:arrêter:manifestant"} <= set(
        found.word_features[1]
    )


def test_pair_kinds():
    assert pair_kind("FRA", "FRA") == "same"
    assert pair_kind("", "FRA") == "noS"
    assert pair_kind("FRA", "") == "noT"
    assert pair_kind("FRA", "RUS") == "diff"
