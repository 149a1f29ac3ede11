"""Actor mentions: names, titles, capitals, bodies, adjectives and pronouns -> CAMEO codes."""

import pytest

from veille.extract.actors import actor_at, lexicon

ARTICLE = (
    "Le président russe Vladimir Poutine a reçu mardi son homologue turc à Sotchi. "
    "Le porte-parole du Kremlin, Dmitri Peskov, a refusé de commenter. "
    "Il a ajouté que Washington n'avait pas été informé. "
    "Selon l'Otan, les frappes russes ont touché Kiev. Poutine n'a rien dit."
)


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(ARTICLE)


def _at(doc, text, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return actor_at(doc, start, start + len(text))


def test_title_with_name_and_adjective(doc):
    actor = _at(doc, "Vladimir Poutine")
    assert (actor["name"], actor["code"]) == ("Vladimir Poutine", "RUSGOV")


def test_title_resolved_by_its_complement(doc):
    actor = _at(doc, "Le porte-parole du Kremlin, Dmitri Peskov")
    assert (actor["name"], actor["country"], actor["role"]) == ("Dmitri Peskov", "RUS", "GOV")


def test_capital_stands_for_government(doc):
    assert _at(doc, "Washington")["code"] == "USAGOV"
    assert _at(doc, "Kiev")["code"] == "UKRGOV"


def test_international_body(doc):
    assert _at(doc, "Otan")["code"] == "NATOIGO"


def test_adjective_of_nationality(doc):
    assert _at(doc, "russes")["country"] == "RUS"


def test_pronoun_takes_the_previous_subject(doc):
    actor = _at(doc, "Il")
    assert actor["kind"] == "pronoun"
    assert actor["name"] == "Dmitri Peskov"


def test_surname_takes_the_fullest_name(doc):
    actor = _at(doc, "Poutine", nth=1)
    assert (actor["name"], actor["code"]) == ("Vladimir Poutine", "RUSGOV")


def test_unknown_person_gets_country_from_apposed_title(nlp):
    doc = nlp("Jean Dupré, ministre algérien de l'Intérieur, a démissionné. Dupré est parti.")
    assert actor_at(doc, 0, 10)["code"] == "DZAGOV"
    later = doc.text.rindex("Dupré")
    assert actor_at(doc, later, later + 5)["name"] == "Jean Dupré"


def test_definite_description_takes_the_earlier_title(nlp):
    doc = nlp(
        "Le porte-parole du ministère chinois des Affaires étrangères a protesté lundi. "
        "Mardi, le porte-parole a de nouveau critiqué Tokyo."
    )
    start = doc.text.index("le porte-parole a")
    assert actor_at(doc, start, start + 15)["code"] == "CHNGOV"


def test_lexicon_reads_every_table():
    lex = lexicon("fr")
    assert lex.forms["kremlin"]["country"] == "RUS"
    assert lex.adjectives["nord-coréennes"] == "PRK"
    assert lex.roles["armée"][0] == "MIL"
    assert lex.surnames["poutine"]["name"] == "Vladimir Poutine"
    assert lex.surnames["le pen"]["country"] == "FRA"
    assert lex.adjectives["tchétchène"] == "RUS" and "tchétchène" in lex.regional
    assert "en" in lex.words["locative"] and "il" in lex.words["pronoun-singular"]
    assert "homologue" in lex.others and "camp" in lex.pair_nouns


def test_definite_title_without_country_is_the_official_last_named(nlp):
    doc = nlp(
        "Le président sénégalais Macky Sall a reçu mardi des chefs d'entreprise. "
        "Le chef de l'Etat a ensuite annoncé un plan pour l'emploi."
    )
    start = doc.text.index("Le chef")
    assert actor_at(doc, start, start + len("Le chef"))["code"] == "SENGOV"


def test_plural_title_does_not_take_the_last_official(nlp):
    doc = nlp("Le président sénégalais Macky Sall a reçu les ministres.")
    start = doc.text.index("les ministres")
    actor = actor_at(doc, start, start + len("les ministres"))
    # Only the article's home country, marked as implied: not the president's own mention.
    assert actor is None or actor["country"] != "SEN" or actor.get("implied")
    assert actor is None or actor["name"] != "Macky Sall"


def test_organisation_listed_in_both_cases_matches_lower_case(nlp):
    doc = nlp("Mardi, les talibans ont pris le contrôle d'un district.")
    start = doc.text.index("talibans")
    assert actor_at(doc, start, start + len("talibans"))["code"] == "AFGREB"


HOME_ARTICLE = (
    "Le gouvernement kényan a annoncé lundi de nouvelles mesures contre la vie chère. "
    "Le Kenya connaît depuis un mois une vague de colère. "
    "Mardi, la police a dispersé les manifestants devant le Parlement à Nairobi. "
    "Amos Kiprono, un enseignant, a dénoncé des violences."
)


@pytest.fixture(scope="module")
def home_doc(nlp):
    return nlp(HOME_ARTICLE)


def test_role_only_actor_takes_the_home_country_marked_implied(home_doc):
    actor = _at(home_doc, "la police")
    assert (actor["code"], actor.get("implied")) == ("KENCOP", True)


def test_person_without_nationality_takes_the_home_country_marked_implied(home_doc):
    actor = _at(home_doc, "Amos Kiprono")
    assert (actor["country"], actor.get("implied")) == ("KEN", True)


def test_actor_with_its_own_country_is_not_implied(home_doc):
    actor = _at(home_doc, "Le gouvernement kényan")
    assert actor["code"] == "KENGOV"
    assert not actor.get("implied")


def test_no_home_country_leaves_role_only_actors_without_one(nlp):
    doc = nlp("La police a dispersé les manifestants.")
    start = doc.text.index("La police")
    actor = actor_at(doc, start, start + len("La police"))
    assert actor["country"] == "" and not actor.get("implied")


def test_title_taken_for_a_person_by_the_parser_stays_a_title(nlp):
    doc = nlp("Le président kényan a estimé que la Somalie traversait une période difficile.")
    actor = actor_at(doc, 0, len("Le président kényan"))
    assert (actor["code"], actor["kind"]) == ("KENGOV", "title")


def test_countries_named_as_often_name_no_home(nlp):
    doc = nlp("La Grèce et la Turquie ont signé un accord sur les migrants.")
    start = doc.text.index("les migrants")
    actor = actor_at(doc, start, start + len("les migrants"))
    assert actor["country"] == ""


def test_role_noun_takes_the_country_of_its_place_complement(nlp):
    doc = nlp("La police de Montréal a arrêté deux hommes mardi.")
    actor = actor_at(doc, 0, len("La police de Montréal"))
    assert actor["code"] == "CANCOP"
    assert not actor.get("implied")


def test_places_of_the_article_decide_its_home(nlp):
    doc = nlp(
        "Le Mexique a signé un accord avec le Japon. "
        "Des heurts ont éclaté à Guadalajara, à Monterrey puis à Puebla. "
        "Les manifestants ont été dispersés."
    )
    start = doc.text.index("Les manifestants")
    assert actor_at(doc, start, start + len("Les manifestants"))["country"] == "MEX"


def _actor(doc, text):
    start = doc.text.index(text)
    return actor_at(doc, start, start + len(text))


def test_regional_adjective_gives_its_country(nlp):
    doc = nlp("Le dirigeant tchétchène Ramzan Kadyrov a menacé les opposants en exil.")
    assert _actor(doc, "Ramzan Kadyrov")["code"] == "RUSGOV"
    doc = nlp("Le parquet parisien a ouvert une enquête sur la fuite.")
    assert _actor(doc, "Le parquet parisien")["code"] == "FRAJUD"


def test_regional_adjective_written_as_a_name_is_no_demonym(nlp):
    doc = nlp("Les gendarmes ont interpellé deux hommes en Corse samedi.")
    actor = _actor(doc, "Corse")
    assert actor is None or actor["kind"] != "demonym"


def test_hong_kong_adjective(nlp):
    doc = nlp("La police hongkongaise a interpellé trois militants mardi.")
    assert _actor(doc, "La police hongkongaise")["code"] == "HKGCOP"


def test_capital_written_in_lower_case_is_a_word(nlp):
    doc = nlp("Les drapeaux sont en berne devant la mairie.")
    actor = _actor(doc, "berne")
    assert actor is None or actor["country"] != "CHE"


def test_surname_with_its_particle_resolves(nlp):
    doc = nlp("Interrogée mardi, Mme Le Pen a critiqué la réforme des retraites.")
    assert _actor(doc, "Le Pen")["code"] == "FRAPTY"


def test_surname_beside_another_capitalised_name_is_someone_else(nlp):
    doc = nlp("L'historienne Louise Michel a publié un livre. Michel Dufour a signé la préface.")
    for name in ("Louise Michel", "Michel Dufour"):
        actor = _actor(doc, name)
        assert actor is None or actor["country"] != "EU"


def test_capitalised_party_name_needs_its_capitals(nlp):
    doc = nlp("Les Républicains ont présenté leur candidat à Lyon.")
    assert _actor(doc, "Les Républicains")["code"] == "FRAPTY"
    doc = nlp("Au Congrès américain, les républicains ont bloqué le texte.")
    actor = _actor(doc, "les républicains")
    assert actor is None or actor["code"] != "FRAPTY"


def test_body_of_no_country_takes_the_home_country(nlp):
    doc = nlp(
        "Le gouvernement tunisien a durci la loi sur les associations. "
        "En Tunisie, Amnesty a dénoncé un texte liberticide."
    )
    actor = _actor(doc, "Amnesty")
    assert (actor["code"], actor.get("implied")) == ("TUNNGO", True)


def test_role_phrases(nlp):
    doc = nlp("Au Chili, les forces de l'ordre ont dispersé des gilets jaunes venus de Santiago.")
    assert _actor(doc, "les forces de l'ordre")["role"] == "COP"
    assert _actor(doc, "gilets jaunes")["role"] == "CVL"


def test_state_is_an_actor_only_when_capitalised(nlp):
    doc = nlp("L'Etat a saisi la justice. L'état d'urgence est prolongé.")
    assert _actor(doc, "L'Etat")["role"] == "GOV"
    actor = _actor(doc, "L'état")
    assert actor is None or actor["role"] != "GOV"


def test_nationality_before_an_unknown_name(nlp):
    doc = nlp("Le Portugais Antonio Ferreira et le Danois Lars Jensen ont signé l'appel.")
    assert _actor(doc, "Antonio Ferreira")["country"] == "PRT"
    assert _actor(doc, "Lars Jensen")["country"] == "DNK"


def test_organisation_name_inside_a_longer_name_or_a_headline(nlp):
    doc = nlp("Une bombe a explosé près de Times Square à New York.")
    actor = _actor(doc, "Times")
    assert actor is None or actor["role"] != "MED"
    doc = nlp("IL VEUT FAIRE LE POINT SUR LA RÉFORME\n\nLe ministre a parlé.")
    actor = _actor(doc, "LE POINT")
    assert actor is None or actor["role"] != "MED"


def test_two_actors_named_before_are_the_pair(nlp):
    doc = nlp(
        "Le Chili et le Pérou négocient depuis mars. "
        "Les deux camps ont signé un accord, et deux policiers ont escorté le cortège."
    )
    pair = _actor(doc, "Les deux camps")
    assert {m["country"] for m in pair["members"]} == {"CHL", "PER"}
    police = _actor(doc, "deux policiers")
    assert not police.get("members")


def test_pronoun_after_a_quotation_takes_its_speaker(nlp):
    doc = nlp(
        '"Nous ne céderons pas", a déclaré mardi le ministre ghanéen des Finances. '
        '"Ce budget est le bon", a-t-il ajouté.'
    )
    start = doc.text.index("-il")
    actor = actor_at(doc, start, start + 3)
    assert actor["kind"] == "pronoun" and actor["country"] == "GHA"


def test_country_name_after_a_locative_preposition_is_marked(nlp):
    doc = nlp("La France a protesté. Le ministre est arrivé en Colombie mardi.")
    assert not _actor(doc, "France").get("locative")
    assert _actor(doc, "Colombie")["locative"] is True


def test_jihadist_group_takes_the_country_where_it_acts(nlp):
    doc = nlp(
        "En France, la police a arrêté deux hommes à Lyon. "
        "Le parquet français affirme qu'ils ont prêté allégeance au groupe Etat islamique."
    )
    actor = _actor(doc, "groupe Etat islamique")
    assert (actor["code"], actor.get("implied")) == ("FRAREB", True)


def test_person_introduced_by_a_title_keeps_its_country_for_the_article(nlp):
    doc = nlp(
        "Nairobi a protesté lundi. Le chef de la diplomatie kényane, Amina Wekesa, a convoqué "
        "l'ambassadeur ougandais.\n\nSelon Wekesa, la frontière doit rester ouverte."
    )
    later = doc.text.rindex("Wekesa")
    actor = actor_at(doc, later, later + len("Wekesa"))
    assert (actor["name"], actor["code"]) == ("Amina Wekesa", "KENGOV")


def test_particle_surname_of_a_known_person(nlp):
    doc = nlp("Le Premier ministre a reçu M. Di Maio à Rome mardi.")
    assert _actor(doc, "Di Maio")["code"] == "ITAGOV"


def test_countries_in_the_plural_are_not_the_home_country(nlp):
    doc = nlp(
        "Le gouvernement malien a durci le ton. Au Mali, trente-quatre pays ont signé le traité, "
        "et les deux pays voisins ont protesté."
    )
    actor = _actor(doc, "trente-quatre pays")
    assert actor["country"] == "" and actor.get("multinational")


def test_phrase_that_names_no_actor(nlp):
    doc = nlp("Le Mali a rejeté l'acquittement pour tous les chefs d'accusation.")
    actor = _actor(doc, "chefs")
    assert actor is None or actor["role"] != "GOV"


def test_hebrew_state_is_israel(nlp):
    doc = nlp("L'Etat hébreu a fermé le point de passage mardi.")
    assert _actor(doc, "L'Etat hébreu")["code"] == "ISRGOV"


def test_possessive_role_noun_belongs_to_the_subject_before_it(nlp):
    doc = nlp(
        "La Russie a bombardé la région samedi. La Russie a frappé des dépôts, la Russie a "
        "accusé Kiev. L'Ukraine a affirmé lundi que ses forces avaient repris deux villages."
    )
    actor = _actor(doc, "ses forces")
    assert (actor["country"], actor.get("implied")) == ("UKR", None)


def test_counterpart_is_not_of_its_possessor_country(nlp):
    doc = nlp("Le Kenya a protesté lundi. Mardi, le Kenya a reçu son homologue.")
    assert _actor(doc, "son homologue")["country"] != "KEN"
