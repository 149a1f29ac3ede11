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


GLUED = (
    "La préfecture a fermé le port jeudi. Tempête sur la Bretagne : les images des vagues à "
    "Brest ?par BFMTVLes pêcheurs sont restés à quai. Le maire a parlé (...) longuement. "
    "Ouragan : « Nous avons tout perdu » (...) racontent les sinistrés de Guadeloupepar euronews "
    "(en français)Les secours sont arrivés.\n"
    "Le reportage a été diffusé par BFMTV dimanche."
)


def test_a_video_title_glued_into_the_text_is_flagged_to_its_channel():
    videos = [b for b in find_boilerplate(GLUED) if b["kind"] == "video"]
    assert [b["text"] for b in videos] == [
        "Tempête sur la Bretagne : les images des vagues à Brest ?par BFMTV",
        "Ouragan : « Nous avons tout perdu » (...) racontent les sinistrés de Guadeloupepar "
        "euronews (en français)",
    ]
    for b in videos:
        assert GLUED[b["start"] : b["end"]] == b["text"]


def test_a_channel_named_in_a_sentence_is_not_a_video_title():
    assert find_boilerplate("Le reportage a été diffusé par BFMTV dimanche soir.") == []


def test_an_embedded_players_script_is_flagged():
    text = (
        "Le ministre a démissionné. window.pvp_3f2a = new Pvp('digiteka', {'id': 'x1'}, "
        '{"mute": true, "autoplay": false'
    )
    (found,) = find_boilerplate(text)
    assert found["kind"] == "video"
    assert found["text"].startswith("window.pvp_3f2a = new Pvp(")
    assert found["end"] == len(text)


def test_no_extractor_reads_a_glued_video_title(analyse_text):
    # As a sentence of the article, this title gives an event, a quote, a place and a date.
    title = (
        "Le ministre russe menace l'Ukraine de frappes sur Kharkiv le 3 mai 2021 : « Nous ne "
        "céderons pas » ?par BFMTV"
    )
    text = f"Les commerçants ont rouvert mardi. {title}Le préfet n'a pas répondu."
    analysis = analyse_text(text, published="2021-05-05")
    start = text.index(title)
    inside = range(start, start + len(title))
    assert [b["text"] for b in analysis.boilerplate] == [title]
    for layer in (analysis.quotes, analysis.places, analysis.dates, analysis.events):
        assert not [r for r in layer if r.get("start") in inside], layer
