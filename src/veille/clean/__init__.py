"""Clean: normalise article text (keeping a map to the original offsets) and flag boilerplate."""

from veille.clean.boilerplate import find_boilerplate
from veille.clean.normalise import Normalised, normalise

__all__ = ["Normalised", "find_boilerplate", "normalise"]
