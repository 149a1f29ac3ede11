"""Attribution: who says what, for quotations and reported speech. Reads the article sentence by
sentence: reporting frames (veille.extract.reporting) give each statement its speaker's words,
the rules resolve them (veille.extract.resolution), and for quotations a model learned from
annotated articles ranks every candidate the article names (veille.extract.speakers)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from veille.extract import speakers as candidates
from veille.extract.reporting import (
    HONORIFIC,
    SUBJECTS,
    after_comma,
    conjugated,
    cue_lemma,
    distance,
    inverted_subject,
    is_incise,
    left_subject,
    name_span,
    strip,
    subject_of,
)
from veille.extract.resolution import (
    Reading,
    choose,
    model,
    speaker_of,
    speaker_record,
)


def attribute(
    doc: Doc,
    quote_spans: list[tuple[int, int]],
    actors: list[dict],
    places: list[dict],
    lang: str = "fr",
    learned: bool = True,
) -> tuple[list[dict], list[dict]]:
    """Speaker info for each quote ([start, end) of the words inside the marks), and all attributions.

    `actors` are the article's actor mentions (doc._.actors), `places` its places (a place that is
    no actor never speaks). Sentences are read in order so a pronoun ("a-t-il ajouté") resolves
    to who spoke or acted before; then, where the language has a learned model (and `learned`),
    it chooses each quotation's speaker among all the article names, the rules' reading among
    its features.
    """
    state = Reading(doc, quote_spans, actors, places, lang)
    speakers, attributions = _read(state, doc, quote_spans)
    weights = model(lang) if learned else None
    if weights is not None and quote_spans:
        _choose(state, actors, speakers, attributions, quote_spans, weights)
    for found in attributions:
        found.pop("_cue_i", None)
        found.pop("_quote", None)
    attributions.sort(key=lambda a: (a["content_start"], a["kind"]))
    return speakers, attributions


def _read(
    state: Reading, doc: Doc, quote_spans: list[tuple[int, int]]
) -> tuple[list[dict], list[dict]]:
    """The rules' reading: each quotation's frame and resolved speaker, and every attribution."""
    speakers: list[dict] = [{} for _ in quote_spans]
    by_sentence: dict[int, list[int]] = {}
    for n in range(len(quote_spans)):
        by_sentence.setdefault(doc[state.quote_tokens[n][0]].sent.start, []).append(n)
    attributions: list[dict] = []
    for s, sent in enumerate(doc.sents):
        state.sentence = s
        state.paragraph += "\n" in doc[sent.start - 1].text_with_ws if sent.start else 0
        said: list[dict] = []
        for n in by_sentence.get(sent.start, []):
            found = _quote_speaker(state, n, sent)
            if not found.get("speaker") and state.last_quote is not None:
                found = _continuation(state, n, sent) or found
            speakers[n] = found
            state.last_quote = (n, s, state.paragraph, found)
            if found.get("speaker"):
                start, end = quote_spans[n]
                said.append(
                    {
                        **found,
                        "content_start": start,
                        "content_end": end,
                        "kind": "direct",
                        "_quote": n,
                    }
                )
        said.extend(_reported(state, sent))
        _relays(state, sent, said)
        for record in said:
            if "_quote" in record:
                n = record["_quote"]
                speakers[n]["relay"] = record["relay"]
        attributions.extend(said)
        state.remember(sent, said)
    return speakers, attributions


def _choose(
    state: Reading,
    actors: list[dict],
    speakers: list[dict],
    attributions: list[dict],
    quote_spans: list[tuple[int, int]],
    weights: dict,
) -> None:
    """Each quotation's speaker as the model ranks the candidates; its direct attribution follows."""
    ctx = candidates.context(state.doc, state.in_quote, actors, state.nouns, state.lang, speakers)
    direct = {a.pop("_quote"): a for a in attributions if "_quote" in a}
    chosen = choose(ctx, state.quote_tokens, speakers, weights, state.lang)
    for n, pick in enumerate(chosen):
        if pick is None:
            continue
        entity, frame = pick
        found = speakers[n]
        if candidates.words(found.get("speaker", "")) & entity["words"]:
            # The rules' speaker: keep the mention they found (events read its actor), at its
            # fullest name.
            if entity["kind"] == "person":
                found["speaker"] = entity["key"]
                if n in direct:
                    direct[n]["speaker"] = entity["key"]
            continue
        found.update(speaker_record(ctx, actors, entity, frame, state.quote_tokens[n]))
        found.setdefault("relay", "")
        found.setdefault("cue", "")
        found.setdefault("stance", "asserted")
        if n in direct:
            direct[n].update({k: v for k, v in found.items() if k.startswith("speaker")})
        else:
            start, end = quote_spans[n]
            attributions.append(
                {**found, "content_start": start, "content_end": end, "kind": "direct"}
            )


