from veille.clean import find_boilerplate

PAGE = """Paris et Berlin signent un accord sur l'hydrogène

Le ministre français de l'Économie a signé mardi à Berlin un accord avec son homologue allemand.

Le ministre français de l'Économie et son homologue allemand à Berlin, le 3 mars 2024 (AFP)

Les deux pays financeront un réseau de pipelines d'ici 2030.

Marc Lenoir

“Coffee evangelist. Wannabe traveler. Music fanatic. Proud web geek.”

Laisser un commentaire

Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *

Partager sur Facebook Twitter
"""


def kinds(text):
    return {b["text"]: b["kind"] for b in find_boilerplate(text)}


def test_captions_bylines_bios_and_forms_are_flagged():
    found = kinds(PAGE)
    assert (
        found[
            "Le ministre français de l'Économie et son homologue allemand à Berlin, le 3 mars 2024 (AFP)"
        ]
        == "caption"
    )
    assert found["Marc Lenoir"] == "byline"
    assert found["“Coffee evangelist. Wannabe traveler. Music fanatic. Proud web geek.”"] == "bio"
    assert found["Laisser un commentaire"] == "comment"
    assert "Partager sur Facebook Twitter" in found


def test_article_lines_and_the_title_are_not_flagged():
    found = kinds(PAGE)
    assert "Paris et Berlin signent un accord sur l'hydrogène" not in found
    assert not any("réseau de pipelines" in line for line in found)
    assert not any("a signé mardi" in line for line in found)


def test_offsets_point_at_the_line_in_the_original_text():
    for b in find_boilerplate(PAGE):
        assert PAGE[b["start"] : b["end"]] == b["text"]


def test_a_title_made_of_capitalised_words_is_not_a_byline():
    assert find_boilerplate("Emmanuel Macron\n\nLe président a parlé hier soir.") == []
