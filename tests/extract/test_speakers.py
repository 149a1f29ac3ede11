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