def _quote_speaker(state: Reading, n: int, sent: Span) -> dict:
    """The speaker of quote n: an incise or governing reporting verb, "selon X", else the governing subject."""
    a, b = state.quote_tokens[n]
    if a == b:
        return {}
    doc = state.doc
    inside = range(a, b)
    candidates: list[tuple[int, int, dict]] = []  # (priority, distance, found)
    # Words outside the quote hanging on a word inside it: "«…», a-t-il dit", "selon lui, «…»".
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i] or token.head.i not in inside:
            continue
        found = _cue_speaker(state, token, after=b if token.i > b else None)
        if found.get("speaker"):
            candidates.append((0, distance(token.i, a, b), found))
    # Words that govern the quote: "X a déclaré que «…»", "Pékin les a qualifiées de «…»".
    heads = [t for t in doc[a:b] if t.head.i not in inside or t.head == t]
    # A whole sentence in quotes is attributed by a reporting verb, never by whatever verb governs it.
    clause = any(c.dep_ in SUBJECTS and c.i in inside for h in heads for c in h.children) or (
        doc[a].is_title and b - a >= 5
    )
    generic = None
    for head in heads[:3]:
        node, depth = head, 0
        while node.head != node and depth < 12:
            node, depth = node.head, depth + 1
            if node.i in inside or state.in_quote[node.i]:
                continue
            for child in node.children:
                if child.dep_ == "parataxis" and not state.in_quote[child.i] and child.i > b:
                    incise = _cue_speaker(state, child, after=b)
                    if incise.get("speaker"):
                        candidates.append((0, distance(child.i, a, b), incise))
            found = _cue_speaker(state, node)
            if not found.get("speaker"):
                for child in node.children:
                    if not state.in_quote[child.i] and child.i in state.according_to:
                        found = _cue_speaker(state, child)
                        break
            if found.get("speaker"):
                candidates.append((1, depth, found))
                break
            if generic is None and not clause and node.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                who = subject_of(node)
                if who is not None and not state.in_quote[who.i] and who.pos_ != "PRON":
                    found = speaker_of(state, who)
                    if found.get("speaker") and found.get("speakerlike"):
                        generic = {
                            **found,
                            "cue": node.lemma_,
                            "stance": "asserted",
                            "_cue_i": node.i,
                        }
    if generic:
        candidates.append((2, 0, generic))
    # Anything in the sentence that reports speech, nearest first.
    for token in state.tokens[sent.start : sent.end]:
        if not state.in_quote[token.i]:
            kind = state.kinds[token.i]
            if kind in ("verb", "according_to"):
                found = _cue_speaker(state, token)
                if found.get("speaker"):
                    candidates.append((3, distance(token.i, a, b), found))
    if not candidates:
        return {}
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def _continuation(state: Reading, n: int, sent: Span) -> dict:
    """A quote nobody is said to say, right after a quote of the same paragraph, continues its speaker."""
    previous, s, paragraph, found = state.last_quote
    if not found.get("speaker") or paragraph != state.paragraph or state.sentence - s > 1:
        return {}
    return {**found, "cue": "", "_cue_i": None, "_continued": True}


def _lemma(state: Reading, token: Token) -> str:
    return cue_lemma(state.lang, token.lemma_.lower(), token.lower_)


