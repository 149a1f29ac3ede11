"""The whole flow for a batch of articles: clean, parse, extract, map offsets back to the input."""

from __future__ import annotations

import hashlib
import multiprocessing
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from veille.clean import Normalised, find_boilerplate, normalise, quality
from veille.records import Analysis, Article, InputError

# The text key that each layer's main span fills, as FORMAT.md names it.
_TEXT_KEY = {
    "events": "evidence",
    "quotes": "quote",
    "places": "mention",
    "dates": "mention",
    "amounts": "mention",
}
# Extractors see boilerplate spans (doc._.boilerplate) and choose: events and quotes skip
# them; places and dates still read captions, which say where and when a photo was taken, but
# not a video's title glued into the text (kind "video"), which is about another story.


def article_key(article: Article) -> str:
    """veille's own key: a hash of what the article says, so the same content is stored once."""
    content = "\x1f".join([article.title.strip(), article.text.strip()])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def analyse(
    articles: Iterable[Article],
    nlp: Language,
    batch_size: int = 16,
    n_process: int = 1,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Analysis]:
    """Yield one Analysis per article, in order. Every offset indexes `article.text` as given.

    An article too long for one Doc is parsed in pieces. With `on_error`, an article whose
    analysis fails is reported to it and skipped, and the rest of its batch is analysed;
    without, the error is raised.

    With n_process > 1, forked workers share the loaded model and each analyses chunks of articles:
    only articles go out and plain records come back (sending Docs back, as nlp.pipe's own
    processes do, cost the parent more than the parse it saved).
    """
    quality.warm()
    isolate = on_error is not None
    if n_process <= 1:
        results = _analyse_here(articles, nlp, batch_size, isolate)
    else:
        results = _analyse_in_pool(articles, nlp, n_process, isolate)
    for result in results:
        if isinstance(result, InputError):
            on_error(result)
        else:
            yield result


def _analyse_in_pool(
    articles: Iterable[Article], nlp: Language, n_process: int, isolate: bool
) -> Iterator[Analysis | InputError]:
    global _worker_nlp
    _worker_nlp = nlp
    in_flight: deque = deque()
    with multiprocessing.get_context("fork").Pool(n_process, initializer=_start_worker) as pool:
        # Small chunks, so that no worker idles at the end while another finishes a long one;
        # many ahead, so that none waits while the parent waits for a slow chunk.
        for chunk in batches(articles, _CHUNK):
            in_flight.append(pool.apply_async(_analyse_in_worker, (chunk, isolate)))
            if len(in_flight) >= _CHUNKS_AHEAD * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


_worker_nlp: Language | None = None  # set before the pool forks; each worker inherits it
_CHUNK = 8  # articles per task for a worker: smaller ones parse less efficiently
_CHUNKS_AHEAD = 8  # tasks queued per worker


def _start_worker() -> None:
    # One BLAS thread per worker: OpenBLAS's own threads, two per worker on two cores, fought
    # the other worker for the cores (two workers went 1.3x faster with one thread each).
    threadpool_limits(1)


def _analyse_in_worker(batch: list[Article], isolate: bool) -> list[Analysis | InputError]:
    return list(_analyse_here(batch, _worker_nlp, len(batch), isolate))


def _analyse_here(
    articles: Iterable[Article], nlp: Language, batch_size: int, isolate: bool = False
) -> Iterator[Analysis | InputError]:
    if not isolate:
        yield from _analyse_whole(articles, nlp, batch_size)
        return
    for batch in batches(articles, batch_size):
        try:
            analyses = list(_analyse_whole(batch, nlp, batch_size))
        except Exception:
            # One article broke the batch: each again alone, so that only that one is lost.
            analyses = [_analyse_alone(article, nlp) for article in batch]
        yield from analyses


def _analyse_alone(article: Article, nlp: Language) -> Analysis | InputError:
    try:
        return next(_analyse_whole([article], nlp, 1))
    except Exception as error:
        where = article.path or article.url or article.origin_id
        reason = f"analysis failed: {type(error).__name__}: {error}"
        if article.origin_id and article.origin_id != where:
            reason = f"{article.origin_id}: {reason}"
        return InputError(where, reason)


