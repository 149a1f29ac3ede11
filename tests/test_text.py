"""The text layer: the one quotation scanner, for the sentence rules and for the quotations."""

from __future__ import annotations

from veille.text import quote_spans, quoted_spans


def test_spans_pair_each_kind_of_mark():
    text = 'Il parle de « paix », de “guerre” et de "trêve".'
    assert [text[a:b] for a, b in quote_spans(text)] == ["paix", "guerre", "trêve"]
    assert [text[a:b] for a, b in quoted_spans(text)] == ["« paix »", "“guerre”", '"trêve"']


def test_a_stray_straight_quote_does_not_shift_the_quotations():
    text = 'Un " isolé. Puis "premier" et "second".'
    assert [text[a:b] for a, b in quote_spans(text)] == ["premier", "second"]
    # the sentence rules pair straight marks as they come: nothing they keep whole is lost
    assert [text[a:b] for a, b in quoted_spans(text)] == ['" isolé. Puis "', '" et "']


def test_a_quote_never_crosses_a_paragraph():
    text = "« Ouvert sans fin\nAutre paragraphe » ici."
    assert quote_spans(text) == [] and quoted_spans(text) == []
    text = "Premier paragraphe.\n« Le second », dit-il."
    assert [text[a:b] for a, b in quoted_spans(text)] == ["« Le second »"]
    assert [text[a:b] for a, b in quote_spans(text)] == ["Le second"]


def test_an_unclosed_mark_does_not_swallow_the_article():
    text = "« " + "mot " * 600 + "» puis « court »."
    assert [text[a:b] for a, b in quote_spans(text)] == ["court"]
    assert [text[a:b] for a, b in quoted_spans(text)] == ["« court »"]
