"""Features: what the event model sees of a word, of a pair of actors in the whole article, and
of a pair of actors in one sentence. Each feature is a string, an indicator the model's
vectoriser turns into a column. The relations are Universal Dependencies labels, so the same
features serve any language whose spaCy model follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

from veille.extract.events.candidates import ArticleActors, Mention, article_actors, pair_kind
from veille.text import quoted_spans, text_of

TRIGGER_POS = ("VERB", "NOUN", "ADJ")
_NEGATIONS = {"pas", "jamais", "ni", "plus", "guère", "aucun", "aucune"}
_ARGUMENTS = {"obj", "xcomp", "ccomp", "nmod", "obl:arg", "obl:mod", "obl", "nsubj", "nsubj:pass"}
_ARGUMENTS |= {"amod", "expl:comp", "expl:pv"}
_BODIES = {"UNO", "EU", "NATO", "ICC", "WHO", "AU", "ARL"}
# How an actor is at hand in a sentence: named there, named there by role only, the subject
# of an earlier sentence, or the article's country unnamed. Sorted, the first is the best.
IN, IMPLIED, PREVIOUS, HOME = "in", "imp", "prev", "home"


@dataclass
class Candidates:
    """Everything the model scores in one article, with the features of each."""

    actors: ArticleActors
    words: list[int] = field(default_factory=list)  # token indices of possible triggers
    word_features: list[list[str]] = field(default_factory=list)
    word_vectors: numpy.ndarray | None = None
    word_sentences: list[int] = field(default_factory=list)  # sentence index of each word
    doc_lemmas: dict[int, str] = field(default_factory=dict)  # trigger token index -> lemma
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (source, target) countries
    pair_features: list[list[str]] = field(default_factory=list)
    pair_sentences: list[list[int]] = field(default_factory=list)  # where each pair meets
    sentence_pairs: list[tuple[int, str, str]] = field(default_factory=list)  # (sentence, S, T)
    sentence_pair_features: list[list[str]] = field(default_factory=list)
    # Verbs each side's mentions hang from, per pair: where the pair's own words are.
    side_verbs: dict[tuple[str, str], tuple[set[int], set[int]]] = field(default_factory=dict)


def lemma(token: Token) -> str:
    return token.lemma_.lower()


@dataclass
class Parse:
    """The parse as plain lists, read once per article: the word features look each word's
    head and children up many times, and every `doc[i]` or `token.children` builds new Token
    objects, which cost more than the features themselves."""

    lemma: list[str]
    lower: list[str]
    pos: list[str]
    dep: list[str]
    head: list[int]
    children: list[list[int]]
    idx: list[int]  # where each word starts in the text


_POS = {int(number): name for number, name in POS_NAMES.items()}  # enum keys hash slowly


def parse_of(doc: Doc) -> Parse:
    columns = doc.to_array(["LEMMA", "LOWER", "POS", "DEP", "HEAD", "IDX"])  # uint64
    names = doc.vocab.strings
    lemma_of = {h: names[h].lower() for h in set(columns[:, 0].tolist())}
    name_of = {h: names[h] for h in set(columns[:, 1].tolist()) | set(columns[:, 3].tolist())}
    heads = (numpy.arange(len(doc)) + columns[:, 4].astype(numpy.int64)).tolist()  # relative
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    return Parse(
        [lemma_of[h] for h in columns[:, 0].tolist()],
        [name_of[h] for h in columns[:, 1].tolist()],
        [_POS[p] for p in columns[:, 2].tolist()],
        [name_of[h] for h in columns[:, 3].tolist()],
        heads,
        children,
        columns[:, 5].tolist(),
    )


def word_features(parse: Parse, i: int, morph, in_quote: bool) -> list[str]:
    """A word that may tell an event: its lemma, its place in the parse, its arguments;
    `morph` is its token's morphology."""
    own, dep = parse.lemma[i], parse.dep[i]
    features = [f"l:{own}", f"p:{parse.pos[i]}", f"ld:{own}:{dep}", f"d:{dep}"]
    head = parse.head[i]  # the root is its own head, and the model learned it so
    features += [f"h:{parse.lemma[head]}", f"hd:{parse.lemma[head]}:{dep}"]
    for child in parse.children[i]:
        child_dep, child_lower = parse.dep[child], parse.lower[child]
        if child_dep in _ARGUMENTS:
            case = next(
                (parse.lower[g] for g in parse.children[child] if parse.dep[g] in ("case", "mark")),
                "",
            )
            features += [
                f"c:{child_dep}:{case}:{parse.lemma[child]}",
                f"lc:{own}:{child_dep}:{case}",
                f"lcl:{own}:{parse.lemma[child]}",
            ]
        if child_dep == "advmod" and child_lower in _NEGATIONS:
            features.append("neg")
        if child_dep == "aux:pass":
            features.append("pass")
        if child_dep in ("expl:pv", "expl:comp") or child_lower in ("se", "s'"):
            features.append(f"refl:{own}")
    for key in ("Mood", "Tense", "VerbForm", "Number"):
        value = morph.get(key)
        if value:
            features.append(f"{key}:{value[0]}")
    if in_quote:
        features.append("inq")
    return list(dict.fromkeys(features))  # once each: "neg" may come from two children


