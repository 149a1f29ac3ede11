"""Extract: spaCy components that turn a parsed Doc into records (events, quotes, places …).

Each extractor is a pure function `Doc -> list[dict]` in its own module, wrapped in a thin
component that stores the result on `doc._`. Records carry character offsets (`start`, `end`,
and `<name>_start`/`<name>_end` for secondary spans) into `doc.text`.
"""

# Importing the modules registers their factories. Order matters: events read the others.
from veille.extract import amounts, dates, places, quotes, actors, events  # noqa: F401, I001

COMPONENTS = [
    "veille_dates",
    "veille_amounts",
    "veille_places",
    "veille_actors",
    "veille_quotes",
    "veille_events",
]
