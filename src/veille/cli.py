"""The command line: a thin layer that parses arguments, calls the library and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from veille.evaluate import read_articles

if TYPE_CHECKING:
    from veille.store.queries import EventFilter


class _Commands(TyperGroup):
    """veille's commands, with one way out for veille's errors (a store that cannot be used, a
    settings file that cannot be read): a sentence and exit status 2 (`veille --debug ...`
    shows the traceback instead)."""

    def invoke(self, ctx: click.Context):
        import duckdb

        from veille.errors import VeilleError
        from veille.store import store_error

        try:
            return super().invoke(ctx)
        except (VeilleError, duckdb.Error) as error:
            if (ctx.obj or {}).get("debug"):
                raise
            if isinstance(error, duckdb.Error):
                error = store_error(None, error)
            console.print(f"[red]error[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    help="veille: who did what to whom, where and when, who said so and who denies it.",
    no_args_is_help=True,
)
console = Console(stderr=True)


@app.callback()
def main_options(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of a store error."),
    config: Path = typer.Option(
        None,
        "--config",
        help="A settings file (TOML) setting some of `veille config`'s keys; else the file"
        " VEILLE_CONFIG names.",
    ),
) -> None:
    from veille.settings import load as load_settings

    ctx.obj = {"debug": debug}
    _in_force["settings"] = load_settings(config)


_in_force: dict = {}  # the settings of this invocation, loaded by main_options


def _setting(key: str, given=None):
    """A command's own option when given, else the setting in force (`veille config`)."""
    return given if given is not None else _in_force["settings"][key]


def _shifts() -> dict[str, float]:
    """The settings' [thresholds], for the extractors."""
    from veille.settings import thresholds

    return thresholds(_in_force["settings"])


def _pipeline(model: str | None):
    """The spaCy pipeline of the settings in force (a command's --model wins)."""
    from veille.nlp import load

    return load("fr", _setting("analysis.model", model), shifts=_shifts())


MODEL_OPTION = typer.Option(None, help="spaCy model (default: the setting analysis.model).")


@app.command("config")
def show_config() -> None:
    """The settings in force, and where each comes from (default, or the file that sets it)."""
    settings = _in_force["settings"]
    section = None
    for key, value in settings.values.items():
        head, _, name = key.partition(".")
        if head != section:
            print(f"{'' if section is None else chr(10)}[{head}]")
            section = head
        print(f"{name} = {json.dumps(value)}  # {settings.origins[key]}")


