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


def test_words_glued_across_a_sentence_boundary_are_split():
    text = (
        'Il parle de la politique turqueLa Turquie a répondu. Un "geste fort"Cette décision tient.'
    )
    normalised = normalise(text)
    assert "turque La Turquie" in normalised.text
    assert '"geste fort" Cette' in normalised.text
    start = normalised.text.index("geste fort")
    a, b = normalised.span(start, start + len("geste fort"))
    assert text[a:b] == "geste fort"


def test_an_opening_quote_glued_to_the_previous_word_is_split_before_it():
    normalised = normalise('Des techniques d"hameçonnage" ont servi.')
    assert normalised.text == 'Des techniques d "hameçonnage" ont servi.'


def test_names_with_inner_capitals_stay_whole():
    text = "Le joueur LeBron James et la société McDonald's."
    assert normalise(text).text == text


def test_a_closing_quote_after_final_punctuation_stays_with_its_quote():
    normalised = normalise('Il a crié "Ne passez pas!".Si la foule avance, "tout cède."')
    assert normalised.text == 'Il a crié "Ne passez pas!". Si la foule avance, "tout cède."'
