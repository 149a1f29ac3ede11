"""Attributions: indirect speech, "selon", citing and relays (articles written for these tests)."""

from __future__ import annotations

import pytest


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


def _reported(nlp, text: str) -> list[tuple[str, str, str, str]]:
    """(kind, speaker, what is said, cue) of every reported statement (quotations aside)."""
    return [
        (a["kind"], a["speaker"], a["content"], a["cue"])
        for a in _attributions(nlp, text)
        if a["kind"] != "direct"
    ]


def test_declared_that_reports_the_clause_without_que(nlp):
    text = "Le ministre Paul Roux a déclaré que l'armée quitterait la ville."
    assert _reported(nlp, text) == [
        ("indirect", "Paul Roux", "l'armée quitterait la ville", "déclarer")
    ]


def test_announced_with_an_infinitive(nlp):
    text = "Le gouverneur Ivan Petrenko a annoncé fermer les écoles de la région."
    assert _reported(nlp, text) == [
        ("indirect", "Ivan Petrenko", "fermer les écoles de la région", "annoncer")
    ]


def test_selon_and_d_apres_report_their_sentence(nlp):
    assert _reported(nlp, "Selon le ministère de la Santé, douze civils ont été tués à Gaza.") == [
        ("according_to", "ministère de la Santé", "douze civils ont été tués à Gaza", "selon")
    ]
    assert _reported(nlp, "D'après la police, trois suspects ont été arrêtés mardi.") == [
        ("according_to", "police", "trois suspects ont été arrêtés mardi", "d'après")
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "said", "cue"),
    [
        (
            "La ministre Claire Morel estime que la réforme arrive trop tard.",
            "Claire Morel",
            "la réforme arrive trop tard",
            "estimer",
        ),
        (
            "Le président Marc Vidal juge que les négociations ont échoué.",
            "Marc Vidal",
            "les négociations ont échoué",
            "juger",
        ),
        (
            "L'ambassadeur Omar Haddad souligne que le dialogue reste ouvert.",
            "Omar Haddad",
            "le dialogue reste ouvert",
            "souligner",
        ),
        (
            "La porte-parole Anne Lenoir assure que le calendrier sera tenu.",
            "Anne Lenoir",
            "le calendrier sera tenu",
            "assurer",
        ),
        (
            "Le général Marc Lefort affirme que ses troupes tiennent la ligne.",
            "Marc Lefort",
            "ses troupes tiennent la ligne",
            "affirmer",
        ),
    ],
)
def test_present_tense_reporting_verbs(nlp, text, speaker, said, cue):
    assert _reported(nlp, text) == [("indirect", speaker, said, cue)]


def test_a_denial_keeps_its_stance_and_its_clause(nlp):
    text = "Le Kremlin dément que des soldats russes soient entrés dans le village."
    [found] = [a for a in _attributions(nlp, text) if a["kind"] == "indirect"]
    assert (found["speaker"], found["content"], found["stance"]) == (
        "Kremlin",
        "des soldats russes soient entrés dans le village",
        "denied",
    )


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        (
            "Les troupes se retirent du village, a déclaré le porte-parole Luc Martin.",
            "Luc Martin",
            "Les troupes se retirent du village",
        ),
        (
            "Les combats ont repris à l'aube, affirme le gouverneur Ivan Petrenko.",
            "Ivan Petrenko",
            "Les combats ont repris à l'aube",
        ),
    ],
)
def test_inverted_incise_reports_the_clause_before_it(nlp, text, speaker, said):
    [(kind, who, what, _)] = _reported(nlp, text)
    assert (kind, who, what) == ("indirect", speaker, said)


def test_an_incise_pronoun_takes_the_speaker_before(nlp):
    text = (
        "Le maire Paul Giraud a annoncé la fermeture du pont. "
        "Les travaux dureront trois mois, a-t-il ajouté."
    )
    assert ("indirect", "Paul Giraud", "Les travaux dureront trois mois", "ajouter") in _reported(
        nlp, text
    )


def test_cited_by_names_the_relay_not_the_speaker(nlp):
    text = "Le sommet aura lieu en mars, a indiqué mardi Jean Dupont, cité par l'agence TASS."
    [found] = [a for a in _attributions(nlp, text) if a["kind"] == "indirect"]
    assert (found["speaker"], found["content"], found["relay"]) == (
        "Jean Dupont",
        "Le sommet aura lieu en mars",
        "agence TASS",
    )


def test_an_incise_after_a_quotation_cut_short_names_its_subject(nlp):
    text = (
        "« Ils ont tenté d'entrer dans le bâtiment, mais ils ont été arrêtés devant » "
        "l'immeuble, a déclaré à l'AFP Ahmed Karimi, un employé de la banque."
    )
    [direct] = [a for a in _attributions(nlp, text) if a["kind"] == "direct"]
    assert direct["speaker"] == "Ahmed Karimi"


def test_an_incise_inside_the_sentence_reports_what_follows(nlp):
    text = "Depuis cette rencontre, a déclaré le porte-parole Luc Martin, les deux pays négocient."
    assert _reported(nlp, text) == [
        ("indirect", "Luc Martin", "les deux pays négocient", "déclarer")
    ]


def test_a_verb_right_after_a_quotation_names_who_said_it(nlp):
    text = (
        "Le maire Jean Petit a reçu les manifestants jeudi. "
        "« C'est une honte », a lancé Paul Roux, un agriculteur de la vallée."
    )
    [direct] = [a for a in _attributions(nlp, text) if a["kind"] == "direct"]
    assert (direct["speaker"], direct["cue"]) == ("Paul Roux", "lancer")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Le maire Paul Roux a visité le site. « Deux personnes ont été blessées », "
            "a-t-on appris auprès de la préfecture.",
            "préfecture",
        ),
        (
            "Le maire Paul Roux a visité le site. « Nous allons aider la ville », "
            "indique-t-on à Matignon.",
            "Matignon",
        ),
    ],
)
def test_an_impersonal_on_names_the_source_after_it(nlp, text, speaker):
    [direct] = [a for a in _attributions(nlp, text) if a["kind"] == "direct"]
    assert direct["speaker"] == speaker


def test_a_reporting_verb_the_tagger_misreads_after_a_quotation_still_reports(nlp):
    text = (
        "Le maire Jean Petit a reçu les manifestants. "
        "« Nous ne reculerons pas », a martelé Paul Roux, un élu de la vallée."
    )
    [direct] = [a for a in _attributions(nlp, text) if a["kind"] == "direct"]
    assert (direct["speaker"], direct["cue"]) == ("Paul Roux", "marteler")
