"""Speaker candidates: mentions grouped into people and bodies, and their features (articles
written for these tests)."""

from __future__ import annotations

from veille.extract import speakers
from veille.extract.reporting import speaker_nouns

TEXT = (
    "Le porte-parole du Kremlin, Dmitri Peskov, a répondu mardi au ministère russe de la "
    "Défense. M. Peskov a jugé la visite « utile ». « Nous n'avons rien à annoncer », "
    "a-t-il ajouté."
)


def _context(nlp, text: str):
    doc = nlp(text)
    in_quote = [False] * len(doc)
    quotes = []
    for q in doc._.quotes:
        span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
        quotes.append((span.start, span.end))
        for i in range(span.start - 1, span.end + 1):
            in_quote[i] = True
    ctx = speakers.context(doc, in_quote, doc._.actors, speaker_nouns("fr"), "fr")
    return ctx, quotes


def test_a_person_is_one_entity_at_their_fullest_name(nlp):
    ctx, _ = _context(nlp, TEXT)
    peskov = ctx.by_key["Dmitri Peskov"]
    assert peskov["kind"] == "person"
    assert len([m for m in peskov["mentions"] if m["kind"] == "person"]) == 2
    assert "M. Peskov" not in ctx.by_key and "Peskov" not in ctx.by_key


def test_a_body_keeps_its_words(nlp):
    ctx, _ = _context(nlp, TEXT)
    assert any(e["key"] == "ministère russe de la Défense" for e in ctx.entities)


def test_an_incise_pronoun_points_to_the_last_person(nlp):
    ctx, quotes = _context(nlp, TEXT)
    rows = speakers.features(ctx, quotes[-1], ("pronoun", None), "", None, None, "fr")
    peskov = rows[ctx.entities.index(ctx.by_key["Dmitri Peskov"])]
    assert peskov["incise_pronoun&recency=0"] == 1.0
    body = rows[ctx.entities.index(ctx.by_key["ministère russe de la Défense"])]
    assert "incise_pronoun&not_person" in body


def test_words_leave_out_particles():
    assert speakers.words("Jean de La Fontaine") == {"jean", "fontaine"}


def test_a_title_beside_a_name_is_that_person(nlp):
    text = (
        "La manifestation a été dispersée. « Nous atteignons nos limites », a reconnu le "
        "directeur de la police, Michel Cadot."
    )
    ctx, _ = _context(nlp, text)
    cadot = ctx.by_key["Michel Cadot"]
    assert any(m.get("titled") for m in cadot["mentions"])
    assert not any(e["kind"] == "title" and "directeur" in e["key"] for e in ctx.entities)


def test_a_title_heading_its_own_clause_is_not_the_name_before_it(nlp):
    ctx, _ = _context(nlp, "Pour Jean Dupont, le ministre a menti aux députés.")
    assert not any(m.get("titled") for m in ctx.by_key["Jean Dupont"]["mentions"])


def test_a_title_runs_on_past_a_party_to_its_name(nlp):
    ctx, _ = _context(
        nlp, "Le député Les Écologistes Julien Marchal a dénoncé « une erreur grave »."
    )
    marchal = ctx.by_key["Julien Marchal"]
    assert any(m.get("titled") for m in marchal["mentions"])
    assert not any(e["kind"] == "title" for e in ctx.entities)


def test_the_spokesman_of_a_named_person_is_not_that_person(nlp):
    ctx, _ = _context(
        nlp, "Le porte-parole de la présidente Claire Martin a démenti « toute rumeur »."
    )
    spokesman = [e for e in ctx.entities if e["key"].startswith("porte-parole")]
    assert spokesman and spokesman[0]["kind"] == "title"
    titles = [m for m in ctx.by_key["Claire Martin"]["mentions"] if m.get("titled")]
    assert [ctx.doc[m["head"]].text for m in titles] == ["présidente"]


def test_an_unnamed_spokesman_is_not_the_named_one_of_another_country(nlp):
    text = (
        "« Ces accusations sont fausses », a déclaré un porte-parole du ministère nord-coréen des "
        "Affaires étrangères. Le porte-parole du Kremlin, Dmitri Peskov, a refusé de confirmer."
    )
    ctx, quotes = _context(nlp, text)
    frame = next(m for m in ctx.mentions if m["kind"] == "title" and m.get("indefinite"))
    assert frame["country"] == "PRK"
    rows = speakers.features(ctx, quotes[0], ("title", frame), "", None, None, "fr")
    peskov = rows[ctx.entities.index(ctx.by_key["Dmitri Peskov"])]
    assert peskov["title_held&indefinite"] == 1.0
    assert peskov["frame_country=other"] == 1.0


def test_the_names_of_an_incise_after_the_quotation(nlp):
    text = (
        "Les secours sont arrivés tard. « Nous manquions de lits », a plaidé l'épidémiologiste en "
        "chef du ministère de la Santé, Paul Durand."
    )
    ctx, quotes = _context(nlp, text)
    rows = speakers.features(ctx, quotes[0], ("none", None), "", None, None, "fr")
    durand = rows[ctx.entities.index(ctx.by_key["Paul Durand"])]
    assert durand["incise_clause_first_person"] == 1.0
    ministry = next(e for e in ctx.entities if e["key"].startswith("ministère"))
    assert "incise_clause_first_person" not in rows[ctx.entities.index(ministry)]


