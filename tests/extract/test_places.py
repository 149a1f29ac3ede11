"""Places: mentions geocoded offline; countries and capitals acting as governments are actors."""

from __future__ import annotations

from veille.extract import gazetteer, places


def _by_mention(analysis) -> dict[str, dict]:
    return {p["mention"]: p for p in analysis.places}


def _readings(nlp, text: str) -> dict[str, dict]:
    """Every candidate with its reading, whether or not the model keeps it: the constructions
    are tested apart from the model's decisions."""
    return {text[r["start"] : r["end"]]: r for r in places.place_candidates(nlp(text))}


def test_gazetteer_exonyms_and_variants():
    assert gazetteer.lookup("Moscou")[0]["name"] == "Moscow"
    assert gazetteer.lookup("Pékin")[0]["country"] == "CHN"
    assert gazetteer.lookup("Kiev")[0]["name"] == gazetteer.lookup("Kyiv")[0]["name"] == "Kyiv"
    assert gazetteer.lookup("Bakhmout")[0]["name"] == gazetteer.lookup("Bakhmut")[0]["name"]
    assert gazetteer.lookup("Zaporijia")[0]["country"] == "UKR"
    assert gazetteer.lookup("Le Caire")[0]["country"] == "EGY"
    russia = gazetteer.country("RUS")
    assert russia["kind"] == "country" and 40 < russia["lat"] < 70


def test_gazetteer_saint_martin_alone_is_the_caribbean_island():
    island = gazetteer.lookup("Saint-Martin")[0]
    assert island["country"] == "MAF" and island["lat"] > 17
    assert gazetteer.lookup("Saint-Martin-d'Hères")[0]["country"] == "FRA"


def test_gazetteer_regions_in_french_and_french_departments():
    # Regions by their French names (pycountry's translations) and France's departments,
    # which come before a foreign town or region of the same name.
    assert gazetteer.lookup("Bavière")[0]["country"] == "DEU"
    assert gazetteer.lookup("Pennsylvanie")[0]["name"] == "Pennsylvania"
    for department in ("Essonne", "Seine-Saint-Denis", "Var", "Nord", "Bouches-du-Rhône"):
        first = gazetteer.lookup(department)[0]
        assert (first["country"], first["kind"]) == ("FRA", "region"), department


def test_gazetteer_french_departments_and_regions_lie_at_their_seat():
    essonne = gazetteer.lookup("Essonne")[0]  # its seat Évry, not France's centroid
    assert abs(essonne["lat"] - 48.6) < 0.2 and abs(essonne["lon"] - 2.4) < 0.2
    guadeloupe = gazetteer.lookup("Guadeloupe")
    assert any(abs(p["lat"] - 16.2) < 0.5 for p in guadeloupe if p["kind"] == "region")
    brittany = next(p for p in gazetteer.lookup("Bretagne") if p["country"] == "FRA")
    assert 47.5 < brittany["lat"] < 48.7 and -4 < brittany["lon"] < -1.5


def test_gazetteer_french_villages_but_no_common_words_or_district_names():
    # Villages of 500 to 1,000 inhabitants by their own name; none named as a French word
    # ("Vieux"), nor a district name of a town's ward ("Bourse", Paris 2e), its number stays.
    assert gazetteer.lookup("Naujac-sur-Mer")[0]["country"] == "FRA"
    assert gazetteer.lookup("Vieux") == [] and gazetteer.lookup("Bourse") == []
    assert gazetteer.lookup("Hôtel-de-Ville") == []
    assert gazetteer.lookup("VIIIe")[0]["name"].startswith("Paris")


def test_gazetteer_places_spanning_countries_have_none():
    for name in ("Sahel", "Golfe", "Moyen-Orient", "mer Noire", "océan Indien"):
        assert gazetteer.lookup(name)[0]["country"] == "", name