def _cue_speaker(state: Reading, token: Token, after: int | None = None) -> dict:
    """If `token` is a reporting verb or the X of "selon X": the speaker it names, with the cue.

    `after`: the end of a quote just before; a verb right after it with its subject inverted is an
    incise ("«…», a-t-il mis en garde", "«…», ironise le porte-parole"), a reporting verb whatever it is.
    """
    kind = state.kinds[token.i]
    source = _impersonal_source(token, state.in_quote, state.text)
    if source is not None:
        return {
            **speaker_of(state, source),
            "cue": _lemma(state, token),
            "stance": "asserted",
            "_cue_i": token.i,
        }
    incise = after is not None and token.pos_ == "VERB" and is_incise(token, after, state.in_quote)
    if kind == "verb" or incise:
        who = inverted_subject(token, state.in_quote) if incise else None
        who = who or subject_of(token, inverted=True) or left_subject(token, state.in_quote)
        if who is None and after_comma(token) and conjugated(token):
            # "«…» l'immeuble, a déclaré à l'AFP Ahmed Chinoy": an incise whose quotation ended
            # before the clause it reports; its subject follows it, however it is parsed.
            who = inverted_subject(token, state.in_quote)
        if who is None or state.in_quote[who.i]:
            return {}
        stance = state.cues.get(_lemma(state, token), ("", "asserted"))[1]
        return {
            **speaker_of(state, who),
            "cue": _lemma(state, token),
            "stance": stance,
            "_cue_i": token.i,
        }
    if kind == "according_to":
        case = next(c for c in token.children if c.dep_ == "case")
        return {
            **speaker_of(state, token),
            "cue": case.lower_ + "".join(f.lower_ for f in case.children if f.dep_ == "fixed"),
            "stance": "asserted",
            "_cue_i": token.i,
        }
    return {}


_COMPLEMENTISERS = ("que", "qu'")
_INVERTED_ON = re.compile(r"-on\b")


def _impersonal_source(verb: Token, in_quote: list[bool], text: str) -> Token | None:
    """ "«…», a-t-on appris auprès de la préfecture", "indique-t-on à Matignon", "a-t-on ajouté de
    même source": where an inverted "on" reports, the body or source named after it speaks."""
    doc = verb.doc
    # Read on the text around the verb: asked of every verb near a quotation, this stays cheap.
    near = text[max(verb.idx - 8, 0) : verb.idx + len(verb.text) + 8]
    if verb.pos_ != "VERB" or not _INVERTED_ON.search(near):
        return None
    for token in doc[verb.i + 1 : min(verb.i + 9, verb.sent.end)]:
        if in_quote[token.i] or token.is_punct:
            return None
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        cases = {c.lower_ for c in token.children if c.dep_ == "case"}
        before = doc[token.left_edge.i - 1].lower_ if token.left_edge.i else ""
        if token.lemma_ == "source" or cases & {"à", "au", "aux"} or before == "auprès":
            return token
    return None


def _clitic_subject(verb: Token) -> bool:
    """ "a-t-il ajouté": the subject is the clitic pronoun before the participle."""
    who = subject_of(verb)
    return who is not None and who.text.startswith("-")


def _before_que(token: Token, sent: Span) -> bool:
    return token.i + 1 < sent.end and token.nbor(1).lower_ in _COMPLEMENTISERS


def _inside_incise(state: Reading, verb: Token, sent: Span) -> Span | None:
    """ "Depuis cette visite, a déclaré le porte-parole Luc Martin, les deux pays négocient": an
    incise between commas inside a sentence, its subject after it, reports what follows it. Found by
    the commas, as the parser takes such a verb for the root of the sentence."""
    if not (after_comma(verb) and conjugated(verb)) or verb.i - sent.start < 3:
        return None
    who = inverted_subject(verb, state.in_quote)
    if who is None:
        return None
    comma = next(
        (t.i for t in state.doc[who.i + 1 : sent.end] if t.text == "," and not state.in_quote[t.i]),
        None,
    )
    if comma is None:
        return None
    before = [
        t for t in state.doc[sent.start : verb.i] if t.head != verb or not t.dep_.startswith("aux")
    ]
    after = state.doc[comma + 1 : sent.end]
    # A clause before it is what an incise at its end reports ("…, a rapporté le Times, citant …").
    if _finite(before) or not _finite(after):
        return None
    return after


