"""Event coding on small invented French articles: roots, passives, nouns, stance, reports."""

import pytest

from veille.extract.events import extract_events, lexicon

EXAMPLES = {
    # root: an article in which that root's event is told plainly
    "01": "Le Kremlin a refusé de commenter les déclarations de Washington.",
    "02": "L'ONU a exhorté la Russie à ouvrir une enquête sur la mort de l'opposant.",
    "03": "Le président brésilien promet d'aider l'Argentine après les inondations.",
    "04": "Le ministre japonais des Affaires étrangères s'est rendu en Inde lundi.",
    "05": "Le Maroc et la Mauritanie ont signé un accord de pêche mardi à Rabat.",
    "06": "La Grèce a informé l'Albanie de la fermeture de la frontière.",
    "07": "Berlin va livrer des chars et des munitions à l'armée ukrainienne.",
    "08": "Le gouvernement colombien a libéré des rebelles emprisonnés jeudi.",
    "09": "La police mexicaine enquête sur les juges de la Cour suprême.",
    "10": "Le Premier ministre indien exige du Pakistan des excuses publiques.",
    "11": "Le président sénégalais a vivement critiqué la Gambie lundi.",
    "12": "Séoul a rejeté la proposition de la Corée du Nord.",
    "13": "Téhéran a menacé Israël de représailles.",
    "14": "Des manifestants ont manifesté contre le gouvernement serbe à Belgrade.",
    "15": "L'armée chinoise a déployé des navires près de Taïwan.",
    "16": "Washington a sanctionné le Venezuela mercredi.",
    "17": "La police turque a arrêté trois journalistes suédois.",
    "18": "Des jihadistes maliens ont assassiné le maire de la ville.",
    "19": "L'armée russe a bombardé Kiev dans la nuit.",
    "20": "Les rebelles soudanais ont massacré des civils dans le Darfour.",
}


def _events(nlp, text):
    return extract_events(nlp(text))


@pytest.mark.parametrize("root", sorted(EXAMPLES))
def test_every_root_class(nlp, root):
    roots = {e["root_code"] for e in _events(nlp, EXAMPLES[root])}
    assert root in roots


def test_event_fields_follow_gdelt(nlp):
    [event] = [e for e in _events(nlp, EXAMPLES["16"]) if e["root_code"] == "16"]
    assert (event["source_code"], event["target_code"]) == ("USAGOV", "VENGOV")
    assert event["quad_class"] == 4 and event["goldstein"] < 0
    assert event["is_root_event"] and event["base_code"] == event["code"][:3]
    assert event["mentions"][0] == {"start": event["start"], "end": event["end"]}


def test_passive_agent_is_the_source(nlp):
    events = _events(nlp, "Damas a été bombardée par l'armée russe dans la nuit.")
    assert any(
        e["source"] == "RUS" and e["source_role"] == "MIL" and e["root_code"] == "19"
        for e in events
    )


def test_nominal_event_with_noun_complements(nlp):
    events = _events(nlp, "La visite de Vladimir Poutine en Chine a duré trois jours.")
    assert ("RUS", "CHN", "042") in {(e["source"], e["target"], e["code"]) for e in events}


def test_intent_becomes_03x(nlp):
    events = _events(nlp, "Le président turc prévoit une visite en Égypte le mois prochain.")
    assert ("TUR", "EGY", "036") in {(e["source"], e["target"], e["code"]) for e in events}


def test_denial_is_016_and_negation_is_not_coded(nlp):
    events = _events(
        nlp, "Le Rwanda a démenti les accusations du Congo. Le Kenya n'a pas attaqué la Somalie."
    )
    keys = {(e["source"], e["code"]) for e in events}
    assert ("RWA", "016") in keys
    assert not any(e["source"] == "KEN" for e in events)


def test_denied_event_carries_its_stance(nlp):
    events = _events(nlp, "Pékin a démenti toute livraison d'armes de la Chine à la Russie.")
    denied = [e for e in events if e["stance"] == "denied"]
    assert denied and denied[0]["root_code"] == "07"


