"""Dates: French expressions resolved against the publication date."""

from __future__ import annotations

import pytest

from veille.extract.dates import direction_examples


def _values(analysis) -> dict[str, str]:
    return {d["mention"]: d["value"] for d in analysis.dates}


def test_absolute_and_relative_dates(analyse_text):
    text = (
        "Le ministre s'est rendu à Lyon le 24 août 2023. Il avait déjà visité la ville en avril "
        "2019. Mardi, il a reçu les maires. La semaine dernière, les syndicats avaient manifesté. "
        "Le salon se tiendra du 10 au 13 septembre."
    )
    values = _values(analyse_text(text, published="2023-09-05"))
    assert values["le 24 août 2023"] == "2023-08-24"
    assert values["en avril 2019"] == "2019-04"
    assert values["Mardi"] == "2023-09-05"
    assert values["La semaine dernière"] == "2023-08-28/2023-09-03"
    assert values["du 10 au 13 septembre"] == "2023-09-10/2023-09-13"


def test_relative_days_cross_month_and_year(analyse_text):
    text = "Hier, la neige a bloqué les routes. Lundi, le préfet avait fermé les écoles."
    values = _values(analyse_text(text, published="2024-01-01"))
    assert values["Hier"] == "2023-12-31"
    assert values["Lundi"] == "2024-01-01"
    values = _values(
        analyse_text("Il neigeait hier. On attend le dégel demain.", published="2024-03-01")
    )
    assert values["hier"] == "2024-02-29"
    assert values["demain"] == "2024-03-02"


def test_months_years_and_periods(analyse_text):
    text = (
        "L'usine avait fermé en mai. Les travaux reprendront début juin. Ce mois-ci, les ventes "
        "ont baissé, comme l'an dernier. Depuis le début de l'année, 300 emplois ont disparu."
    )
    values = _values(analyse_text(text, published="2023-09-05"))
    assert values["en mai"] == "2023-05"
    assert values["début juin"] == "2024-06"  # future tense: the next June
    assert values["Ce mois-ci"] == "2023-09"
    assert values["l'an dernier"] == "2022"
    assert values["Depuis le début de l'année"] == "2023-01-01/2023-09-05"


def test_month_in_the_past_crosses_the_year(analyse_text):
    values = _values(
        analyse_text("Le village avait été inondé en novembre.", published="2024-02-10")
    )
    assert values["en novembre"] == "2023-11"


def test_weekday_in_the_future_tense(analyse_text):
    values = _values(analyse_text("Le conseil se réunira jeudi à Rennes.", published="2023-09-05"))
    assert values["jeudi"] == "2023-09-07"


def test_no_false_dates_from_durations_or_words(analyse_text):
    text = (
        "Sa sœur a passé trois mois en prison et pendant deux ans elle a attendu. "
        "Le bâtiment compte 2 000 fenêtres et mesure 20 mètres."
    )
    assert analyse_text(text, published="2023-09-05").dates == []


def test_no_date_without_a_publication_date_for_relative_words(analyse_text):
    dates = analyse_text("Hier, le maire a démissionné.", published="").dates
    assert dates == []


@pytest.mark.xfail(
    strict=True, reason="a day named from another event ('la veille de X') needs that event's date"
)
def test_day_before_an_event(analyse_text):
    values = _values(analyse_text("La veille du défilé, il a parlé.", published="2019-07-14"))
    assert values["La veille du défilé"] == "2019-07-13"


def test_a_part_of_a_day_is_that_day(analyse_text):
    text = (
        "Les pompiers sont intervenus dimanche soir dans une usine de Vierzon. Le préfet s'est "
        "rendu sur place mardi en fin de journée."
    )
    values = _values(analyse_text(text, published="2021-03-10"))
    assert values["dimanche soir"] == "2021-03-07"
    assert values["mardi en fin de journée"] == "2021-03-09"


