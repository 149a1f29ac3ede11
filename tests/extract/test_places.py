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


def test_capital_or_country_acting_is_no_place(analyse_text):
    text = (
        "Washington a demandé des explications. Moscou a refusé de répondre aux accusations de "
        "Berlin. Le président s'est ensuite rendu en France puis à Washington."
    )
    places = analyse_text(text).places
    mentions = [p["mention"] for p in places]
    assert "France" in mentions
    assert "Moscou" not in mentions and "Berlin" not in mentions
    # Washington is a place once: "à Washington"; its first mention is an actor
    assert [p["start"] for p in places if p["mention"] == "Washington"] == [
        text.rindex("Washington")
    ]


def test_border_from_a_country_adjective(analyse_text):
    places = _by_mention(analyse_text("Des réfugiés attendent à la frontière syro-turque."))
    assert places["frontière syro-turque"]["country"] == "SYR"


def test_no_places_in_a_glued_video_title(analyse_text):
    text = (
        "Les eaux ont commencé à baisser à Angers. Crue : les images impressionnantes de Tours et "
        "de Blois ?par BFMTVLe préfet a levé l'alerte."
    )
    mentions = set(_by_mention(analyse_text(text, published="2021-05-05")))
    assert "Angers" in mentions
    assert not mentions & {"Tours", "Blois"}