def test_reported_event_takes_the_attribution(nlp):
    doc = nlp("Selon le Washington Post, l'Iran a livré des drones à la Russie.")
    start = doc.text.index("l'Iran")
    doc._.attributions = [
        {"speaker": "Washington Post", "content_start": start, "content_end": len(doc.text)}
    ]
    events = extract_events(doc)
    [event] = [e for e in events if e["root_code"] == "07"]
    assert (event["source"], event["target"], event["reported_by"]) == (
        "IRN",
        "RUS",
        "Washington Post",
    )


def test_the_nearest_report_frames_the_event(nlp):
    text = (
        "Le président russe a affirmé lundi que la contre-offensive ukrainienne avait échoué, "
        "tandis que des diplomates européens ont rapporté que le dirigeant chinois Xi Jinping "
        "prévoyait une visite en Russie ce mois-ci."
    )
    [visit] = [e for e in _events(nlp, text) if e["source"] == "CHN"]
    assert (visit["target"], visit["reported_by"]) == ("RUS", "diplomates européens")


def test_pronoun_subject_resolves(nlp):
    text = "Le président ukrainien Volodymyr Zelensky était à Bruxelles mardi. Il a accusé Moscou de crimes de guerre."
    events = _events(nlp, text)
    assert ("UKR", "RUS", "11") in {(e["source"], e["target"], e["root_code"]) for e in events}


def test_same_event_twice_is_one_record_with_two_mentions(nlp):
    text = "Le Tchad a accusé le Soudan d'ingérence. Le Tchad accuse encore le Soudan."
    [event] = [e for e in _events(nlp, text) if e["root_code"] == "11"]
    assert len(event["mentions"]) == 2


def test_boilerplate_is_skipped(nlp):
    doc = nlp("L'Inde a attaqué le Pakistan.")
    doc._.boilerplate = [[0, len(doc.text), "caption"]]
    assert extract_events(doc) == []


def test_predicate_lexicon_covers_every_root():
    roots = {rule.code[:2] for rules in lexicon("fr").predicates.values() for rule in rules}
    assert {f"{r:02d}" for r in range(1, 21)} <= roots


def _keys(events, width=2):
    return {(e["source"], e["target"], e["code"][:width]) for e in events}


def test_country_name_acting_is_its_government(nlp):
    events = _events(nlp, "Le Canada a critiqué l'Inde mardi.")
    [event] = [e for e in events if e["root_code"] == "11"]
    assert (event["source_code"], event["target_code"]) == ("CANGOV", "INDGOV")


def test_coordinated_subject_is_coded_once_first_named_first(nlp):
    events = _events(nlp, "La Grèce et la Turquie ont signé un accord sur les migrants.")
    assert ("GRC", "TUR", "05") in _keys(events)
    assert ("TUR", "GRC", "05") not in _keys(events)


def test_the_two_countries_resolve_to_the_pair_named_before(nlp):
    text = (
        "Le président chilien a reçu son homologue péruvien à Santiago. "
        "Les deux pays négocient un accord commercial depuis mars."
    )
    assert ("CHL", "PER", "04") in _keys(_events(nlp, text))


def test_subject_misparsed_before_the_verb_group(nlp):
    text = "Bien que Téhéran ait démenti les informations des médias occidentaux, la crise dure."
    events = _events(nlp, text)
    [denial] = [e for e in events if e["code"] == "016"]
    assert (denial["source"], denial["target"]) == ("IRN", "")


def test_objective_genitive_of_an_event_noun(nlp):
    events = _events(nlp, "Le Canada a condamné l'invasion russe de l'Ukraine.")
    assert ("RUS", "UKR", "19") in _keys(events)


def test_listed_targets_each_get_the_event(nlp):
    text = "Washington fait pression sur l'Allemagne, la France et l'Italie pour durcir le ton."
    keys = _keys(_events(nlp, text))
    assert {("USA", "DEU", "10"), ("USA", "FRA", "10"), ("USA", "ITA", "10")} <= keys