# Characters per Doc: spaCy refuses a text longer than nlp.max_length (1,000,000), and the
# parser's memory grows with a Doc's length. A longer article is cut into pieces of at most this.
PIECE = 100_000
_CUTS = ("\n\n", "\n", ". ", " ")  # where a piece may end, best first


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """[start, end) spans that cover `text`, each at most `size` characters, cut at a paragraph
    in the last half of the piece, else at a line, a sentence or a space there."""
    spans = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            at = text.rfind(cut, start + size // 2, start + size - len(cut) + 1)
            if at != -1:
                end = at + len(cut)
                break
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _analyse_whole(
    articles: Iterable[Article], nlp: Language, batch_size: int
) -> Iterator[Analysis]:
    # Each article's pieces wait here, in order, while they go through the pipe.
    cut: deque[tuple[Article, list[tuple[int, int]]]] = deque()

    def piece_articles() -> Iterator[Article]:
        for article in articles:
            spans = pieces(article.text)
            cut.append((article, spans))
            if len(spans) == 1:
                yield article
            else:
                for start, end in spans:
                    yield replace(article, text=article.text[start:end])

    analysed = _analyse_pieces(piece_articles(), nlp, batch_size)
    for analysis in analysed:
        article, spans = cut.popleft()
        if len(spans) == 1:
            yield analysis
        else:
            parts = [analysis] + [next(analysed) for _ in spans[1:]]
            yield _joined(article, parts, [start for start, _ in spans])


def _joined(article: Article, parts: list[Analysis], starts: list[int]) -> Analysis:
    """One Analysis of the whole article from those of its pieces."""
    joined = Analysis(article=article, article_id=article_key(article))
    events: dict[tuple, dict] = {}
    layers = ("boilerplate", "entities", "quotes", "places", "dates", "amounts", "attributions")
    for part, start in zip(parts, starts, strict=True):
        for layer in layers:
            getattr(joined, layer).extend(_shifted(r, start) for r in getattr(part, layer))
        for event in part.events:
            event = _shifted(event, start)
            key = (event.get("source_code"), event.get("target_code"), event.get("code"))
            if key in events:  # the store keeps one event per (source, target, code) an article
                events[key].setdefault("mentions", []).extend(event.get("mentions") or [])
            else:
                events[key] = event
        joined.quality += [flag for flag in part.quality if flag not in joined.quality]
    joined.events = list(events.values())
    return joined


def _shifted(record, by: int):
    """The record with every offset (start, end, *_start, *_end, nested ones too) moved by `by`."""
    if isinstance(record, list):
        return [_shifted(r, by) for r in record]
    if not isinstance(record, dict):
        return record
    shifted = {}
    for key, value in record.items():
        is_offset = key in ("start", "end") or key.endswith(("_start", "_end"))
        if is_offset and type(value) is int:
            shifted[key] = value + by
        else:
            shifted[key] = _shifted(value, by)
    return shifted


def batches(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last one shorter), lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def parsed(
    articles: Iterable[Article], nlp: Language, batch_size: int = 16
) -> Iterator[tuple[Article, Normalised, list[dict], Doc]]:
    """Each article with its normalised text, its boilerplate spans and its Doc through `nlp`."""
    # The article and its offset map wait here, in order, while its Doc goes through the pipe.
    pending: deque[tuple[Article, Normalised, list[dict]]] = deque()

    def docs():
        for article in articles:
            normalised = normalise(article.text)
            boilerplate = find_boilerplate(article.text, article.lang or "fr")
            doc = nlp.make_doc(normalised.text)
            doc._.published = article.published or ""
            doc._.boilerplate = [
                [
                    to_normalised(normalised, b["start"]),
                    to_normalised(normalised, b["end"]),
                    b["kind"],
                ]
                for b in boilerplate
            ]
            pending.append((article, normalised, boilerplate))
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield *pending.popleft(), doc


def _analyse_pieces(
    articles: Iterable[Article], nlp: Language, batch_size: int
) -> Iterator[Analysis]:
    for article, normalised, boilerplate, doc in parsed(articles, nlp, batch_size):
        analysis = Analysis(
            article=article,
            article_id=article_key(article),
            boilerplate=boilerplate,
            quality=quality.quality_flags(article.text, boilerplate, article.lang or "fr"),
        )
        analysis.attributions = [_map_back(r, normalised) for r in doc._.attributions]
        for layer, text_key in _TEXT_KEY.items():
            records = [_map_back(record, normalised) for record in getattr(doc._, layer)]
            for record in records:
                if "start" in record:
                    record[text_key] = article.text[record["start"] : record["end"]]
            setattr(analysis, layer, records)
        analysis.entities = [
            _map_back(
                {"start": ent.start_char, "end": ent.end_char, "label": ent.label_},
                normalised,
            )
            for ent in doc.ents
        ]
        for entity in analysis.entities:
            entity["text"] = article.text[entity["start"] : entity["end"]]
        yield analysis


def to_normalised(normalised: Normalised, original_offset: int) -> int:
    """The offset in the normalised text of an offset in the article's text as given."""
    # origin is sorted: the first normalised character at or after the original offset.
    return bisect_left(normalised.origin, original_offset)


def _map_back(record: dict, normalised: Normalised) -> dict:
    record = dict(record)
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            record[key] = [_map_back(r, normalised) for r in value]  # an event's mentions
    for key in list(record):
        if key == "start" or key.endswith("_start"):
            end_key = key[: -len("start")] + "end"
            if end_key in record and record[key] is not None and record[end_key] is not None:
                record[key], record[end_key] = normalised.span(record[key], record[end_key])
    return record
