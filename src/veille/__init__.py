"""veille: sourced, structured news events from French (and English) articles."""

__version__ = "0.1.0"