@app.command()
def annotate(
    input: Path = typer.Argument(
        ..., help="JSONL of article objects (id, lang, date, title, text)."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the annotated JSONL."),
    model: str = MODEL_OPTION,
) -> None:
    """Fill events, quotes, places, dates and boilerplate per the gold format."""
    from rich.progress import track

    from veille.annotate import annotate as annotate_objects

    objects = read_articles(input)
    nlp = _pipeline(model)
    annotated = annotate_objects(objects, nlp)
    with output.open("w", encoding="utf-8") as out:
        for obj in track(
            annotated, "annotating", total=len(objects), console=console, transient=True
        ):
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    console.print(f"annotated {len(objects)} articles → {escape(str(output))}")


@app.command("eval")
def evaluate_command(
    gold: list[Path] = typer.Argument(..., help="Gold JSONL file(s) in the format of FORMAT.md."),
    pred: Path = typer.Option(None, "--pred", help="Predictions; annotated now when not given."),
    model: str = typer.Option(None, help="spaCy model for annotation."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 per layer."""
    from veille.evaluate import evaluate, report_rows

    gold_articles = [a for path in gold for a in read_articles(path)]
    if pred:
        predicted = read_articles(pred)
    else:
        from rich.progress import track

        from veille.annotate import annotate as annotate_objects

        annotated = annotate_objects(gold_articles, _pipeline(model))
        predicted = list(
            track(
                annotated, "annotating", total=len(gold_articles), console=console, transient=True
            )
        )
    rows = report_rows(evaluate(gold_articles, predicted))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table(title=escape(f"veille eval: {', '.join(str(g) for g in gold)}"))
    for column in ("layer", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "layer" else "right")
    fmt = lambda v: "" if v is None else f"{v:.3f}"  # noqa: E731
    for row in rows:
        table.add_row(
            row["layer"],
            fmt(row["precision"]),
            fmt(row["recall"]),
            fmt(row["f1"]),
            str(row["gold"]),
            str(row["predicted"]),
        )
    Console().print(table)


@app.command()
def train(
    corpus: Path = typer.Argument(..., help="Annotated articles to learn from (FORMAT.md)."),
    valid: Path = typer.Option(None, help="Held-out annotated articles to score the model on."),
    curve: bool = typer.Option(False, help="Also train on a quarter and a half: valid F1 of each."),
) -> None:
    """Rebuild the event model and its lexicon from annotated articles (make train)."""
    from veille.extract.events.train import train as train_events

    console.print(f"training the event model on {escape(str(corpus))} …")
    report = train_events(corpus, valid, curve)
    for name, figures in report.items():
        shown = ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()
        )
        console.print(f"events, {name}: {shown}")


DB_OPTION = typer.Option(None, "--db", help="The DuckDB store (default: the setting store.path).")
FORMAT_OPTION = typer.Option("table", "--format", "-f", help="table, json or csv.")
LIMIT_OPTION = typer.Option(50, "--limit", "-n", help="At most this many rows (0: all).")


FOLLOW_OPTION = typer.Option(
    None, "--follow/--no-follow", help="Fetch the page each feed item links to (fetch.follow)."
)
ROBOTS_OPTION = typer.Option(
    None, "--robots/--ignore-robots", help="Obey each site's robots.txt (fetch.robots)."
)
DELAY_OPTION = typer.Option(None, help="Seconds between two requests to a host (fetch.delay).")
TIMEOUT_OPTION = typer.Option(None, help="Seconds allowed for each page fetched (fetch.timeout).")


@app.command()
def run(
    sources: list[str] = typer.Argument(
        ..., help="Files, folders, WARC files, feeds (files or URLs)."
    ),
    db: Path = DB_OPTION,
    workers: int = typer.Option(
        None, "--workers", "-w", help="Parser processes, one model each (analysis.workers)."
    ),
    batch_size: int = typer.Option(
        None, "--batch-size", help="Articles per stored transaction (analysis.batch_size)."
    ),
    model: str = MODEL_OPTION,
    fields: list[str] = typer.Option(
        [],
        "--field",
        help="JSONL field mapping, NAME=FIELD, repeatable (--field text=body --field date=pubDate);"
        " names: id, url, title, text, date, lang, author, source.",
    ),
    follow: bool = FOLLOW_OPTION,
    robots: bool = ROBOTS_OPTION,
    delay: float = DELAY_OPTION,
    timeout: float = TIMEOUT_OPTION,
    max_mb: float = typer.Option(
        None, "--max-mb", help="Largest file, JSONL line, WARC record or page read, in MB."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="A line per stored batch."),
) -> None:
    """Read articles, extract events, quotes, places and dates, and store them in DuckDB."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from veille.run import reading_options
    from veille.run import run as run_pipeline

    db = _db(db)
    reading = reading_options(
        _in_force["settings"],
        field_map=_field_map(fields),
        follow=follow,
        robots=robots,
        delay=delay,
        timeout=timeout,
        max_mb=max_mb,
    )
    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]veille run"),
        BarColumn(),
        TextColumn(
            "{task.fields[read]} read, {task.fields[stored]} stored, {task.fields[rate]} articles/s"
        ),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("run", total=None, read=0, stored=0, rate="0.0")

        def on_batch(read: int, stored: int) -> None:
            rate = stored / max(time.perf_counter() - started, 1e-9)
            progress.update(task, read=read, stored=stored, rate=f"{rate:.1f}")
            if verbose:
                console.print(f"stored batch: {stored} articles so far")

        def on_error(error) -> None:
            kind = "[red]error[/red]" if error.skipped else "[yellow]warning[/yellow]"
            console.print(f"{kind} {escape(str(error))}", highlight=False, soft_wrap=True)

        summary = run_pipeline(
            sources,
            db,
            workers=_setting("analysis.workers", workers),
            batch_size=_setting("analysis.batch_size", batch_size),
            on_error=on_error,
            on_batch=on_batch,
            model=_setting("analysis.model", model),
            reading=reading,
            shifts=_shifts(),
        )
    reading["fetcher"].close()
    elapsed = time.perf_counter() - started
    _print_summary(summary, db, elapsed)
    if summary.failed or summary.warnings:
        raise typer.Exit(1)


def _field_map(pairs: list[str]) -> dict[str, str]:
    from veille.ingest.jsonl import DEFAULT_FIELDS

    mapping = {}
    for pair in pairs:
        name, equals, field = pair.partition("=")
        if not equals or name not in DEFAULT_FIELDS or not field:
            raise typer.BadParameter(
                f"{pair!r}: expected NAME=FIELD with NAME one of {', '.join(DEFAULT_FIELDS)}",
                param_hint="--field",
            )
        mapping[name] = field
    return mapping


def _print_summary(summary, db: Path, elapsed: float) -> None:
    out = Console()
    out.print(
        f"[bold]veille[/bold]: {summary.read} articles read, {summary.stored} stored, "
        f"{summary.already_stored} already stored, {len(summary.failed)} failed"
        + (f", {len(summary.warnings)} with a field left empty" if summary.warnings else "")
        + f" ({elapsed:.1f} s) → {escape(str(db))}"
    )
    out.print("  " + ", ".join(f"{n} {t}" for t, n in summary.counts.items()))
    from veille.store import queries

    con = _open_store(db)
    events = queries.events(con, limit=12)["items"]
    quotes = queries.quotes(con, limit=6)["items"]
    con.close()
    if events:
        out.print("[bold]events[/bold] (latest 12; `veille events` for all)")
    for e in events:
        who = f"{e['source_code'] or '—'} {e['code']} → {e['target_code'] or '—'}"
        extra = f" [{e['stance']}]" if e["stance"] != "asserted" else ""
        extra += f" (reported by {e['reported_by']})" if e["reported_by"] else ""
        out.print(
            f"  {e['event_date'] or '?':10}  {who:24}{extra}  “{_clip(e['evidence'], 90)}”",
            markup=False,
            highlight=False,
        )
    if quotes:
        out.print("[bold]quotes[/bold] (latest 6; `veille quotes` for all)")
    for q in quotes:
        speaker = q["speaker"] or "(unattributed)"
        country = f" ({q['speaker_country']})" if q["speaker_country"] else ""
        out.print(f"  {speaker}{country}: «{_clip(q['quote'], 90)}»", markup=False, highlight=False)


def _clip(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_rows(
    rows: list[dict], fmt: str, columns: list[str] | None = None, title: str | None = None
) -> None:
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        print(
            json.dumps(
                [{c: r.get(c) for c in columns} for r in rows],
                ensure_ascii=False,
                indent=1,
                default=_json_value,
            )
        )
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "table":
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title)
        for column in columns:
            table.add_column(
                column,
                overflow="fold",
                max_width=70 if column in {"evidence", "quote", "title"} else None,
            )
        for row in rows:
            table.add_row(*[Text(_cell(c, row.get(c))) for c in columns])
        Console().print(table)
    else:
        raise typer.BadParameter(f"unknown format {fmt!r}: use table, json or csv")


def _json_value(value) -> str:
    # as the API writes them: dates and times in ISO 8601
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # who asserts or denies a claim
        return ", ".join(str(v) for v in value)
    # Keys are 32 hex digits: 12 identify a row on screen; json and csv keep them whole.
    if column.endswith("_id") and isinstance(value, str) and len(value) == 32:
        return value[:12]
    return str(value)


def _db(db: Path | None) -> Path:
    return Path(_setting("store.path", db))


def _open_store(db: Path | None):
    from veille import open_store

    return open_store(_db(db), read_only=True)  # a StoreError ends the command (_Commands)


OFFSET_OPTION = typer.Option(0, "--offset", help="Skip this many rows (for paging).")


def _print_page(page: dict, fmt: str, columns: list[str] | None, title: str) -> None:
    """A page of rows; a table says when there are more (--limit, --offset)."""
    items = page["items"]
    _print_rows(items, fmt, columns if fmt == "table" else None, title=title)
    if fmt == "table" and page["offset"] + len(items) < page["total"]:
        console.print(
            f"{len(items)} of {page['total']} shown (--limit N, 0 for all; --offset N)",
            highlight=False,
        )


def _event_filter(*values) -> EventFilter:
    """The events' filter from the options, in EventFilter's order, as the public face builds it."""
    from veille.errors import QueryError
    from veille.store.queries import EventFilter

    try:
        return EventFilter(*values)
    except QueryError as error:
        raise typer.BadParameter(str(error)) from None


_LISTED_COLUMNS = {
    "articles": ["published", "source_name", "title", "n_words", "quality", "article_id"],
    "places": None,
    "stories": ["story_id", "articles", "first_published", "title", "events"],
    "entities": None,
    "dates": None,
    "amounts": None,
}


def _listing_command(name: str, help_text: str) -> None:
    def command(
        db: Path = DB_OPTION,
        fmt: str = FORMAT_OPTION,
        limit: int = LIMIT_OPTION,
        offset: int = OFFSET_OPTION,
    ) -> None:
        from veille.store import queries

        con = _open_store(db)
        if name in ("articles", "places", "stories"):
            page = getattr(queries, name)(con, limit=limit or None, offset=offset)
        else:
            page = queries.listing(con, name, limit or None, offset)
        _print_page(page, fmt, _LISTED_COLUMNS[name], name)

    command.__doc__ = help_text
    app.command(name)(command)


_listing_command("articles", "The stored articles, newest first.")
_listing_command("entities", "Named entities found in the stored articles, most mentioned first.")
_listing_command("places", "Geocoded places, most mentioned first.")
_listing_command("dates", "Dates found in the articles, normalised.")
_listing_command("amounts", "Amounts (numbers with what they count).")
_listing_command("stories", "Stories: articles grouped with their near-duplicates.")

ACTOR_OPTION = typer.Option(
    None, help="Country, body or code (RUS, UNO, RUSGOV), as source or target, or part of a name."
)
CODE_OPTION = typer.Option(None, help="CAMEO code prefix (042, 19).")
ROOT_OPTION = typer.Option(None, help="CAMEO root code (19).")
QUAD_OPTION = typer.Option(None, help="Quad class: 1 verbal coop., 2 material coop., 3/4 conflict.")
PLACE_OPTION = typer.Option(None, help="Place name (as written or in English) or ISO country code.")
SINCE_OPTION = typer.Option(None, help="Events on or after this date (YYYY[-MM[-DD]]).")
UNTIL_OPTION = typer.Option(None, help="Events on or before this date (YYYY[-MM[-DD]]).")
STANCE_OPTION = typer.Option(None, help="asserted, denied or hypothetical.")


@app.command()
def events(
    db: Path = DB_OPTION,
    actor: str = ACTOR_OPTION,
    code: str = CODE_OPTION,
    root: str = ROOT_OPTION,
    quad: int = QUAD_OPTION,
    place: str = PLACE_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    stance: str = STANCE_OPTION,
    fmt: str = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    offset: int = OFFSET_OPTION,
) -> None:
    """Coded events, newest first: who did what to whom, with the evidence."""
    from veille.store import queries

    f = _event_filter(actor, code, root, quad, place, since, until, stance)
    page = queries.events(_open_store(db), f, limit or None, offset)
    columns = [
        "event_date",
        "source_code",
        "code",
        "target_code",
        "stance",
        "reported_by",
        "place",
        "num_articles",
        "evidence",
    ]
    _print_page(page, fmt, columns, "events")


@app.command()
def quotes(
    db: Path = DB_OPTION,
    speaker: str = typer.Option(None, help="Part of the speaker's name."),
    fmt: str = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    offset: int = OFFSET_OPTION,
) -> None:
    """Direct quotations with their speakers, newest first."""
    from veille.store import queries

    page = queries.quotes(_open_store(db), speaker, limit=limit or None, offset=offset)
    columns = ["speaker", "speaker_country", "quote", "relay", "published", "article_id"]
    _print_page(page, fmt, columns, "quotes")


@app.command()
def claims(
    db: Path = DB_OPTION,
    actor: str = ACTOR_OPTION,
    code: str = CODE_OPTION,
    root: str = ROOT_OPTION,
    quad: int = QUAD_OPTION,
    place: str = PLACE_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    stance: str = STANCE_OPTION,
    reports: int = typer.Option(20, help="At most this many reports per event, newest first."),
    fmt: str = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    offset: int = OFFSET_OPTION,
) -> None:
    """For each event, most reported first: who asserts it and who denies it, across the
    stored articles, with its newest reports."""
    from veille.store import queries

    f = _event_filter(actor, code, root, quad, place, since, until, stance)
    page = queries.claims(_open_store(db), f, None, limit or None, offset, reports)
    columns = [
        "source_code",
        "code",
        "target_code",
        "articles",
        "asserted_by",
        "denied_by",
        "hypothesised_by",
    ]
    _print_page(page, fmt, columns, "claims")


@app.command()
def export(
    db: Path = DB_OPTION,
    fmt: str = typer.Option(
        ..., "--format", "-f", help="gdelt, parquet, csv, jsonl, plover or geojson."
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="A file (gdelt, plover, geojson) or a folder."
    ),
    header: bool = typer.Option(
        False, help="GDELT: write a header line (GDELT's own files have none)."
    ),
    actor: str = ACTOR_OPTION,
    code: str = CODE_OPTION,
    root: str = ROOT_OPTION,
    quad: int = QUAD_OPTION,
    place: str = PLACE_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    stance: str = STANCE_OPTION,
) -> None:
    """Export the store: GDELT 2.0 event table, Parquet/CSV/JSONL of every table, PLOVER, GeoJSON;
    with the events' filters, the events `veille events` lists with them."""
    from veille.export import FORMATS
    from veille.export import export as export_store

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    f = _event_filter(actor, code, root, quad, place, since, until, stance)
    con = _open_store(db)
    written = export_store(con, fmt, output, header=header, f=f)
    unit = "files" if fmt in ("parquet", "csv", "jsonl") else "events"
    console.print(f"exported {written} {unit} as {fmt} → {escape(str(output))}")


@app.command()
def serve(
    db: Path = DB_OPTION,
    host: str = typer.Option(
        None, help="Address to bind (serve.host); 0.0.0.0 exposes the store to the network."
    ),
    port: int = typer.Option(None, help="Port (serve.port)."),
    allow_hosts: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another name or address clients use to reach the server (repeatable; * for"
        " any). Other Host headers are refused, so that no web page can read the store.",
    ),
) -> None:
    """The HTTP API (OpenAPI docs at /docs) and the web dashboard over the store."""
    from veille.serve import serve as serve_store

    db, host, port = _db(db), _setting("serve.host", host), _setting("serve.port", port)
    _open_store(db).close()
    console.print(
        f"veille: dashboard on http://{host}:{port}/ , API docs on http://{host}:{port}/docs",
        markup=False,
    )
    serve_store(db, host=host, port=port, allow_hosts=tuple(allow_hosts))


@app.command()
def spark(
    inputs: list[str] = typer.Argument(
        ..., help="JSONL, Parquet or WARC files or folders, on any Hadoop path."
    ),
    outdir: str = typer.Option(..., "-o", "--output", help="Where to write the tables as Parquet."),
    master: str = typer.Option(
        None, help="Spark master URL (default: local[*] or spark-submit's)."
    ),
    partitions: int = typer.Option(None, help="Slices the analysis is cut into."),
    model: str = MODEL_OPTION,
) -> None:
    """Run the pipeline as a Spark job; every table of the store as Parquet under OUTDIR/<table>/."""
    from veille.spark import run_job

    try:
        model = _setting("analysis.model", model)
        summary = run_job(
            inputs, outdir, master, model=model, partitions=partitions, shifts=_shifts()
        )
    except ImportError as error:
        console.print(
            f"[red]error[/red] {escape(str(error))}: install Spark's extra with"
            " `pip install 'veille\\[spark]'`"
        )
        raise typer.Exit(2) from error
    for error in summary.errors:
        console.print(f"[red]error[/red] {escape(str(error))}", highlight=False)
    Console().print(
        f"[bold]veille spark[/bold]: {summary.read} articles read, {summary.stored} analysed, "
        f"{summary.already_stored} exact copies, {summary.failed} failed → {escape(outdir)}"
    )
    Console().print("  " + ", ".join(f"{n} {t}" for t, n in summary.counts.items()))
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def load(
    parquet_dir: Path = typer.Argument(..., help="A `veille spark` output folder."),
    db: Path = DB_OPTION,
) -> None:
    """Bring a Spark output into the DuckDB store (articles already stored are left as they are)."""
    from veille import open_store
    from veille.spark import load_parquet_dir

    db = _db(db)
    con = open_store(db)
    try:
        loaded = load_parquet_dir(con, parquet_dir)
    except FileNotFoundError as error:
        console.print(f"[red]error[/red] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from error
    finally:
        con.close()
    Console().print(
        f"loaded into {escape(str(db))}: " + ", ".join(f"{n} {t}" for t, n in loaded.items())
    )


@app.command()
def watch(
    sources: list[str] = typer.Argument(
        ..., help="Feeds (URLs or files), OPML lists of feeds, folders (new files)."
    ),
    db: Path = DB_OPTION,
    every: str = typer.Option(None, help="Poll interval: 90s, 15m, 1h (watch.every)."),
    rules: Path = typer.Option(
        None, help="Alert rules and delivery, TOML (see examples/alerts.toml)."
    ),
    once: bool = typer.Option(False, "--once", help="Poll once and exit (for cron)."),
    serve: bool = typer.Option(
        False, "--serve", help="Also serve the API and the live dashboard meanwhile."
    ),
    host: str = typer.Option(None, help="With --serve: address to bind (serve.host)."),
    port: int = typer.Option(None, help="With --serve: port (serve.port)."),
    follow: bool = FOLLOW_OPTION,
    robots: bool = ROBOTS_OPTION,
    delay: float = DELAY_OPTION,
    timeout: float = TIMEOUT_OPTION,
    model: str = MODEL_OPTION,
) -> None:
    """Poll feeds and folders, store what is new, alert on the rules; Ctrl-C stops cleanly."""
    import threading

    from veille import open_store
    from veille.ingest import Fetcher
    from veille.watch import Deliverer, RulesError, delivery_from, load_rules, stop_on_signals
    from veille.watch import watch as watch_loop
    from veille.watch.loop import parse_every
    from veille.watch.sources import SourceError

    db, every = _db(db), _setting("watch.every", every)
    host, port = _setting("serve.host", host), _setting("serve.port", port)
    try:
        seconds = parse_every(every)
        loaded = load_rules(rules) if rules else None
        deliverer = Deliverer(
            delivery_from(loaded.delivery if loaded else {}),
            on_error=lambda message: console.print(
                f"[red]delivery[/red] {escape(str(message))}", highlight=False
            ),
        )
    except (ValueError, RulesError) as error:
        console.print(f"[red]error[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    rule_list = loaded.rules if loaded else []
    con = open_store(db)
    status = {"every": seconds, "rules": [{"name": r.name, "kind": r.kind} for r in rule_list]}
    server = None
    if serve:
        from veille.watch.live import serve_in_thread

        try:
            server = serve_in_thread(db, con, status, host, port)
        except OSError as error:
            con.close()
            console.print(f"[red]error[/red] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from error
        console.print(f"veille: live dashboard on http://{host}:{port}/", markup=False)
    console.print(f"veille: loading the model, then watching {len(sources)} sources every {every}")
    nlp = _pipeline(model)
    errors = 0

    def on_poll(report) -> None:
        nonlocal errors
        errors += len(report.errors)
        status["last_poll"] = report.summary()
        for error in report.errors:
            console.print(f"[red]error[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        console.print(
            f"poll {report.number} {report.started:%H:%M:%S}: {report.checked} sources checked"
            f" ({report.unchanged} unchanged), {report.new_articles} new articles,"
            f" {report.events} events, {len(report.alerts)} alerts,"
            f" {len(report.errors)} errors ({report.seconds:.1f} s)",
            highlight=False,
            soft_wrap=True,  # one line per poll, whatever the terminal's width: logs grep it
        )

    def on_alerts(alerts) -> None:
        for alert in alerts:
            console.print(
                f"[bold yellow]alert[/bold yellow] {escape(alert.message)}",
                highlight=False,
                soft_wrap=True,
            )
        deliverer.send(alerts)

    fetcher = Fetcher(
        timeout=_setting("fetch.timeout", timeout),
        delay=_setting("fetch.delay", delay),
        robots=_setting("fetch.robots", robots),
    )
    try:
        with stop_on_signals(threading.Event()) as stop:
            watch_loop(
                sources,
                con,
                nlp,
                every=seconds,
                rules=rule_list,
                once=once,
                stop=stop,
                fetcher=fetcher,
                fetch_links=_setting("fetch.follow", follow),
                on_poll=on_poll,
                on_alerts=on_alerts,
            )
    except SourceError as error:
        console.print(f"[red]error[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    finally:
        if server is not None:
            server.should_exit = True
        deliverer.close()
        fetcher.close()
        con.close()
    if once and errors:
        raise typer.Exit(1)


@app.command()
def alerts(
    db: Path = DB_OPTION,
    rule: str = typer.Option(None, help="Only this rule's alerts."),
    fmt: str = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
) -> None:
    """Alerts fired by `veille watch`, newest first."""
    from veille.watch.alerts import alerts_page

    rows = alerts_page(_open_store(db), rule, limit or None)["items"]
    columns = ["fired_at", "message", "url"]
    _print_rows(rows, fmt, columns if fmt == "table" else None, title="alerts")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
