"""Quality flags: machine-translation artifacts, content-farm bios, very short text."""

from __future__ import annotations

from veille.clean import find_boilerplate
from veille.clean.quality import quality_flags

CLEAN = """Le conseil municipal de Lyon a voté jeudi soir la création de trois nouvelles lignes de bus à haut niveau de service, qui relieront les quartiers de l'est de l'agglomération au centre-ville d'ici à la fin de 2026.
Le projet, estimé à 120 millions d'euros, sera financé pour moitié par la métropole et pour moitié par l'État, a précisé l'adjointe chargée des mobilités lors de la séance.
L'opposition a dénoncé un calendrier « irréaliste » et réclamé une étude indépendante sur la fréquentation attendue, tandis que les associations d'usagers ont salué une avancée longtemps attendue.
Les travaux doivent commencer au printemps prochain sur le premier tronçon, entre Vaulx-en-Velin et la gare de la Part-Dieu, selon le calendrier présenté aux élus."""


def test_clean_article_has_no_flags():
    assert quality_flags(CLEAN, find_boilerplate(CLEAN)) == []


def test_short_text():
    text = "Le conseil municipal de Lyon a voté jeudi la création de trois lignes de bus."
    assert quality_flags(text, []) == ["short_text"]


def test_machine_translation_punctuation():
    text = CLEAN.replace("2026.", "2026 . Ce").replace("métropole et", "métropole . . et")
    assert "mt_punctuation" in quality_flags(text, [])


def test_unbalanced_quotes():
    text = CLEAN.replace("« irréaliste »", "« irréaliste")
    assert "unbalanced_quotes" in quality_flags(text, [])


def test_untranslated_fragment():
    text = CLEAN + (
        "\nThe mayor said the new lines would be operated by the existing public transport company "
        "and would not require any increase in local taxes."
    )
    assert "untranslated_fragment" in quality_flags(text, [])
    # A Romance language shares some French words: not enough to pass for French.
    spanish = CLEAN + (
        "\nEl alcalde dijo que las nuevas líneas serán operadas por la empresa pública de "
        "transporte y que no será necesario subir los impuestos locales."
    )
    assert "untranslated_fragment" in quality_flags(spanish, [])
    assert "untranslated_fragment" not in quality_flags(CLEAN, [])


def test_templated_author_bio_flagged_from_boilerplate_or_shape():
    bio = "Fan de café. Passionnée de voyages. Experte du web. Amatrice de jardins."
    with_byline = CLEAN + "\nMarie Lefort\n" + bio
    assert "author_bio" in quality_flags(with_byline, find_boilerplate(with_byline))
    # Without the byline the boilerplate rules miss it; its shape at the end still gives it away.
    assert "author_bio" in quality_flags(CLEAN + "\n" + bio, [])


def test_short_sentences_in_the_body_are_not_a_bio():
    text = "Il pleut. Il vente. Il neige. Il gèle.\n" + CLEAN
    assert "author_bio" not in quality_flags(text, [])
