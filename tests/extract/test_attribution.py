"""Attributions: indirect speech, "selon", citing and relays (articles written for these tests)."""

from __future__ import annotations


def _attributions(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    return [
        {**a, "content": doc.text[a["content_start"] : a["content_end"]]}
        for a in doc._.attributions
    ]


def test_indirect_speech_content_is_the_clause(nlp):
    found = _attributions(nlp, "Le président Paul Roux a déclaré que l'armée quitterait la ville.")
    indirect = [a for a in found if a["kind"] == "indirect"]
    assert indirect and indirect[0]["speaker"] == "Paul Roux"
    assert "l'armée quitterait la ville" in indirect[0]["content"]
    assert indirect[0]["cue"] == "déclarer"


def test_according_to_governs_its_sentence(nlp):
    found = _attributions(nlp, "Selon le ministère de la Santé, douze civils ont été tués à Gaza.")
    according = [a for a in found if a["kind"] == "according_to"]
    assert according and "ministère" in according[0]["speaker"]
    assert "douze civils ont été tués" in according[0]["content"]


def test_citing_keeps_the_chain(nlp):
    found = _attributions(
        nlp, "Le dirigeant pourrait voyager en train, a rapporté le Times, citant des responsables."
    )
    citing = [a for a in found if a["kind"] == "citing"]
    assert citing and citing[0]["speaker"] == "Times"
    assert "responsables" in citing[0]["source"]
    assert "pourrait voyager en train" in citing[0]["content"]


def test_denial_has_its_stance(nlp):
    found = _attributions(
        nlp, "Le Kremlin a démenti que des soldats russes étaient entrés dans le village."
    )
    assert any(a["stance"] == "denied" and a["speaker"] == "Kremlin" for a in found)


def test_direct_quotes_are_attributions_too(nlp):
    found = _attributions(nlp, "« Nous partirons demain », a annoncé le général Marc Lefort.")
    direct = [a for a in found if a["kind"] == "direct"]
    assert direct and direct[0]["content"] == "Nous partirons demain"
    assert direct[0]["speaker"] == "Marc Lefort"


def test_relay_is_not_the_speaker(nlp):
    text = "Le ministre Sergueï Lavrov est à Pékin. Il a déclaré, cité par TASS : « Nous parlons à tous. »"
    direct = [a for a in _attributions(nlp, text) if a["kind"] == "direct"]
    assert direct[0]["speaker"] == "Sergueï Lavrov"
    assert direct[0]["relay"] == "TASS"


def test_every_attribution_has_the_contract_fields(nlp):
    keys = {
        "speaker",
        "speaker_start",
        "speaker_end",
        "relay",
        "cue",
        "content_start",
        "content_end",
        "kind",
    }
    found = _attributions(
        nlp, "Selon lui, la ville est tombée. Le maire a affirmé que l'eau manquait."
    )
    assert found and all(keys <= set(a) for a in found)


def test_a_participle_that_adds_speaks_for_the_reporter(nlp):
    text = (
        "Le porte-parole John Kirby a déclaré que la Russie recevrait des obus, ajoutant que "
        "Washington demandait à Pyongyang de cesser les négociations."
    )
    adding = [a for a in _attributions(nlp, text) if a["cue"] == "ajouter"]
    assert [a["speaker"] for a in adding] == ["John Kirby"]


def test_a_title_is_not_the_last_speaker_of_another_office(nlp):
    text = (
        "Le secrétaire d'État américain Antony Blinken a menacé de nouvelles sanctions. "
        "L'armée russe a bombardé la ville de Kharkiv, faisant quatre morts, selon le "
        "gouverneur régional."
    )
    [according] = [a for a in _attributions(nlp, text) if a["kind"] == "according_to"]
    assert according["speaker"] == "gouverneur régional"
    assert "Kharkiv" in according["content"]
