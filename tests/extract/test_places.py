"""Places: mentions geocoded offline; countries and capitals acting as governments are actors."""

from __future__ import annotations

from veille.extract import gazetteer


def _by_mention(analysis) -> dict[str, dict]:
    return {p["mention"]: p for p in analysis.places}


def test_gazetteer_exonyms_and_variants():
    assert gazetteer.lookup("Moscou")[0]["name"] == "Moscow"
    assert gazetteer.lookup("Pékin")[0]["country"] == "CHN"
    assert gazetteer.lookup("Kiev")[0]["name"] == gazetteer.lookup("Kyiv")[0]["name"] == "Kyiv"
    assert gazetteer.lookup("Bakhmout")[0]["name"] == gazetteer.lookup("Bakhmut")[0]["name"]
    assert gazetteer.lookup("Zaporijia")[0]["country"] == "UKR"
    assert gazetteer.lookup("Le Caire")[0]["country"] == "EGY"
    russia = gazetteer.country("RUS")
    assert russia["kind"] == "country" and 40 < russia["lat"] < 70


def test_gazetteer_regions_in_french_and_french_departments():
    # Regions by their French names (pycountry's translations) and France's departments,
    # which come before a foreign town or region of the same name.
    assert gazetteer.lookup("Bavière")[0]["country"] == "DEU"
    assert gazetteer.lookup("Pennsylvanie")[0]["name"] == "Pennsylvania"
    for department in ("Essonne", "Seine-Saint-Denis", "Var", "Nord", "Bouches-du-Rhône"):
        first = gazetteer.lookup(department)[0]
        assert (first["country"], first["kind"]) == ("FRA", "region"), department


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
    text = (
        "L'Élysée a annoncé mardi un remaniement. La Maison Blanche a salué la décision.\n"
        "Le Premier ministre italien sera reçu jeudi à l'Élysée."
    )
    places = analyse_text(text).places
    assert [p["start"] for p in places if p["mention"] == "Élysée"] == [text.rindex("Élysée")]
    assert "Maison Blanche" not in [p["mention"] for p in places]


def test_border_from_a_country_adjective(analyse_text):
    places = _by_mention(analyse_text("Des réfugiés attendent à la frontière syro-turque."))
    assert places["frontière syro-turque"]["country"] == "SYR"


def test_regions_named_by_an_adjective(analyse_text):
    text = (
        "Les forces kurdes tiennent toujours le nord syrien. Des renforts ont été envoyés dans "
        "la capitale britannique et en région parisienne."
    )
    places = _by_mention(analyse_text(text))
    assert places["nord syrien"]["country"] == "SYR"
    assert places["capitale britannique"]["name"] == "London"
    assert places["région parisienne"]["country"] == "FRA"


def test_regions_seas_and_departments(analyse_text):
    text = (
        "Les pluies ont inondé plusieurs communes de l'Essonne et du Var. Au large, la mer "
        "Méditerranée reste agitée, tandis que la sécheresse frappe le Sahel et l'Amazonie."
    )
    places = _by_mention(analyse_text(text))
    assert places["Essonne"]["country"] == places["Var"]["country"] == "FRA"
    assert places["mer Méditerranée"]["country"] == ""
    assert places["Sahel"]["country"] == ""
    assert places["Amazonie"]["country"] == "BRA"


def test_landmarks_lie_in_the_article_s_town(analyse_text):
    text = (
        "À Lyon, des milliers de manifestants se sont rassemblés place Bellecour avant de "
        "défiler jusqu'à la gare de la Part-Dieu. Le cortège a emprunté le pont de la Guillotière."
    )
    places = _by_mention(analyse_text(text))
    landmark = places["gare de la Part-Dieu"]
    assert landmark["country"] == "FRA" and landmark["kind"] == "region"
    assert abs(landmark["lat"] - 45.75) < 0.3 and abs(landmark["lon"] - 4.85) < 0.3


def test_landmark_naming_its_town(analyse_text):
    text = "L'avion s'est posé à l'aéroport de Biarritz, puis la délégation a gagné le port de Beyrouth."
    places = _by_mention(analyse_text(text))
    assert places["aéroport de Biarritz"]["country"] == "FRA"
    assert places["port de Beyrouth"]["country"] == "LBN"


def test_arrondissement_of_a_town(analyse_text):
    text = "Un incendie s'est déclaré dans un immeuble du 11e arrondissement de Paris dans la nuit."
    places = _by_mention(analyse_text(text))
    district = places["11e arrondissement de Paris"]
    assert district["country"] == "FRA" and abs(district["lat"] - 48.85) < 0.2


def test_east_of_the_country_is_the_article_s_country(analyse_text):
    text = "De violents combats opposent l'armée aux rebelles en Libye. Dans l'est du pays, des villes ont été évacuées."
    places = _by_mention(analyse_text(text))
    assert places["est du pays"]["country"] == "LBY"
