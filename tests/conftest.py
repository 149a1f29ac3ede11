"""Shared fixtures: the real French model, loaded once for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def nlp():
    from veille.nlp import load

    return load("fr")


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Analyse one French article given as text; returns the Analysis."""
    from veille.pipeline import analyse
    from veille.records import Article

    def run(text: str, published: str = "2023-09-05", title: str = ""):
        return next(analyse([Article(text=text, title=title, published=published, lang="fr")], nlp))

    return run
