"""Settings declared once: the packaged, commented settings.toml holds every key and its default;
a user's file overrides only the keys it sets."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from veille.errors import SettingsError

DEFAULTS = resources.files("veille").joinpath("settings.toml")
ENV = "VEILLE_CONFIG"


@dataclass
class Settings:
    values: dict[str, object]  # "section.key" -> value
    origins: dict[str, str] = field(default_factory=dict)  # "section.key" -> where it was set

    def __getitem__(self, key: str):
        return self.values[key]


def defaults() -> Settings:
    """The packaged defaults alone."""
    values = dict(_packaged())
    return Settings(values, dict.fromkeys(values, "default"))


def default(key: str):
    """One packaged default ("analysis.model"), for a library function called without it."""
    return _packaged()[key]


@cache
def _packaged() -> dict[str, object]:
    return _flat(tomllib.loads(DEFAULTS.read_text(encoding="utf-8")))


def load(path: str | Path | None = None) -> Settings:
    """The defaults, overridden by the keys that `path` sets (else the file VEILLE_CONFIG names)."""
    settings = defaults()
    path = path or os.environ.get(ENV) or None
    if path is None:
        return settings
    try:
        user = _flat(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot read the settings ({error})") from None
    for key, value in user.items():
        if key not in settings.values:
            known = ", ".join(settings.values)
            raise SettingsError(f"{path}: no setting {key!r} (settings: {known})")
        expected = type(settings.values[key])
        if expected is float and type(value) is int:
            value = float(value)
        if type(value) is not expected:
            raise SettingsError(f"{path}: {key} must be a {expected.__name__}, not {value!r}")
        settings.values[key] = value
        settings.origins[key] = str(path)
    return settings


def thresholds(settings: Settings) -> dict[str, float]:
    """The [thresholds] section ("events" -> shift), as veille.nlp.load hands it to the extractors."""
    section = "thresholds."
    return {k[len(section) :]: v for k, v in settings.values.items() if k.startswith(section)}


def _flat(table: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat
