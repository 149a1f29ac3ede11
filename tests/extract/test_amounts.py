"""Amounts: numbers with what they count."""

from __future__ import annotations


def _by_counted(analysis) -> dict[str, dict]:
    return {a["counted"]: a for a in analysis.amounts}


def test_spaced_thousands_and_number_words(analyse_text):
    text = (
        "Environ 280 000 personnes ont quitté la région, qui couvre 47 kilomètres carrés. "
        "Trois kilomètres carrés ont été repris."
    )
    amounts = analyse_text(text).amounts
    values = [(a["value"], a["counted"], a["approximate"]) for a in amounts]
    assert (280000.0, "personnes", True) in values
    assert (47.0, "kilomètres carrés", False) in values
    assert (3.0, "kilomètres carrés", False) in values
    assert all(a["unit"] == "km2" for a in amounts if a["counted"] == "kilomètres carrés")


def test_millions_and_currency(analyse_text):
    amounts = _by_counted(analyse_text("La mairie a reçu 1,5 million d'euros de l'État."))
    assert amounts["euros"]["value"] == 1_500_000.0
    assert amounts["euros"]["unit"] == "EUR"


def test_dates_are_not_amounts(analyse_text):
    amounts = analyse_text("Le 12 mars 2021, le club a gagné.", published="2021-03-14").amounts
    assert amounts == []
