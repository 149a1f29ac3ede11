from veille.clean import normalise


def test_apostrophes_and_spaces_become_plain_and_offsets_map_back():
    text = "L’armée a déclaré\u00a0: «\u202fNous tenons bon\u202f»."
    normalised = normalise(text)
    assert normalised.text == "L'armée a déclaré : « Nous tenons bon »."
    start = normalised.text.index("Nous")
    end = start + len("Nous tenons bon")
    a, b = normalised.span(start, end)
    assert text[a:b] == "Nous tenons bon"


def test_dropped_characters_keep_later_offsets_exact():
    text = "Zapo\u00adrijia et Kha\u200brkiv"
    normalised = normalise(text)
    assert normalised.text == "Zaporijia et Kharkiv"
    start = normalised.text.index("Kharkiv")
    a, b = normalised.span(start, start + len("Kharkiv"))
    assert text[a:b] == "Kha\u200brkiv"


def test_glued_sentences_get_a_space_that_maps_to_nothing_in_the_original():
    text = 'Il a parlé."Nous viendrons", a-t-il dit.'
    normalised = normalise(text)
    assert normalised.text == 'Il a parlé. "Nous viendrons", a-t-il dit.'
    start = normalised.text.index("Nous")
    a, b = normalised.span(start, start + len("Nous viendrons"))
    assert text[a:b] == "Nous viendrons"