def test_a_title_agrees_in_gender_with_its_holder(nlp):
    text = (
        "La ministre Jeanne Roux a reçu M. Marc Blanc. Plus tard, la ministre a jugé la "
        "réunion « constructive »."
    )
    ctx, quotes = _context(nlp, text)
    frame = next(m for m in ctx.mentions if m["kind"] == "title" and not m.get("titled"))
    rows = speakers.features(ctx, quotes[0], ("title", frame), "", None, None, "fr")
    assert rows[ctx.entities.index(ctx.by_key["Jeanne Roux"])]["frame_title&gender"] == 1.0
    assert rows[ctx.entities.index(ctx.by_key["Marc Blanc"])]["frame_title&other_gender"] == 1.0
    assert rows[ctx.entities.index(ctx.by_key["Jeanne Roux"])]["title_holder_recency=0"] == 1.0


def test_an_organisation_keeps_the_spelling_of_the_text(nlp):
    ctx, _ = _context(nlp, "« Rien n'est décidé », a indiqué l'Élysée.")
    [body] = [e for e in ctx.entities if e["kind"] == "organisation"]
    assert body["name"] == "Élysée"
    assert "élysée" in body["words"]


def test_a_speaker_only_the_rules_read_is_a_candidate(nlp):
    text = "Les gardes ont « frappé des villageois », accuse le site Buzzfeed."
    doc = nlp(text)
    start = text.index("Buzzfeed")
    ruled = [{"speaker": "Buzzfeed", "speaker_start": start, "speaker_end": start + 8}]
    ctx = speakers.context(doc, [False] * len(doc), doc._.actors, speaker_nouns("fr"), "fr", ruled)
    assert ctx.by_key["Buzzfeed"]["kind"] == "organisation"
    kind, mention = speakers.frame_mention(ctx, start, start + 8)
    assert kind == "other" and mention["key"] == "Buzzfeed"
    a = doc.char_span(text.index("frappé"), text.index(" »")).start
    rows = speakers.features(ctx, (a, a + 3), (kind, mention), "Buzzfeed", None, None, "fr")
    assert rows[ctx.entities.index(ctx.by_key["Buzzfeed"])]["only_from_rules"] == 1.0


def test_a_long_title_keeps_the_adjective_of_its_last_noun(nlp):
    text = (
        "Le porte-parole du ministère russe des Affaires étrangères a démenti jeudi. "
        "« Ce sont des rumeurs », a-t-il dit."
    )
    ctx, _ = _context(nlp, text)
    assert "porte-parole du ministère russe des Affaires étrangères" in ctx.by_key


def test_who_reports_in_the_sentence_before_a_bare_quotation(nlp):
    text = (
        "La maire Sophie Lenoir a reçu le préfet Paul Girard. Mme Lenoir a réagi jeudi soir. "
        "« La ville tiendra bon. »"
    )
    ctx, quotes = _context(nlp, text)
    rows = speakers.features(ctx, quotes[0], ("none", None), "", None, None, "fr")
    lenoir = rows[ctx.entities.index(ctx.by_key["Sophie Lenoir"])]
    girard = rows[ctx.entities.index(ctx.by_key["Paul Girard"])]
    assert lenoir["reporter_sentence-1&frame=none"] == 1.0
    assert not any(k.startswith(("reporter_sentence", "subject_sentence")) for k in girard)


def test_a_first_name_gives_a_gender_compound_or_not(nlp):
    text = (
        "Valérie Dufour a rencontré Jean-Christophe Morel à Lyon. "
        "« Nous avançons », a-t-elle affirmé."
    )
    ctx, _ = _context(nlp, text)
    assert ctx.by_key["Valérie Dufour"]["gender"] == "Fem"
    assert ctx.by_key["Jean-Christophe Morel"]["gender"] == "Masc"


def test_a_quotation_repeated_elsewhere_points_to_its_speaker(nlp):
    text = "La maire Sophie Lenoir a reçu le préfet Paul Girard. « La ville tiendra bon. »"
    ctx, quotes = _context(nlp, text)
    rows = speakers.features(ctx, quotes[0], ("none", None), "", None, None, "fr", "Mme Lenoir")
    assert rows[ctx.entities.index(ctx.by_key["Sophie Lenoir"])]["echo&frame=none"] == 1.0
    assert "echo" not in rows[ctx.entities.index(ctx.by_key["Paul Girard"])]


def test_a_title_the_parser_took_for_a_name_is_no_person(nlp):
    text = (
        "Emmanuel Macron a reçu jeudi les syndicats à l'Élysée. Le président de la République "
        "a promis « des réponses rapides ». Le Premier ministre a parlé d'un « dialogue utile »."
    )
    ctx, _ = _context(nlp, text)
    people = {e["name"] for e in ctx.entities if e["kind"] == "person"}
    assert people == {"Emmanuel Macron"}


def test_a_body_goes_by_its_name_and_its_acronym(nlp):
    text = (
        "La Fédération nationale des agriculteurs (FNAGR) a dénoncé « un mépris total ». "
        "« Nous irons jusqu'au bout », a prévenu la FNAGR."
    )
    ctx, _ = _context(nlp, text)
    names = {e["name"] for e in ctx.entities if e["kind"] in ("organisation", "body")}
    assert "Fédération nationale des agriculteurs (FNAGR)" in names
    assert "FNAGR" not in names
