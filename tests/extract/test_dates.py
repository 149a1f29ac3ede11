"""Dates: French expressions resolved against the publication date."""

from __future__ import annotations

import pytest


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