def governing_path(token: Token, steps: int = 3) -> list[tuple[str, str]]:
    """(relation, governor lemma) from a mention's head up to its clause's verb: what the
    mention is to the predicate ("nsubj" of "accuser", "obl:contre" of "manifester")."""
    path, current = [], token
    for _ in range(steps):
        if current.dep_ in ("flat", "flat:name", "appos", "compound", "fixed"):
            current = current.head
            continue
        head = current.head
        if head is current:
            break
        relation = "agent" if current.dep_ == "obl:agent" else current.dep_.split(":")[0]
        case = next((c.lower_ for c in current.children if c.dep_ == "case"), "")
        path.append((relation + (":" + case if case else ""), lemma(head)))
        if head.pos_ == "VERB":
            break
        current = head
    return path


def clause_verb(token: Token) -> Token:
    """The verb a mention hangs from, at most four steps up."""
    current = token
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") or current.head is current:
            return current
        current = current.head
    return current


def _verb_features(verb: Token) -> list[str]:
    """Negation, mood and tense, and the verb above: stance, intent and report."""
    features = []
    if any(
        (c.dep_ == "advmod" and c.lower_ in _NEGATIONS) or c.lower_ in ("ne", "n'")
        for c in verb.children
    ):
        features.append("neg")
    for key in ("Mood", "Tense"):
        value = verb.morph.get(key)
        if value:
            features.append(f"{key.lower()}:{value[0]}")
    if verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        features.append(f"{verb.dep_}:{lemma(verb.head)}")
    return features


def _mention_features(doc: Doc, mention: Mention) -> tuple[list[str], int]:
    """What a mention is and does in its clause, and the index of its clause's verb."""
    head = doc[mention.head]
    path = governing_path(head)
    features = [f"{k}:{rel}:{gov}" for k, (rel, gov) in enumerate(path[:2])]
    if path:
        features += [f"v:{path[-1][1]}", f"d:{path[0][0]}", f"dv:{path[0][0]}:{path[-1][1]}"]
    verb = clause_verb(head)
    features += ["vf:" + f for f in _verb_features(verb)]
    features += [f"kind:{mention.kind}", f"role:{mention.role or '-'}"]
    return features, verb.i


def _path_features(doc: Doc, mention: Mention) -> list[str]:
    path = governing_path(doc[mention.head])
    features = [f"{k}:{rel}:{gov}" for k, (rel, gov) in enumerate(path[:2])]
    if path:
        features += [f"v:{path[-1][1]}", f"d:{path[0][0]}"]
    features.append(f"kind:{mention.kind}{'/imp' if mention.implied else ''}")
    return features


def _sides(mentions: list[Mention], source: str, target: str):
    """Each side's mentions in one sentence, or None when the pair does not meet there: both
    sides named, or for a domestic or one-sided pair, its one named side."""
    sources = [m for m in mentions if m.country == source] if source else []
    targets = [m for m in mentions if m.country == target] if target else []
    kind = pair_kind(source, target)
    if kind == "diff" and not (sources and targets):
        return None
    if kind in ("same", "noT") and not sources:
        return None
    if kind == "noS" and not targets:
        return None
    return sources, targets


def candidates(doc: Doc) -> Candidates:
    """The article's possible triggers, pairs of actors and pairs within sentences."""
    actors = article_actors(doc)
    found = Candidates(actors=actors)
    parse = parse_of(doc)
    _words(doc, parse, found)
    sentence_words = [
        [parse.lemma[i] for i in range(s.start, s.end) if parse.pos[i] in ("VERB", "NOUN")]
        for s in actors.sentences
    ]
    _pairs(doc, found, sentence_words)
    _sentence_pairs(doc, found, sentence_words)
    return found


def _words(doc: Doc, parse: Parse, found: Candidates) -> None:
    """Verbs, nouns and adjectives outside boilerplate, in sentences that name an actor: a
    word elsewhere has nobody to do its deed."""
    excluded = _marked_characters(len(text_of(doc)), [(b[0], b[1]) for b in doc._.boilerplate])
    quoted = _marked_characters(len(text_of(doc)), quoted_spans(text_of(doc)))
    vectors = []
    for index, sentence in enumerate(found.actors.sentences):
        if index not in found.actors.by_sentence:
            continue
        for i in range(sentence.start, sentence.end):
            if parse.pos[i] not in TRIGGER_POS or excluded[parse.idx[i]]:
                continue
            token = doc[i]
            found.words.append(i)
            found.doc_lemmas[i] = parse.lemma[i]
            found.word_features.append(
                word_features(parse, i, token.morph, bool(quoted[parse.idx[i]]))
            )
            found.word_sentences.append(index)
            vectors.append(token.vector)
    width = doc.vocab.vectors_length
    found.word_vectors = numpy.array(vectors, dtype=numpy.float32).reshape(len(vectors), width)