def test_gazetteer_index_finds_every_name_it_holds():
    # The packaged index is searched by bisection: unsorted lines would hide names.
    index = gazetteer._file()[1]
    assert len(index) > 100_000
    assert all(a < b for a, b in zip(index, index[1:], strict=False))
    for line in index[:: len(index) // 500]:
        key, numbers = line.split("\t")
        assert {int(n) for n in numbers.split(",")} <= set(gazetteer.candidates(key))
    assert gazetteer.candidates("no such place anywhere") == ()
    assert gazetteer.lookup("Saint-Pétersbourg")[0]["name"] == "Saint Petersburg"


def test_places_with_exonyms(analyse_text):
    text = "Des combats ont eu lieu près de Bakhmout, dans l'est de l'Ukraine. Le ministre est arrivé à Sotchi."
    places = _by_mention(analyse_text(text))
    assert places["Bakhmout"]["country"] == "UKR" and places["Bakhmout"]["kind"] == "city"
    assert places["Sotchi"]["name"] == "Sochi"
    assert places["est de l'Ukraine"]["kind"] == "region"
    assert places["est de l'Ukraine"]["country"] == "UKR"


def test_paris_in_france_by_default(analyse_text):
    places = _by_mention(analyse_text("Le salon du livre s'ouvre à Paris et à Lyon."))
    assert places["Paris"]["country"] == "FRA"
    assert abs(places["Paris"]["lat"] - 48.85) < 0.2


def test_paris_in_texas_when_the_article_is_there(analyse_text):
    text = (
        "Une tornade a frappé le nord du Texas aux Etats-Unis. À Paris, une petite ville du comté "
        "de Lamar, des maisons ont été détruites, selon le shérif de Dallas."
    )
    places = _by_mention(analyse_text(text))
    assert places["Paris"]["country"] == "USA"


def test_paris_stays_in_france_beside_one_american_namesake(analyse_text):
    # A town of the article near an American Paris is not enough to move the capital.
    text = (
        "Le ministre a quitté Paris lundi pour Austin, au Texas, où il rencontrera des "
        "investisseurs avant de rentrer à Paris jeudi."
    )
    places = _by_mention(analyse_text(text))
    assert places["Paris"]["country"] == "FRA"


def test_capital_or_country_acting_is_no_place(analyse_text):
    text = (
        "Washington a demandé des explications. Moscou a refusé de répondre et Berlin a dénoncé "
        "une provocation. Le président s'est ensuite rendu en France puis à Washington."
    )
    places = analyse_text(text).places
    mentions = [p["mention"] for p in places]
    assert "France" in mentions
    assert "Moscou" not in mentions and "Berlin" not in mentions
    # Washington is a place once: "à Washington"; its first mention is an actor
    assert [p["start"] for p in places if p["mention"] == "Washington"] == [
        text.rindex("Washington")
    ]


def test_palace_speaking_is_an_actor_and_a_place_when_visited(analyse_text):
    acting = analyse_text("L'Élysée a annoncé mardi un remaniement du gouvernement.")
    assert acting.places == []
    visited = analyse_text(
        "Le Premier ministre italien a été reçu jeudi à l'Élysée par le président pour "
        "évoquer la crise migratoire."
    )
    assert [p["name"] for p in visited.places] == ["Élysée Palace"]


def test_border_from_a_country_adjective(analyse_text):
    found = _by_mention(analyse_text("Des réfugiés attendent à la frontière syro-turque."))
    assert found["frontière syro-turque"]["country"] == "SYR"


def test_regions_named_by_an_adjective(nlp):
    text = (
        "Les forces kurdes tiennent toujours le nord syrien. Des renforts ont été envoyés dans "
        "la capitale britannique et en région parisienne, puis dans le Caucase russe."
    )
    found = _readings(nlp, text)
    assert found["nord syrien"]["country"] == "SYR" and found["nord syrien"]["kind"] == "region"
    assert found["capitale britannique"]["name"] == "London"
    assert found["région parisienne"]["country"] == "FRA"
    assert found["Caucase russe"]["country"] == "RUS"


def test_regions_seas_and_departments(analyse_text):
    text = (
        "Les pluies ont inondé plusieurs communes de l'Essonne et du Var. Au large, la mer "
        "Méditerranée reste agitée, tandis que la sécheresse frappe le Sahel et l'Amazonie."
    )
    found = _by_mention(analyse_text(text))
    assert found["Essonne"]["country"] == found["Var"]["country"] == "FRA"
    assert found["mer Méditerranée"]["country"] == ""
    assert found["Sahel"]["country"] == ""
    assert found["Amazonie"]["country"] == "BRA"


def test_rivers(analyse_text):
    # A river of one country is in it; one crossing borders has none (not the Indian Sambre).
    text = (
        "La crue de la Garonne a inondé les quais, tandis que la Sambre est sortie de son lit "
        "en Belgique et que l'Oder menace plusieurs villages."
    )
    found = _by_mention(analyse_text(text))
    assert (found["Garonne"]["country"], found["Garonne"]["kind"]) == ("FRA", "region")
    assert found["Sambre"]["country"] == found["Oder"]["country"] == ""


def test_landmarks_lie_in_the_article_s_town(analyse_text):
    text = (
        "À Lyon, des milliers de manifestants se sont rassemblés place Bellecour avant de "
        "défiler jusqu'à la gare de la Part-Dieu. Le cortège a emprunté le pont de la Guillotière."
    )
    found = _by_mention(analyse_text(text))
    landmark = found["gare de la Part-Dieu"]
    assert landmark["country"] == "FRA" and landmark["kind"] == "region"
    assert abs(landmark["lat"] - 45.75) < 0.3 and abs(landmark["lon"] - 4.85) < 0.3


def test_landmark_naming_its_town(nlp):
    text = (
        "L'avion s'est posé à l'aéroport de Biarritz. Plus tard, l'ambassadeur a quitté "
        "l'ambassade de Russie à Berlin et la délégation a gagné le port de Beyrouth."
    )
    found = _readings(nlp, text)
    assert found["aéroport de Biarritz"]["country"] == "FRA"
    assert found["port de Beyrouth"]["country"] == "LBN"
    # an embassy stands in the town of the article, not in the country it serves
    assert found["ambassade de Russie"]["country"] != "RUS"


def test_arrondissement_of_a_town(nlp):
    text = "Un incendie s'est déclaré dans un immeuble du 11e arrondissement de Paris dans la nuit."
    district = _readings(nlp, text)["11e arrondissement de Paris"]
    assert district["country"] == "FRA" and abs(district["lat"] - 48.85) < 0.2


def test_east_of_the_country_is_the_article_s_country(analyse_text):
    text = (
        "De violents combats opposent l'armée aux rebelles en Libye. Dans l'est du pays, des "
        "villes ont été évacuées."
    )
    found = _by_mention(analyse_text(text))
    assert found["est du pays"]["country"] == "LBY"


def test_a_direction_alone_is_a_part_of_the_article_s_country(nlp):
    text = "La sécheresse frappe durement le Brésil. Dans le Sud, les récoltes sont perdues."
    assert _readings(nlp, text)["Sud"]["country"] == "BRA"
    text = "L'épidémie recule au Brésil, sauf dans le Centre-Ouest où les cas augmentent."
    assert _readings(nlp, text)["Centre-Ouest"]["country"] == "BRA"


def test_georgia_is_the_american_state_in_an_article_about_atlanta(nlp):
    text = (
        "Des milliers de personnes ont manifesté à Atlanta, aux Etats-Unis. Le gouverneur de la "
        "Géorgie a décrété le couvre-feu."
    )
    assert _readings(nlp, text)["Géorgie"]["country"] == "USA"
    assert (
        _readings(nlp, "Les troupes russes sont entrées en Géorgie.")["Géorgie"]["country"] == "GEO"
    )


def test_a_town_of_the_region_the_article_names(nlp):
    text = "Le sénateur a voté depuis son fief de Wilmington, dans le Delaware, mardi."
    town = _readings(nlp, text)["Wilmington"]
    assert (town["country"], town["admin1"]) == ("USA", "DE")


def test_a_french_department_settles_a_town_of_its_own(nlp):
    # Departments lie at their seats: the Loiret's Château-Renard, not Provence's
    # Châteaurenard; Saint-Denis beside Seine-Saint-Denis, not Réunion's capital.
    text = "Les pompiers du Loiret sont intervenus à Chateaurenard."
    assert abs(_readings(nlp, text)["Chateaurenard"]["lat"] - 47.9) < 0.2
    text = "Un élu de Seine-Saint-Denis a été agressé au lycée Jean-Renoir de Saint-Denis."
    assert _readings(nlp, text)["lycée Jean-Renoir de Saint-Denis"]["country"] == "FRA"


def test_a_town_of_the_country_the_article_names_by_its_own_name(nlp):
    # Valencia and Quebec's Verdun are bigger, but the article is about France
    text = (
        "En France, le ministre s'est rendu à Valence puis à Verdun pour rencontrer des élus "
        "de la Drôme et de la Meuse."
    )
    found = _readings(nlp, text)
    assert found["Valence"]["country"] == "FRA" and found["Verdun"]["country"] == "FRA"
    assert (
        _readings(nlp, "Le club de Valence a battu le Real Madrid.")["Valence"]["country"] == "ESP"
    )


def test_a_landmark_lies_in_the_town_nearest_to_it(analyse_text):
    text = (
        "Le ministre a quitté Lyon lundi. L'ancien maire a été incarcéré mardi à la prison de "
        "la Santé, à Paris, a indiqué son avocat."
    )
    prison = _by_mention(analyse_text(text))["prison de la Santé"]
    assert prison["country"] == "FRA" and abs(prison["lat"] - 48.85) < 0.2


def test_a_name_running_into_an_unknown_one_is_no_candidate(nlp):
    # "Al" is a Norwegian town; "Al-Hol" a camp the gazetteer lacks
    assert "Al" not in _readings(nlp, "Des familles sont détenues dans le camp d'Al-Hol.")


def test_a_front_is_in_the_country_of_the_war(nlp):
    text = (
        "L'armée ukrainienne affirme avoir repoussé plusieurs assauts en Ukraine. Les combats "
        "font rage sur le front oriental."
    )
    front = _readings(nlp, text)["front oriental"]
    assert (front["country"], front["kind"]) == ("UKR", "region")


def test_a_front_is_a_place_whatever_its_verb(nlp):
    text = (
        "L'Ukraine a déclaré lundi que ses forces sur le front oriental avaient reconquis "
        "plusieurs villages près de Bakhmout."
    )
    front = _readings(nlp, text)["front oriental"]
    assert front["is_place"] and front["country"] == "UKR"


def test_no_places_in_a_glued_video_title(analyse_text):
    text = (
        "Les eaux ont commencé à baisser à Angers. Crue : les images impressionnantes de Tours et "
        "de Blois ?par BFMTVLe préfet a levé l'alerte."
    )
    mentions = set(_by_mention(analyse_text(text, published="2021-05-05")))
    assert "Angers" in mentions
    assert not mentions & {"Tours", "Blois"}


def test_a_place_opening_an_organisation_s_name_is_none(nlp):
    text = "Le ministre était l'invité d'Europe 1 avant de partir pour l'Italie."
    found = _readings(nlp, text)
    assert found["Europe"]["is_place"] is False and found["Italie"]["is_place"] is True


def test_a_landmark_s_name_stops_before_a_word_joining_two_places(nlp):
    text = "Le cortège est parti de la porte de Versailles et la Croix-Nivert vers la Seine."
    found = _readings(nlp, text)
    assert "porte de Versailles" in found
    assert not any(" et " in mention for mention in found)


def test_a_listed_name_of_lower_case_words(nlp):
    text = 'Les jihadistes frappent dans la zone des "trois frontières" depuis des mois.'
    assert _readings(nlp, text)["trois frontières"]["country"] == ""


def test_a_part_of_a_country_by_an_adjective(nlp):
    text = "Les extraditions vers la Chine continentale inquiètent les habitants."
    part = _readings(nlp, text)["Chine continentale"]
    assert part["country"] == "CHN" and part["kind"] == "region"


def test_a_landmark_far_from_any_town_lies_in_the_capital(analyse_text):
    text = (
        "Le gouvernement présente mardi sa réforme des retraites. À Lyon, les syndicats ont "
        "déjà annoncé une journée de grève. Les organisations patronales, elles, saluent un "
        "texte qu'elles jugent équilibré et nécessaire pour l'avenir du système, même si "
        "plusieurs points restent à préciser lors des débats au Parlement dans les semaines "
        "à venir.\nJeudi, des milliers de manifestants doivent défiler jusqu'à la place de la "
        "Contrescarpe."
    )
    square = _by_mention(analyse_text(text))["place de la Contrescarpe"]
    assert square["country"] == "FRA" and abs(square["lat"] - 48.85) < 0.2


def test_a_town_whose_article_a_preposition_holds(nlp):
    text = (
        "Le ministre s'est rendu au Mans mardi, puis au Muy, dans le Var, avant de repartir "
        "du Pontet jeudi soir."
    )
    found = _readings(nlp, text)
    assert found["Mans"]["name"] == "Le Mans" and found["Mans"]["country"] == "FRA"
    assert found["Muy"]["name"] == "Le Muy"
    assert found["Pontet"]["name"] == "Le Pontet"


def test_a_street_named_after_a_foreign_town_lies_in_it(nlp):
    text = (
        "Le procès de l'attaque du train s'est ouvert mardi en France, cinq ans après les faits.\n"
        "Le suspect était monté dans le train à la gare de Bruxelles, selon les enquêteurs, "
        "qui ont longuement visionné les images de surveillance de la journée."
    )
    station = _readings(nlp, text)["gare de Bruxelles"]
    assert station["country"] == "BEL" and abs(station["lat"] - 50.85) < 0.3


def test_a_street_named_after_a_town_of_the_article_s_country_lies_in_its_capital(nlp):
    text = (
        "En France, le gouvernement a présenté mardi sa réforme des retraites au Parlement.\n"
        "Des milliers de manifestants ont défilé jusqu'à la gare de Lyon dans l'après-midi, "
        "sans incident notable selon la préfecture de police."
    )
    station = _readings(nlp, text)["gare de Lyon"]
    assert station["country"] == "FRA" and abs(station["lat"] - 48.85) < 0.2


def test_a_region_ending_a_media_s_name_is_none(nlp):
    text = (
        "Le maire de Grenoble a répondu jeudi aux questions de France Bleu Isère, puis à "
        "celles de France 3 Hauts-de-France sur la fermeture de l'usine."
    )
    found = _readings(nlp, text)
    assert "Grenoble" in found
    assert "Isère" not in found and "Hauts-de-France" not in found
    assert not found.get("France", {}).get("is_place")


def test_a_place_ending_an_organisation_s_name_is_none(analyse_text):
    text = (
        "Elle a été élue députée La République en Marche de la deuxième circonscription du "
        "Var en 2017."
    )
    found = _by_mention(analyse_text(text))
    assert "Marche" not in found
    assert found["Var"]["country"] == "FRA"


def test_a_small_foreign_town_alone_of_its_country_is_no_place(nlp):
    text = (
        "Le chef de l'État partagera le repas de Noël avec les soldats français déployés à "
        "Gao, au Mali."
    )
    found = _readings(nlp, text)
    assert found["Noël"]["is_place"] is False
    assert found["Gao"]["is_place"] and found["Gao"]["country"] == "MLI"


def test_a_small_foreign_town_with_its_region_is_a_place(nlp):
    text = "Des tirs ont visé la ville de Jupiter, en Floride, selon la police locale."
    found = _readings(nlp, text)
    assert found["Jupiter"]["is_place"] and found["Jupiter"]["country"] == "USA"


def test_a_small_town_of_the_country_the_news_is_written_from_needs_no_company(nlp):
    text = "Le maire de Langres a inauguré mardi la nouvelle médiathèque de la commune."
    town = _readings(nlp, text)["Langres"]
    assert town["is_place"] and town["country"] == "FRA"


def test_a_name_glued_to_a_subheading_loses_its_dots(nlp):
    text = (
        "Des milliers de personnes ont encore manifesté dimanche à Minneapolis.- Colère des "
        "élus -Selon le maire de Minneapolis, la ville restera sous couvre-feu."
    )
    mentions = [text[r["start"] : r["end"]] for r in places.place_candidates(nlp(text))]
    assert mentions == ["Minneapolis", "Minneapolis"]


def test_an_administrative_division_named_as_its_town(nlp):
    text = (
        "Le shérif du comté de Kenosha a demandé des renforts, tandis que le canton de "
        "Gütersloh restait confiné."
    )
    found = _readings(nlp, text)
    assert found["comté de Kenosha"]["country"] == "USA"
    assert found["comté de Kenosha"]["kind"] == "region"
    assert found["canton de Gütersloh"]["country"] == "DEU"


def test_a_street_named_after_a_town_the_article_names_lies_in_it(nlp):
    # No town within a sentence of the market, but the article is about Strasbourg.
    text = (
        "Strasbourg a rendu hommage mardi aux victimes de l'attaque de l'an dernier. Le maire a "
        "déposé une gerbe devant la cathédrale, entouré des familles et des secouristes.\n"
        "Le préfet, qui a rappelé l'engagement des forces de l'ordre durant la traque du suspect "
        "et le travail des enquêteurs depuis, s'est ensuite rendu sur le marché de Strasbourg, "
        "rouvert dans la matinée."
    )
    market = _readings(nlp, text)["marché de Strasbourg"]
    assert market["country"] == "FRA" and abs(market["lat"] - 48.58) < 0.2


def test_islands_named_by_a_country_are_that_country(nlp):
    text = "Le tournage de l'émission a été interrompu dans les îles Fidji, a annoncé la chaîne."
    islands = _readings(nlp, text)["îles Fidji"]
    assert islands["country"] == "FJI"


def test_a_village_the_gazetteer_lacks_lies_in_the_town_named_beside_it(nlp):
    text = (
        "Trois touristes ont été enlevés dimanche par des hommes armés à Kouré, une réserve "
        "de girafes à une heure de route de Niamey, selon une source sécuritaire."
    )
    village = _readings(nlp, text)["Kouré"]
    assert village["feature"] == "unknown:town"
    assert village["country"] == "NER" and abs(village["lat"] - 13.5) < 1.0


def test_a_village_the_gazetteer_lacks_lies_in_the_department_named_beside_it(nlp):
    text = (
        "Lors de son discours de rentrée à Montcorbeil (Haute-Marne), la candidate a défendu "
        "les services publics. Les obsèques du soldat ont été célébrées samedi dans le petit "
        "village de Vauxerolles, en Haute-Savoie."
    )
    found = _readings(nlp, text)
    assert found["Montcorbeil"]["is_place"] and found["Montcorbeil"]["country"] == "FRA"
    assert abs(found["Montcorbeil"]["lat"] - 48.1) < 0.3  # Chaumont, the department's seat
    assert abs(found["Vauxerolles"]["lat"] - 45.9) < 0.3  # Annecy


def test_a_village_far_from_any_named_town_is_left_out(nlp):
    text = (
        "Des heurts ont éclaté dimanche soir à Kouroulé, selon les habitants joints par téléphone."
    )
    assert "Kouroulé" not in {text[p["start"] : p["end"]] for p in places.extract_places(nlp(text))}


def test_a_region_the_gazetteer_lacks_is_of_the_article_s_country(nlp):
    text = (
        "En Allemagne, les restrictions sont durcies. Pour la première fois en Westphalie-du-Nord, "
        "les bars fermeront à 22 heures, a annoncé le gouvernement régional."
    )
    found = _readings(nlp, text)
    region = next((r for m, r in found.items() if m.startswith("Westphalie")), None)
    assert region is not None and region["country"] == "DEU"


def test_a_name_opening_a_longer_unknown_one_is_not_read_alone(nlp):
    # "Aïn" alone is the French department Ain
    text = "Les familles de jihadistes sont détenues à Aïn Issa, près de Raqa, dans le nord de la Syrie."
    found = _readings(nlp, text)
    assert "Aïn" not in found
    assert found["Aïn Issa"]["country"] == "SYR"


def test_a_person_or_a_nationality_after_a_preposition_is_no_unknown_place(nlp):
    text = (
        "Le président Donald Trump a répondu lundi aux critiques. Le sénateur a écrit à Trump "
        "et aux Iraniens pour demander une désescalade."
    )
    found = _readings(nlp, text)
    assert "Trump" not in found and "Iraniens" not in found


def test_a_town_stays_in_the_country_the_article_names_as_an_actor(nlp):
    # Vancouver, Washington, is a town of a country the article names as a place; Canada is
    # named only as an actor, but named.
    text = (
        "Le Canada a arrêté une dirigeante du groupe à Vancouver, à la demande des juges "
        "américains. Elle a été présentée à un juge en Floride et aux États-Unis, selon ses "
        "avocats."
    )
    town = _readings(nlp, text)["Vancouver"]
    assert town["country"] == "CAN"


def test_a_court_acting_still_names_its_town(analyse_text):
    text = (
        "Le tribunal correctionnel de Montpellier a condamné mardi un ancien élu à deux ans de "
        "prison avec sursis pour détournement de fonds publics."
    )
    found = _by_mention(analyse_text(text))
    town = found.get("Montpellier") or found.get("tribunal correctionnel de Montpellier")
    assert town is not None and town["country"] == "FRA" and abs(town["lat"] - 43.6) < 0.3


def test_a_turn_is_no_tower(nlp):
    text = (
        "Après Londres et Berlin, c'est au tour de Paris de réclamer des explications. Le Tour "
        "de France partira de Nice."
    )
    found = _readings(nlp, text)
    assert "tour de Paris" not in found and "Tour de France" not in found
    assert "tour Eiffel" in _readings(nlp, "Les touristes font la queue au pied de la tour Eiffel.")


def test_a_prefecture_acting_still_names_its_department(analyse_text):
    text = "La préfecture du Bas-Rhin a confirmé mardi que le suspect était fiché par les services."
    found = _by_mention(analyse_text(text))
    region = found.get("Bas-Rhin") or found.get("préfecture du Bas-Rhin")
    assert region is not None and region["country"] == "FRA"


def test_an_institution_kept_as_a_place_is_listed_as_its_town(nlp):
    text = "Un rassemblement s'est tenu devant la mairie de Lyon samedi matin."
    doc = nlp(text)
    assert _readings(nlp, text)["mairie de Lyon"]["is_place"]
    found = {text[p["start"] : p["end"]]: p for p in places.extract_places(doc)}
    assert list(found) == ["Lyon"] and found["Lyon"]["kind"] == "city"


def test_a_sea_the_gazetteer_lacks_takes_no_country(nlp):
    text = (
        "La Corée du Sud a dénoncé mardi des tirs d'artillerie tombés dans la mer de l'Est, au "
        "large de Sokcho."
    )
    sea = _readings(nlp, text)["mer de l'Est"]
    assert sea["name"] == "mer de l'Est" and sea["country"] == "" and sea["lat"] is None


def test_a_region_shared_by_countries_is_the_part_of_the_article_s_country(nlp):
    text = (
        "En Irak, des frappes ont visé mardi des villages du Kurdistan, près d'Erbil et de "
        "Mossoul, selon les autorités irakiennes."
    )
    region = _readings(nlp, text)["Kurdistan"]
    assert region["country"] == "IRQ" and abs(region["lat"] - 36.5) < 0.5


def test_a_town_of_a_country_the_article_names_only_as_an_actor(nlp):
    # Valencia is "Valence" in French too, and bigger; France is named, if only as an actor
    text = "Un soldat originaire de Valence a été tué lundi au Mali. La France a salué son courage."
    town = _readings(nlp, text)["Valence"]
    assert town["country"] == "FRA" and abs(town["lat"] - 44.9) < 0.2
