"""Alert rules from a TOML file: event filters, and volume rules against a trailing baseline.

    [[rule]]                      # fires once per matching event and story
    name = "Russian strikes near Kharkiv"
    source = "RUS"
    root = "19"
    place = "Kharkiv"

    [[volume]]                    # fires when the last `hours` beat `threshold` x the baseline
    name = "Accusations between Russia and Ukraine"
    dyad = ["RUS", "UKR"]
    root = "11"
    hours = 6
    days = 7

Every filter takes a string or a list of strings (any of them matches); all the filters of a
rule must match. See examples/alerts.toml for each filter and for [delivery].
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Filter -> what it reads in an event; each value is one or more alternatives.
FILTERS = {
    "actor": "source or target: country (RUS), code (RUSGOV) or a name",
    "source": "the acting side: country, code or name",
    "target": "the side acted upon: country, code or name",
    "dyad": "two actors, either way round: [A, B]",
    "code": "CAMEO code prefix (19 matches 190, 193, 1951 ...)",
    "root": "CAMEO root code (01 to 20)",
    "quad": "quad class, 1 to 4",
    "stance": "asserted, denied, hypothetical, declined",
    "place": "place as written, its English name, or its country (UKR)",
    "speaker": "who reports or denies it (reported_by, denied_by)",
    "words": "words in the evidence sentence",
}
VOLUME_SETTINGS = {"hours": 24.0, "days": 7, "threshold": 3.0, "min_count": 3}


class RulesError(ValueError):
    """A rules file that cannot be used; the message says where and why."""


@dataclass
class Rule:
    name: str
    kind: str  # "event": once per event and story; "volume": once per window
    filters: dict[str, list[str]] = field(default_factory=dict)
    hours: float = 24.0  # volume: the window counted, ending now
    days: int = 7  # volume: the same window on each of these preceding days is the baseline
    threshold: float = 3.0  # volume: fires when count > threshold x baseline ...
    min_count: int = 3  # ... and count >= min_count (a quiet baseline makes any count a spike)


@dataclass
class Rules:
    rules: list[Rule]
    delivery: dict  # the [delivery] table as written (read by veille.watch.deliver)


def load_rules(path: str | Path) -> Rules:
    """The rules and delivery settings of a TOML file, checked; RulesError says what is wrong."""
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: not valid TOML: {error}") from None
    unknown = set(data) - {"rule", "volume", "delivery"}
    if unknown:
        raise RulesError(f"{path}: unknown tables {sorted(unknown)} (rule, volume, delivery)")
    rules = [_rule(path, "event", r) for r in data.get("rule", [])]
    rules += [_rule(path, "volume", r) for r in data.get("volume", [])]
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise RulesError(f"{path}: two rules have the same name (a name keys its alerts)")
    return Rules(rules, data.get("delivery", {}))


def _rule(path, kind: str, table: dict) -> Rule:
    name = str(table.get("name", "")).strip()
    where = f"{path}: {'[[rule]]' if kind == 'event' else '[[volume]]'} {name or '(no name)'}"
    if not name:
        raise RulesError(f"{where}: a rule needs a name")
    settings = VOLUME_SETTINGS if kind == "volume" else {}
    unknown = set(table) - {"name"} - set(FILTERS) - set(settings)
    if unknown:
        raise RulesError(
            f"{where}: unknown keys {sorted(unknown)}; filters are {', '.join(FILTERS)}"
        )
    filters = {}
    for key in FILTERS:
        if key in table:
            value = table[key]
            values = value if isinstance(value, list) else [value]
            filters[key] = [str(v).strip() for v in values if str(v).strip()]
    if "dyad" in filters and len(filters["dyad"]) != 2:
        raise RulesError(f"{where}: dyad takes two actors, [A, B]")
    if kind == "event" and not filters:
        raise RulesError(f"{where}: a rule without filters would fire on every event")
    rule = Rule(name, kind, filters)
    for key, default in settings.items():
        try:
            setattr(rule, key, type(default)(table.get(key, default)))
        except (TypeError, ValueError):
            raise RulesError(f"{where}: {key} must be a number") from None
    return rule


def matches(rule: Rule, event: dict) -> bool:
    """Whether an event (a row of the events table) passes every filter of the rule."""
    return all(_passes(key, values, event) for key, values in rule.filters.items())


def _passes(key: str, values: list[str], e: dict) -> bool:
    if key == "actor":
        return any(_is_actor(v, e, "source") or _is_actor(v, e, "target") for v in values)
    if key in ("source", "target"):
        return any(_is_actor(v, e, key) for v in values)
    if key == "dyad":
        a, b = values
        return (_is_actor(a, e, "source") and _is_actor(b, e, "target")) or (
            _is_actor(b, e, "source") and _is_actor(a, e, "target")
        )
    if key == "code":
        return any((e.get("code") or "").startswith(v) for v in values)
    if key == "root":
        return any((e.get("root_code") or "") == v.zfill(2) for v in values)
    if key == "quad":
        return any(str(e.get("quad_class")) == v for v in values)
    if key == "stance":
        return any((e.get("stance") or "") == v for v in values)
    if key == "place":
        return any(
            _contains(e.get("place"), v)
            or _contains(e.get("place_name"), v)
            or (e.get("place_country") or "") == v.upper()
            for v in values
        )
    if key == "speaker":
        return any(
            _contains(e.get("reported_by"), v) or _contains(e.get("denied_by"), v) for v in values
        )
    if key == "words":
        return any(_contains(e.get("evidence"), v) for v in values)
    raise KeyError(key)


def _is_actor(value: str, e: dict, side: str) -> bool:
    """A country (RUS), a full code (RUSGOV), or words of the actor's name as the text gives it."""
    upper = value.upper()
    return (
        (e.get(side) or "").upper() == upper
        or (e.get(f"{side}_code") or "").upper() == upper
        or _contains(e.get(f"{side}_name"), value)
    )


def _contains(text: str | None, words: str) -> bool:
    return bool(text) and words.casefold() in text.casefold()
