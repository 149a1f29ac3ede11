"""Long articles are cut into pieces the parser accepts, at paragraph boundaries when it can."""

from veille.pipeline import pieces


def test_pieces_cover_the_text_and_end_at_paragraphs():
    text = "\n\n".join(f"Paragraphe {i}. " + "mot " * 30 for i in range(200))
    spans = pieces(text, size=1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(
        end == next_start for (_, end), (next_start, _) in zip(spans[:-1], spans[1:], strict=True)
    )
    assert all(end - start <= 1000 for start, end in spans)
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])


def test_a_text_without_breaks_is_cut_at_the_size():
    assert pieces("x" * 2500, size=1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert pieces("court", size=1000) == [(0, 5)]


def test_an_events_mentions_index_the_text_as_given(analyse_text):
    # Soft hyphens and zero-width spaces are dropped before parsing: offsets must come back.
    text = (
        "Pré\u00adambule" + "\u200b" * 10 + ".\n\nL'armée russe a bombardé lundi la ville de "
        "Kharkiv, a indiqué le gouverneur. Moscou a démenti avoir frappé Kharkiv."
    )
    analysis = analyse_text(text)
    mentions = [m for e in analysis.events for m in e.get("mentions", [])]
    assert mentions
    for event in analysis.events:
        assert text[event["start"] : event["end"]] == event["evidence"]
    for mention in mentions:
        assert text[mention["start"] : mention["end"]].strip()[:1].isupper()  # a sentence
        assert text[mention["start"] : mention["end"]].rstrip()[-1] in ".!?"