def test_strike_on_a_place_targets_its_country(nlp):
    events = _events(nlp, "Des frappes sur Kharkiv ont fait dix morts dans la nuit.")
    assert ("", "UKR", "19") in _keys(events)


def test_withdrawing_own_troops_targets_the_place(nlp):
    events = _events(nlp, "La France a retiré ses soldats du Mali en 2022.")
    assert ("FRA", "MLI", "08") in _keys(events)


def test_rejecting_these_accusations_answers_the_accuser(nlp):
    text = "Le Kenya a accusé l'Ouganda d'ingérence. Kampala a aussitôt rejeté ces accusations."
    keys = _keys(_events(nlp, text))
    assert ("KEN", "UGA", "11") in keys
    assert ("UGA", "KEN", "01") in keys


def test_refusal_to_confirm_targets_who_gave_the_information(nlp):
    text = "Pékin a refusé de confirmer les informations fournies par Tokyo sur le sommet."
    assert ("CHN", "JPN", "011") in _keys(_events(nlp, text), width=3)


def test_possible_visit_is_an_intent(nlp):
    text = "Le président argentin pourrait se rendre au Brésil le mois prochain."
    assert ("ARG", "BRA", "036") in _keys(_events(nlp, text), width=3)


def test_participle_tagged_as_noun_still_codes(nlp):
    events = _events(nlp, "Une marche a eu lieu en hommage au journaliste mexicain assassiné.")
    assert ("", "MEX", "18") in _keys(events)


def test_unconfirmed_killing_by_nobody_is_not_coded(nlp):
    events = _events(nlp, "Le chef rebelle colombien aurait été tué, selon la presse.")
    assert not [e for e in events if e["root_code"] == "19"]


def test_incise_subject_after_the_verb(nlp):
    events = _events(nlp, "« Ces informations sont fausses », a démenti la Chine mardi.")
    assert ("CHN", "", "016") in _keys(events, width=3)


def _triples(nlp, text):
    return {(e["source"], e["target"], e["code"]) for e in _events(nlp, text)}


def test_statement_reproach_in_the_reported_clause(nlp):
    text = "Le président argentin a affirmé lundi que le Chili avait commis une grave erreur."
    assert ("ARG", "CHL", "111") in _triples(nlp, text)


def test_statement_negated_thought_is_pessimistic(nlp):
    text = (
        "Le gouvernement japonais a déclaré qu'il ne pensait pas que la décision de la Chine "
        "changerait la situation dans la région."
    )
    assert ("JPN", "CHN", "012") in _triples(nlp, text)


def test_plain_statement_needs_a_foreign_subject(nlp):
    foreign = "Le président kényan a estimé que la Somalie traversait une période difficile."
    own = "Le président kényan a estimé que l'armée kényane traversait une période difficile."
    assert ("KEN", "SOM", "010") in _triples(nlp, foreign)
    assert not any(t[2] == "010" for t in _triples(nlp, own))


def test_clitic_object_is_the_last_actor_named(nlp):
    text = (
        "Le gouvernement brésilien a suspendu mardi son aide au Paraguay, "
        "lui reprochant de violer l'accord frontalier."
    )
    assert ("BRA", "PRY", "111") in _triples(nlp, text)


def test_counterpart_meeting_takes_the_subject_as_source(nlp):
    text = (
        "Le chancelier allemand a évoqué la crise au cours d'une conversation avec son "
        "homologue polonais."
    )
    assert ("DEU", "POL", "040") in _triples(nlp, text)


def test_summit_in_one_country_is_the_other_side_visit(nlp):
    text = (
        "Le Premier ministre japonais a parlé de commerce lors d'un sommet avec son homologue "
        "indien à Tokyo."
    )
    assert ("IND", "JPN", "042") in _triples(nlp, text)


def test_correlative_coordination_gives_every_member_as_source(nlp):
    text = "Tant Berlin, Madrid et Washington que Londres ont appelé Minsk à enquêter sur cette affaire."
    sources = {t[0] for t in _triples(nlp, text) if t[1] == "BLR" and t[2].startswith("02")}
    assert {"DEU", "ESP", "USA", "GBR"} <= sources


