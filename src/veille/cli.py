"""The command line: a thin layer that parses arguments, calls the library and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(help="veille: who did what to whom, where and when, who said so and who denies it.", no_args_is_help=True)
console = Console(stderr=True)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@app.command()
def annotate(
    input: Path = typer.Argument(..., help="JSONL of article objects (id, lang, date, title, text)."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the annotated JSONL."),
    model: str = typer.Option(None, help="spaCy model (default: fr_core_news_md)."),
) -> None:
    """Fill events, quotes, places, dates and boilerplate per the gold format."""
    from veille.annotate import annotate as annotate_objects
    from veille.nlp import load

    objects = _read_jsonl(input)
    nlp = load("fr", model)
    with output.open("w", encoding="utf-8") as out:
        for obj in annotate_objects(objects, nlp):
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    console.print(f"annotated {len(objects)} articles → {output}")


@app.command("eval")
def evaluate_command(
    gold: list[Path] = typer.Argument(..., help="Gold JSONL file(s) in the format of FORMAT.md."),
    pred: Path = typer.Option(None, "--pred", help="Predictions; annotated now when not given."),
    model: str = typer.Option(None, help="spaCy model for annotation."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 per layer."""
    from veille.evaluate import evaluate, report_rows

    gold_articles = [a for path in gold for a in _read_jsonl(path)]
    if pred:
        predicted = _read_jsonl(pred)
    else:
        from veille.annotate import annotate as annotate_objects
        from veille.nlp import load

        predicted = list(annotate_objects(gold_articles, load("fr", model)))
    rows = report_rows(evaluate(gold_articles, predicted))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"veille eval: {', '.join(str(g) for g in gold)}")
    for column in ("layer", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "layer" else "right")
    fmt = lambda v: "" if v is None else f"{v:.3f}"  # noqa: E731
    for row in rows:
        table.add_row(row["layer"], fmt(row["precision"]), fmt(row["recall"]), fmt(row["f1"]), str(row["gold"]), str(row["predicted"]))
    Console().print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