def _finite(tokens) -> bool:
    return any("Fin" in t.morph.get("VerbForm") for t in tokens)


def _reported(state: Reading, sent: Span) -> list[dict]:
    """Indirect speech ("X a déclaré que …") and "selon X, …" in a sentence, outside quotes."""
    out = []
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i]:
            continue
        kind = state.kinds[token.i]
        if kind == "verb":
            content = next(
                (c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i), None
            )
            span = _inside_incise(state, token, sent)
            if span is not None:
                pass
            elif content is not None:
                span = state.doc[content.left_edge.i : content.right_edge.i + 1]
            elif _before_que(token, sent):
                # "X juge que …" parsed with "juge" as a noun: the clause after "que", to the end
                span = state.doc[token.i + 1 : sent.end]
            elif (
                token.dep_ in ("parataxis", "conj", "advcl")
                and token.head.i < token.i
                and (inverted_subject(token, state.in_quote) or _clitic_subject(token))
            ):
                # An incise: "L'attaque a eu lieu lundi, a rapporté le Times" reports its head clause.
                head = token.head
                start, end = head.left_edge.i, min(token.left_edge.i, head.right_edge.i + 1)
                span = state.doc[start:end]
            elif token.dep_ == "parataxis" and token.head.i > token.i:
                # "Depuis cette visite, a déclaré Kirby, Poutine et Kim ont échangé des lettres."
                span = state.doc[token.right_edge.i + 1 : token.head.right_edge.i + 1]
            if span is not None and span[0].lower_ in _COMPLEMENTISERS and len(span) > 1:
                span = span[1:]  # what is said, without the "que" that introduces it
            if (
                span is None
                or not span.text.strip(" ,.;:")
                or 2 * sum(state.in_quote[t.i] for t in span) > len(span)
            ):
                continue
            found = _cue_speaker(state, token)
            if not found.get("speaker"):
                continue
            citing = next(
                (
                    c
                    for c in token.children
                    if c.dep_ == "advcl" and state.cues.get(c.lemma_.lower(), ("",))[0] == "citing"
                ),
                None,
            )
            record = {
                **found,
                "content_start": span.start_char,
                "content_end": span.end_char,
                "kind": "indirect",
            }
            if citing is not None:
                source = next((c for c in citing.children if c.dep_ == "obj"), None)
                if source is not None:
                    record["kind"] = "citing"
                    record["source"] = speaker_of(state, source)["speaker"]
            out.append(strip(state.text, record))
        elif kind == "according_to":
            found = _cue_speaker(state, token)
            head = token.head
            if not found.get("speaker") or head == token:
                continue
            if token.i < head.i:
                start, end = token.right_edge.i + 1, head.right_edge.i + 1
            else:
                start, end = head.left_edge.i, token.left_edge.i - 1
            if end <= start:
                continue
            span = state.doc[start:end]
            out.append(
                strip(
                    state.text,
                    {
                        **found,
                        "content_start": span.start_char,
                        "content_end": span.end_char,
                        "kind": "according_to",
                    },
                )
            )
    return out


def _relays(state: Reading, sent: Span, said: list[dict]) -> None:
    """ "cité par TASS", "relayé par l'agence": the outlet relays the words, it is not their speaker."""
    for token in state.tokens[sent.start : sent.end]:
        if state.in_quote[token.i] or state.cues.get(token.lower_, ("",))[0] != "relay":
            continue
        if token.i + 1 >= sent.end or token.nbor(1).lower_ != "par":
            continue
        outlet = next((c for c in token.children if c.dep_ in ("obl:agent", "obl", "nmod")), None)
        if outlet is None:
            outlet = next(
                (t for t in state.doc[token.i + 2 : sent.end] if t.pos_ in ("NOUN", "PROPN")), None
            )
        if outlet is None:
            continue
        relay = HONORIFIC.sub("", name_span(outlet).text)
        for record in said:
            if record.get("speaker") and relay not in record["speaker"]:
                record["relay"] = relay
