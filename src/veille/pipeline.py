"""The whole flow for a batch of articles: clean, parse, extract, map offsets back to the input."""

from __future__ import annotations

import hashlib
import multiprocessing
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from veille.clean import Normalised, find_boilerplate, normalise, quality
from veille.records import Analysis, Article

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
    articles: Iterable[Article], nlp: Language, batch_size: int = 16, n_process: int = 1
) -> Iterator[Analysis]:
    """Yield one Analysis per article, in order. Every offset indexes `article.text` as given.

    With n_process > 1, forked workers share the loaded model and each analyses chunks of articles:
    only articles go out and plain records come back (sending Docs back, as nlp.pipe's own
    processes do, cost the parent more than the parse it saved).
    """
    quality.warm()
    if n_process <= 1:
        yield from _analyse_here(articles, nlp, batch_size)
        return
    global _worker_nlp
    _worker_nlp = nlp
    in_flight: deque = deque()
    with multiprocessing.get_context("fork").Pool(n_process, initializer=_start_worker) as pool:
        # Small chunks, so that no worker idles at the end while another finishes a long one;
        # many ahead, so that none waits while the parent waits for a slow chunk.
        for chunk in batches(articles, _CHUNK):
            in_flight.append(pool.apply_async(_analyse_in_worker, (chunk,)))
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


def _analyse_in_worker(batch: list[Article]) -> list[Analysis]:
    return list(_analyse_here(batch, _worker_nlp, len(batch)))


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
                    _to_normalised(normalised.origin, b["start"]),
                    _to_normalised(normalised.origin, b["end"]),
                    b["kind"],
                ]
                for b in boilerplate
            ]
            pending.append((article, normalised, boilerplate))
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield *pending.popleft(), doc


def _analyse_here(
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
    return _to_normalised(normalised.origin, original_offset)


def _to_normalised(origin: list[int], original_offset: int) -> int:
    # origin is sorted: the first normalised character at or after the original offset.
    return bisect_left(origin, original_offset)


def _map_back(record: dict, normalised: Normalised) -> dict:
    record = dict(record)
    for key in list(record):
        if key == "start" or key.endswith("_start"):
            end_key = key[: -len("start")] + "end"
            if end_key in record and record[key] is not None and record[end_key] is not None:
                record[key], record[end_key] = normalised.span(record[key], record[end_key])
    return record
