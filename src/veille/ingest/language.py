"""Language identification per article, offline (py3langid): French and English go on."""

from __future__ import annotations

from functools import cache

ACCEPTED = ("fr", "en")
_SAMPLE = 3000  # characters: enough for a confident guess, cheap on long articles
_SURE = 0.9  # below this, an article's declared language is trusted over the guess


def warm() -> None:
    """Load the identifier now, before forking workers (who then share it), not on first use."""
    _identifier()


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    lang, probability = _identifier().classify(text[:_SAMPLE])
    return lang, probability


def choose(text: str, declared: str = "", accepted: tuple[str, ...] = ACCEPTED) -> tuple[str, str]:
    """(language, "") when the article can go on, ("", reason) when it is skipped."""
    declared = (declared or "").lower().split("-")[0].split("_")[0]
    guess, probability = identify(text)
    if declared in accepted and probability < _SURE:
        return declared, ""
    if guess in accepted:
        return guess, ""
    return "", f"language {guess}, not {'/'.join(accepted)}"
