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