def _marked_characters(length: int, spans) -> numpy.ndarray:
    marked = numpy.zeros(length + 1, dtype=bool)
    for start, end in spans:
        marked[start:end] = True
    return marked


def _pairs(doc: Doc, found: Candidates, sentence_words: list[list[str]]) -> None:
    actors = found.actors
    countries = actors.countries
    paths: dict[int, list[str]] = {}
    for source in [*countries, ""]:
        for target in [*countries, ""]:
            if not source and not target:
                continue
            kind = pair_kind(source, target)
            features: set[str] = set()
            met = []
            source_verbs: set[int] = set()
            target_verbs: set[int] = set()
            for index, mentions in actors.by_sentence.items():
                sides = _sides(mentions, source, target)
                if sides is None:
                    continue
                met.append(index)
                features.update(f"{kind}|L:{w}" for w in sentence_words[index])
                for side, side_mentions, verbs in zip(
                    "ST", sides, (source_verbs, target_verbs), strict=True
                ):
                    for mention in side_mentions:
                        if id(mention) not in paths:
                            paths[id(mention)] = _path_features(doc, mention)
                        features.update(f"{kind}|{side}{f}" for f in paths[id(mention)])
                        verbs.add(clause_verb(doc[mention.head]).i)
                if index == 0:
                    features.add(f"{kind}|title")
            if not met:
                continue
            source_rank = actors.rank.get(source, 9) if source else "e"
            target_rank = actors.rank.get(target, 9) if target else "e"
            shared = min(len(met), 5)
            features.update(
                [
                    "bias",
                    f"pt:{kind}",
                    f"nsent:{shared}",
                    f"{kind}|nsent:{shared}",
                    f"Shome:{source == actors.home}",
                    f"Thome:{target == actors.home}",
                    f"Srank:{source_rank}",
                    f"Trank:{target_rank}",
                    f"{kind}|Srank:{source_rank}|Trank:{target_rank}",
                ]
            )
            features.update(f"{s}igo" for s, c in (("S", source), ("T", target)) if c in _BODIES)
            found.pairs.append((source, target))
            found.pair_features.append(sorted(features))
            found.pair_sentences.append(sorted(met))
            found.side_verbs[(source, target)] = (source_verbs, target_verbs)


def _sentence_pairs(doc: Doc, found: Candidates, sentence_words: list[list[str]]) -> None:
    actors = found.actors
    cache: dict[int, tuple[list[str], int]] = {}
    for index in range(len(actors.sentences)):
        at_hand: dict[str, list[tuple[str, Mention | None]]] = {}
        for mention in actors.by_sentence.get(index, []):
            at_hand.setdefault(mention.country, []).append(
                (IMPLIED if mention.implied else IN, mention)
            )
        previous = actors.previous_subject.get(index)
        if previous and previous.country not in at_hand:
            at_hand[previous.country] = [(PREVIOUS, previous)]
        if actors.home and actors.home not in at_hand:
            at_hand[actors.home] = [(HOME, None)]
        words = [f"L:{w}" for w in sentence_words[index]]
        words.append("title" if index == 0 else "lead" if index <= 2 else "body")
        countries = list(at_hand)
        for source in [*countries, ""]:
            for target in [*countries, ""]:
                if not source and not target:
                    continue
                source_tags = [tag for tag, _ in at_hand[source]] if source else ["empty"]
                target_tags = [tag for tag, _ in at_hand[target]] if target else ["empty"]
                if not {IN, IMPLIED} & {*source_tags, *target_tags}:
                    continue  # the pair must be named here, one side at least
                kind = pair_kind(source, target)
                source_tag, target_tag = min(source_tags), min(target_tags)
                source_rank = actors.rank.get(source, 9) if source else "e"
                target_rank = actors.rank.get(target, 9) if target else "e"
                features = set(words)
                features.update(
                    [
                        f"pt:{kind}",
                        f"tS:{source_tag}",
                        f"tT:{target_tag}",
                        f"tST:{source_tag}:{target_tag}:{kind}",
                        f"Sh:{source == actors.home}",
                        f"Th:{target == actors.home}",
                        f"rk:{source_rank}:{target_rank}",
                    ]
                )
                verbs = {"S": set(), "T": set()}
                for side, country in (("S", source), ("T", target)):
                    for tag, mention in (at_hand[country] if country else [])[:3]:
                        if mention is None or tag == PREVIOUS:
                            continue
                        if id(mention) not in cache:
                            cache[id(mention)] = _mention_features(doc, mention)
                        mention_features, verb = cache[id(mention)]
                        verbs[side].add(verb)
                        features.update(side + f for f in mention_features)
                features.update("STv:" + lemma(doc[v]) for v in verbs["S"] & verbs["T"])
                if kind == "same":
                    features.add(f"nSm:{min(len(at_hand[source]), 3)}")
                features.update(
                    f"{kind}|{f}"
                    for f in list(features)
                    if f.startswith(("L:", "Sv:", "Tv:", "S0:", "T0:"))
                )
                found.sentence_pairs.append((index, source, target))
                found.sentence_pair_features.append(sorted(features))