def test_penalty_and_advice_verbs(nlp):
    duties = "Le Canada a infligé des droits de douane aux exportations mexicaines."
    advice = "Le Japon a déconseillé à ses ressortissants tout voyage au Niger."
    assert ("CAN", "MEX", "163") in _triples(nlp, duties)
    assert any(t[0] == "JPN" and t[2] == "160" for t in _triples(nlp, advice))


def test_direct_quotation_coded_by_its_verb_about_the_actor_it_names(nlp):
    text = (
        '"Ce que prépare Ankara ne fera que prolonger la guerre", a ironisé le ministre grec '
        "Nikos Dendias."
    )
    assert ("GRC", "TUR", "111") in _triples(nlp, text)


def test_plain_direct_quotation_is_not_an_event(nlp):
    text = '"Nous parlerons avec Ankara la semaine prochaine", a déclaré le ministre grec Nikos Dendias.'
    assert not any(t[2] == "010" for t in _triples(nlp, text))


def test_every_member_of_a_comma_list_of_targets(nlp):
    text = (
        "Depuis lundi, Pékin fait pression sur l'Inde, la Thaïlande et la Malaisie, trois pays "
        "asiatiques signataires, pour obtenir un accord."
    )
    targets = {t[1] for t in _triples(nlp, text) if t[0] == "CHN"}
    assert {"IND", "THA", "MYS"} <= targets


def test_relative_pronoun_takes_the_actor_just_before_it(nlp):
    text = (
        "Ces révélations ont déjà provoqué des sanctions contre le Venezuela, qui avait nié "
        "toute livraison d'armes à la Colombie."
    )
    assert any(t[0] == "VEN" and t[2] == "016" for t in _triples(nlp, text))


def test_incise_speaker_is_the_source_and_the_headline_subject_the_target(nlp):
    text = "Soudan : des milliers de civils privés d'aide depuis des mois, accuse l'ONU"
    triples = _triples(nlp, text)
    assert any(t[0] == "UNO" and t[1] == "SDN" and t[2].startswith("11") for t in triples)
    assert not any(t[0] == "SDN" for t in triples)


def test_against_phrase_deep_in_an_event_noun_is_its_target(nlp):
    deep = (
        "Lundi, les shebab avaient annoncé avoir mené une attaque au camion piégé contre une "
        "caserne de l'armée kényane près de Lamu."
    )
    on_verb = (
        "Les shebab ont revendiqué avoir mené une attaque au camion piégé contre une base "
        "de l'armée kényane."
    )
    for text in (deep, on_verb):
        triples = _triples(nlp, text)
        assert any(t[0] == "SOM" and t[1] == "KEN" and t[2][:2] == "18" for t in triples)


def test_military_operation_noun(nlp):
    text = (
        "Le chef rebelle a été visé mardi par une opération militaire de l'armée française "
        "dans le nord du Mali."
    )
    assert any(t[0] == "FRA" and t[2][:2] == "19" for t in _triples(nlp, text))


def test_par_oblique_of_a_passive_participle_is_its_agent(nlp):
    text = "Dix soldats sont morts dans des frappes attribuées par Séoul à l'armée nord-coréenne."
    assert ("KOR", "PRK", "112") in _triples(nlp, text)


def test_casting_doubt_is_an_accusation(nlp):
    text = "Le gouvernement serbe met en doute la version du Kosovo sur l'incident."
    assert any(t[0] == "SRB" and t[2] == "112" for t in _triples(nlp, text))


def test_denial_without_target_joins_the_same_source_denial(nlp):
    text = (
        "La Russie a démenti mardi les accusations de la Pologne. "
        "Moscou a ensuite démenti toute implication dans le sabotage."
    )
    events = [e for e in _events(nlp, text) if e["code"] == "016" and e["source"] == "RUS"]
    assert [e["target"] for e in events] == ["POL"]
    assert len(events[0]["mentions"]) == 2