def test_a_part_of_a_day_takes_the_day_of_its_sentence(analyse_text):
    text = (
        "Le conseil municipal s'est réuni le 4 février. Dans la soirée, le maire a démissionné. "
        "Son adjoint a réagi dans la matinée."
    )
    values = _values(analyse_text(text, published="2021-02-06"))
    assert values["Dans la soirée"] == "2021-02-06"  # its sentence names no day: publication
    assert values["dans la matinée"] == "2021-02-06"
    values = _values(
        analyse_text("Le 4 février dans la soirée, le maire a démissionné.", published="2021-02-06")
    )
    assert values["dans la soirée"] == "2021-02-04"


def test_the_day_before_and_after_count_from_the_day_the_text_named(analyse_text):
    text = (
        "Le tribunal de Rennes a rendu son jugement le 14 septembre. La veille, les avocats "
        "avaient plaidé la relaxe. Le lendemain, le prévenu a fait appel."
    )
    values = _values(analyse_text(text, published="2022-09-20"))
    assert values["le 14 septembre"] == "2022-09-14"
    assert values["La veille"] == "2022-09-13"
    assert values["Le lendemain"] == "2022-09-15"


def test_the_day_before_counts_from_publication_when_no_day_was_named(analyse_text):
    text = "Le syndicat a appelé à la grève. Il l'avait annoncé la veille à ses adhérents."
    values = _values(analyse_text(text, published="2022-05-11"))
    assert values["la veille"] == "2022-05-10"
    values = _values(
        analyse_text("Au lendemain du vote, les élus se sont réunis.", published="2022-05-11")
    )
    assert values["Au lendemain"] == "2022-05-11"  # the article's own day, after the vote


def test_decades_durations_and_spans_are_ranges(analyse_text):
    text = (
        "La ville avait connu des émeutes dans les années 1990. Le quartier est en travaux depuis "
        "trois ans et les commerçants ont perdu des clients ces deux dernières semaines."
    )
    values = _values(analyse_text(text, published="2023-06-15"))
    assert values["les années 1990"] == "1990-01-01/1999-12-31"
    assert values["depuis trois ans"] == "2020-06-15/2023-06-15"
    assert values["ces deux dernières semaines"] == "2023-06-01/2023-06-15"


def test_lists_of_days_and_years_are_ranges(analyse_text):
    text = (
        "Le salon se tiendra les 24 et 25 septembre à Nantes. Les délégués se réuniront lundi et "
        "mardi. L'entreprise avait perdu de l'argent en 2015 et 2016, puis de 2018 à 2020."
    )
    values = _values(analyse_text(text, published="2021-09-15"))
    assert values["les 24 et 25 septembre"] == "2021-09-24/2021-09-25"
    assert values["lundi et mardi"] == "2021-09-20/2021-09-21"
    assert values["en 2015 et 2016"] == "2015-01-01/2016-12-31"
    assert values["de 2018 à 2020"] == "2018-01-01/2020-12-31"


def test_two_years_apart_are_two_dates(analyse_text):
    values = _values(analyse_text("Il a été élu en 2011 et 2016.", published="2021-09-15"))
    assert "en 2011 et 2016" not in values
    assert values["2016"] == "2016"


def test_months_named_with_their_word_or_part(analyse_text):
    text = (
        "Les négociations sont bloquées depuis le mois de mars. Le texte avait été déposé "
        "mi-janvier et le vote a eu lieu le 14 septembre dernier, en 2022, sans surprise."
    )
    values = _values(analyse_text(text, published="2023-05-02"))
    assert values["le mois de mars"] == "2023-03"
    assert values["mi-janvier"] == "2023-01"
    assert values["le 14 septembre dernier"] == "2022-09-14"
    assert values["en 2022"] == "2022"


def test_ago_weekends_and_seasons(analyse_text):
    text = (
        "Il y a un an, la mairie avait promis des travaux. Ce week-end, les habitants ont "
        "manifesté, comme ils l'avaient fait l'été dernier."
    )
    values = _values(analyse_text(text, published="2023-03-06"))
    assert values["Il y a un an"] == "2022-03"
    assert values["Ce week-end"] == "2023-03-04/2023-03-05"
    assert values["l'été dernier"] == "2022"


