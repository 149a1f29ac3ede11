"""Reporting frames: cue lemmas and the syntax that finds who speaks (hand-built Docs)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from veille.extract import reporting


def test_a_form_left_as_it_is_recovers_its_reporting_lemma():
    assert reporting.cue_lemma("fr", "juge", "juge") == "juger"
    assert reporting.cue_lemma("fr", "dément", "dément") == "démentir"
    assert reporting.cue_lemma("fr", "table", "table") == "table"


def _doc(words, pos, deps, heads):
    return Doc(spacy.blank("fr").vocab, words=words, pos=pos, deps=deps, heads=heads)


def test_a_reporting_form_read_as_a_noun_before_que_is_a_verb():
    # "Le président juge que …" with "juge" parsed as a noun
    doc = _doc(
        ["Le", "président", "juge", "que", "tout", "va"],
        ["DET", "NOUN", "NOUN", "SCONJ", "PRON", "VERB"],
        ["det", "ROOT", "flat:name", "mark", "nsubj", "acl"],
        [1, 1, 1, 5, 5, 2],
    )
    assert reporting.cue_kind("fr", doc[2], set()) == "verb"
    assert reporting.cue_kind("fr", doc[1], set()) == ""


def test_a_reporting_form_read_as_an_adjective_after_a_quotation_is_a_verb():
    # "« Non », a martelé le maire" with "martelé" tagged as an adjective
    doc = _doc(
        ["«", "Non", "»", ",", "a", "martelé", "le", "maire", ",", "martelé"],
        ["PUNCT", "ADV", "PUNCT", "PUNCT", "AUX", "ADJ", "DET", "NOUN", "PUNCT", "ADJ"],
        ["punct", "ROOT", "punct", "punct", "aux:tense", "advcl", "det", "obj", "punct", "amod"],
        [1, 1, 1, 5, 5, 1, 7, 5, 9, 7],
    )
    assert reporting.cue_kind("fr", doc[5], set()) == "verb"
    assert reporting.cue_kind("fr", doc[9], set()) == ""


def test_the_inverted_subject_follows_the_incise_verb():
    doc = _doc(
        ["Tout", "va", ",", "a", "dit", "le", "maire"],
        ["PRON", "VERB", "PUNCT", "AUX", "VERB", "DET", "NOUN"],
        ["nsubj", "ROOT", "punct", "aux:tense", "parataxis", "det", "obj"],
        [1, 1, 4, 4, 1, 6, 4],
    )
    assert reporting.inverted_subject(doc[4], [False] * len(doc)).text == "maire"


def test_a_verb_after_a_comma_and_its_auxiliary_is_after_a_comma():
    doc = _doc(
        ["Tout", "va", ",", "a", "dit", "le", "maire"],
        ["PRON", "VERB", "PUNCT", "AUX", "VERB", "DET", "NOUN"],
        ["nsubj", "ROOT", "punct", "aux:tense", "parataxis", "det", "obj"],
        [1, 1, 4, 4, 1, 6, 4],
    )
    assert reporting.after_comma(doc[4])
    assert not reporting.after_comma(doc[1])