def test_a_weekday_ahead_of_publication(analyse_text):
    text = "Le jugement est attendu samedi. Le livre de l'ancien ministre doit sortir mardi."
    values = _values(analyse_text(text, published="2021-06-18"))  # a Friday
    assert values["samedi"] == "2021-06-19"
    assert values["mardi"] == "2021-06-22"
    text = "Le livre de l'ancien ministre est sorti mardi. Il présentera son prochain en juin."
    values = _values(analyse_text(text, published="2021-09-08"))
    assert values["mardi"] == "2021-09-07"
    assert values["en juin"] == "2022-06"  # the future tense, however far


def test_no_dates_in_names_vague_spans_or_words(analyse_text):
    text = (
        "Désormais, le marché de Noël de Colmar ouvre plus tôt, écrit le Journal du dimanche. "
        "Les riverains se plaignent depuis plusieurs jours, mais les travaux ont été lancés en "
        "2003 mais jamais finis."
    )
    values = _values(analyse_text(text, published="2021-11-20"))
    assert set(values) == {"en 2003"}


def test_no_dates_in_a_glued_video_title(analyse_text):
    text = (
        "Les eaux ont commencé à baisser mardi. Crue de la Loire : les images du 3 mai 2021 à "
        "Tours ?par BFMTVLe préfet a levé l'alerte."
    )
    values = _values(analyse_text(text, published="2021-05-05"))
    assert values == {"mardi": "2021-05-04"}


def test_parts_of_weeks_months_and_years(analyse_text):
    text = (
        "Le gouvernement présentera son budget en début de semaine prochaine. Les ventes avaient "
        "chuté en fin de semaine dernière. La réforme sera votée à la fin du mois, et la loi "
        "appliquée en début d'année prochaine."
    )
    values = _values(analyse_text(text, published="2022-03-09"))  # a Wednesday
    assert values["en début de semaine prochaine"] == "2022-03-14/2022-03-15"
    assert values["en fin de semaine dernière"] == "2022-03-04/2022-03-06"
    assert values["à la fin du mois"] == "2022-03"
    assert values["en début d'année prochaine"] == "2023"


def test_dates_counted_from_the_date_named_before(analyse_text):
    text = (
        "L'usine a fermé en mars 2015. Deux ans plus tard, le site a été racheté. Le 7 avril, "
        "les ouvriers ont manifesté. Trois jours plus tard, ils ont été reçus en préfecture."
    )
    values = _values(analyse_text(text, published="2022-06-01"))
    assert values["Deux ans plus tard"] == "2017"
    assert values["Trois jours plus tard"] == "2022-04-10"


def test_named_periods_and_centuries(analyse_text):
    text = (
        "Le monument date de la guerre d'Algérie. Au XIXe siècle, la ville comptait déjà deux "
        "ponts, détruits pendant la Seconde Guerre mondiale."
    )
    values = _values(analyse_text(text, published="2022-06-01"))
    assert values["guerre d'Algérie"] == "1954-11-01/1962-03-19"
    assert values["XIXe siècle"] == "1801-01-01/1900-12-31"
    assert values["Seconde Guerre mondiale"] == "1939-09-01/1945-09-02"


def test_direction_examples_give_both_readings(nlp):
    doc = nlp.make_doc("Le maire recevra les syndicats mardi.")
    doc._.published = "2021-06-16"  # a Wednesday
    (example,) = direction_examples(nlp(doc))
    assert example["behind"] == "2021-06-15"
    assert example["ahead"] == "2021-06-22"
    assert example["features"]["verb_Tense=Fut"] == 1.0


def test_dates_ahead_by_a_count(analyse_text):
    text = "Le chantier sera achevé dans trois ans. Les élus ont d'ici 60 jours pour voter."
    values = _values(analyse_text(text, published="2022-06-01"))
    assert values["dans trois ans"] == "2025"
    assert values["d'ici 60 jours"] == "2022-07-31"
