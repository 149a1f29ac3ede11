"""Extract dates: French date expressions resolved against the publication date, on doc._.dates."""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc
from text_to_num import text2num

from veille.clean.boilerplate import VIDEO
from veille.lang import data_file, opening, read_table
from veille.text import text_of

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_APOS = "['’]"


@cache
def _words(lang: str) -> dict:
    words: dict[str, dict] = {
        "month": {},
        "weekday": {},
        "day": {},
        "now": {},
        "period": {},
        "season": {},
        "anchored": {},
        "day_part": {},
        "time_of_day": {},
        "number": {},
        "unit": {},
    }
    for row in read_table(lang, "date_words.tsv"):
        word, role = row[0], row[1]
        words.setdefault(role, {})[word.lower()] = row[2] if len(row) > 2 else ""
    return words


def _alternation(words) -> str:
    escaped = sorted(
        {re.escape(w).replace("’", "'").replace("'", _APOS) for w in words}, key=len, reverse=True
    )
    return "(?:" + "|".join(escaped) + ")"


@cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """(kind, regex) in order of priority: a longer expression wins over its parts."""
    w = _words(lang)
    month = _alternation(w["month"]) + r"(?![\w-])"  # not "mai" in "mais"
    weekday = _alternation(w["weekday"])
    day_word = _alternation(w["day"])
    period = _alternation(w["period"])
    now = _alternation(w["now"])
    season = _alternation(w["season"])
    anchored = _alternation(w["anchored"])
    day_part = _alternation(w["day_part"])
    number_word = _alternation(w["number"])
    unit = _alternation(w["unit"])
    number = rf"(?:\d+|{number_word}(?:-(?:et-)?{number_word})*)"
    num = r"(?<![\w,.])(?:1er|[12]?\d|3[01])\b"  # not "3" in "2003"
    dm = rf"(?:(?:le\s+)?(?:{weekday}\s+)?{num}\s+{month}(?:\s+{_YEAR})?)"
    rel = r"(?:derni(?:er|ère)s?|passée?s?|prochaine?s?|précédente?s?)"
    # "fin 2006", "début mars": where in a month or year a range opens or closes
    edge = r"(?:(?P<{}>fin|début|mi-?)\s*)?"
    parts = _alternation([*w["time_of_day"], *w["day_part"]])
    specs = [
        # ranges
        (
            "range_days",
            rf"(?:\bdu\s+(?P<d1>{num})(?:\s+(?P<m1>{month}))?(?:\s+(?P<y1>{_YEAR}))?\s+au\s+|\b(?P<d1b>{num})\s*[-–]\s*)(?P<d2>{num})\s+(?P<m2>{month})(?:\s+(?P<y2>{_YEAR}))?",
        ),
        (
            "range_between",
            rf"\b(?:[Ee]ntre|[Dd]e|[Dd]{_APOS})\s*{edge.format('e1')}(?:(?P<m1>{month})\s+)?(?P<y1>{_YEAR})\s+(?:et|à)\s+{edge.format('e2')}(?:(?P<m2>{month})\s+)?(?P<y2>{_YEAR}|aujourd{_APOS}hui)",
        ),
        (
            "range_months",
            rf"\b(?:[Ee]ntre|[Dd]e|[Dd]{_APOS})\s*(?P<m1>{month})\s+(?:et|à)\s+(?:fin\s+)?(?P<m2>{month})(?:\s+(?P<y2>{_YEAR}))?",
        ),
        (
            "range_years",
            rf"\b(?:[Ee]n\s+)?(?P<y1>{_YEAR})\s*(?:[-–]\s*|(?P<et>\s+et\s+(?:en\s+)?))(?P<y2>{_YEAR}|\d\d)\b(?![-–]\d)",
        ),
        ("night", rf"\b[Ll]a\s+nuit\s+d[eu]\s+(?P<w1>{weekday})\s+(?:à|au)\s+(?P<w2>{weekday})"),
        (
            "weekdays",
            rf"(?:\b(?:[Dd]e|[Ee]ntre)\s+)?\b(?P<w1>(?i:{weekday}))\s+(?:et|à|ou)\s+(?P<w2>{weekday})(?:\s+(?P<rel>{rel}))?\b",
        ),
        (
            "since_year_start",
            rf"\b[Dd]epuis\s+(?:le\s+)?début\s+(?:de\s+l{_APOS}|d{_APOS})année(?!\s+{_YEAR})",
        ),
        (
            "since",
            rf"\b[Dd]epuis\s+(?:(?:près|environ|maintenant|bientôt)\s+(?:d(?:e\s+|{_APOS}))?)?(?P<n>(?i:{number}))\s+(?P<unit>{unit})\b",
        ),
        (
            "last",
            rf"\b(?:[Cc]es|[Dd]es|[Ll]es)\s+(?P<n>(?i:{number}))\s+derni(?:er|ère)s\s+(?P<unit>{unit})\b",
        ),
        # not "le marché de Noël", a thing named after the period
        ("period", opening(*w["period"]) + rf"(?<!\bde\s)(?i:{period})"),
        (
            "dm_list",
            rf"\b(?:(?:[Ll]es|[Dd]es)\s+)?(?P<d1>{num})(?:,\s*{num})*\s+(?:et|ou)\s+(?P<d2>{num})\s+(?P<m>{month})(?:\s+(?P<y>{_YEAR}))?(?:\s+(?P<rel>{rel}))?",
        ),
        # a day: "le mardi 5 septembre 2023", "5 septembre dernier"
        ("dm", opening("le", *w["weekday"], *"0123456789") + rf"(?i:{dm})(?:\s+(?P<rel>{rel}))?"),
        # a month: "en mai", "début juin", "mi-mars 2020", "septembre dernier", "le mois de mai"
        (
            "month",
            opening("en", "depuis", "à", "fin", "mi", "courant", "le", "la", *w["month"])
            + rf"(?:\b(?:[Ee]n|[Dd]epuis|[Dd]ès|[Dd]e|[Dd]urant|[Cc]ourant)\s+|(?P<from>\b[Àà]\s+partir\s+d{_APOS}\s*)|\b(?:[Ll]e\s+)?mois\s+d(?:e\s+|{_APOS})|\b(?:[Àà]\s+)?(?:[Ll]a\s+)?(?P<part>[Dd]ébut|[Ff]in|[Mm]i-|[Mm]i)\s*)?(?:(?<![\w-])|(?<=[Mm]i-))(?P<m>{month})(?:\s+(?P<y>{_YEAR}|\d\d\b))?(?:\s+(?P<rel>{rel}))?(?![\w-])",
        ),
        # a season of a year: "l'été 2015", "au printemps", "l'automne dernier"
        (
            "season",
            rf"(?:\b[Ll]{_APOS}|\b(?:[Aa]u|[Ee]n|[Cc]et?|[Dd]u)\s+)(?P<s>{season})(?:\s+(?P<y>{_YEAR})|\s+(?P<rel>{rel}))?\b",
        ),
        # the publication's weeks, months and years
        ("week", rf"\b(?:[Ll]a\s+semaine\s+(?P<rel>{rel})|[Cc]ette\s+semaine)"),
        (
            "weekend",
            rf"\b(?:[Cc]e\s+week-end|(?:[Tt]out\s+)?[Ll]e\s+week-end(?:\s+(?P<rel>{rel}))?)(?![\w-])",
        ),
        # "en début de semaine", "en fin de semaine dernière": Monday and Tuesday, Friday to Sunday
        (
            "week_part",
            rf"\b(?:[Ee]n\s+)?(?P<part>début|fin)\s+de\s+(?:la\s+)?semaine(?:\s+(?P<rel>{rel}))?\b",
        ),
        (
            "this_month",
            rf"\b(?:[Cc]e\s+mois(?:-ci)?|[Ll]e\s+mois\s+(?P<rel>{rel})|(?:[Aa]u\s+début|(?:[Àà]|[Dd]ès)\s+la\s+fin)\s+du\s+mois(?!\s+d))",
        ),
        (
            "this_year",
            rf"\b(?:[Cc]ette\s+année|[Ll]{_APOS}(?:an|année)\s+(?P<rel>{rel})|(?P<end>(?:[Ll]a\s+fin\s+de\s+l{_APOS}|[Ee]n\s+fin\s+d{_APOS})année)(?:\s+(?P<rel2>{rel}))?|[Ee]n\s+début\s+d{_APOS}année(?:\s+(?P<rel3>{rel}))?|(?P<new>[Ll]a\s+nouvelle\s+année))(?!\s+{_YEAR})",
        ),
        # "dans trois ans", "d'ici 60 jours": the day, month or year that far ahead
        (
            "in",
            rf"\b(?:[Dd]ans|[Dd]{_APOS}ici(?:\s+à)?)\s+(?P<n>(?i:{number}))\s+(?P<unit>{unit})\b",
        ),
        (
            "ago",
            rf"\b[Ii]l\s+y\s+a\s+(?:(?:près|environ)\s+(?:d(?:e\s+|{_APOS}))?)?(?P<n>(?i:{number}))\s+(?P<unit>{unit})\b",
        ),
        # a century: "le XIXe siècle", "au 21e siècle"
        ("century", r"\b(?P<c>[XVI]{1,5}|\d{1,2})(?:e|ème)\s+siècle\b"),
        # a decade: "dans les années 1990", "au début des années 2000", "les années 80"
        ("decade", r"\b(?:[Ll]es|[Dd]es)\s+années\s+(?P<y>(?:19|20)?[0-9]0)\b"),
        (
            "year",
            opening("en", "depuis", "avant", "fin", "l", "mi", "1", "2")
            + rf"(?:\b(?:[Ee]n|[Dd]epuis|[Dd]ès|[Dd]e|[Aa]vant|[Aa]près|[Ff]in|[Dd]ébut|[Ll]{_APOS}année)\s+|\b[Mm]i-)?(?<!\d\s)(?<![\d,.])(?P<y>{_YEAR})(?!\d|[,.]\d|\s\d{{3}})",
        ),
        (
            "relative_day",
            rf"(?i:\b(?P<w>{day_word})(?:\s+(?P<when>{parts}|{weekday}))?)",
        ),
        (
            "weekday",
            opening("ce", *w["weekday"])
            + rf"(?<![Jj]ournal\sdu\s)(?:\b(?P<this>[Cc]e)\s+)?\b(?P<w>{weekday.replace('(?:', '(?:(?i:').replace(')', '))', 1)})(?:\s+(?P<when>{parts}))?(?:\s+(?P<rel>{rel}))?\b",
        ),
        # "deux jours plus tard", "un mois auparavant": counted from the date named before
        # ("un an après" mostly goes unannotated: after what is left unsaid)
        (
            "shifted",
            rf"\b(?P<n>(?i:{number}))\s+(?P<unit>{unit})\s+(?P<dir>plus\s+tard|plus\s+tôt|auparavant)\b",
        ),
        # "la veille", "le lendemain" but not "la veille du sommet": a day counted from an event
        (
            "anchored",
            rf"(?<!à\s)(?<!À\s)\b(?P<a>(?i:{anchored}))\b(?!\s+(?:de|du|des|d{_APOS}))",
        ),
        ("day_part", rf"\b(?P<p>(?i:{day_part}))(?![\w-])"),
        ("now", rf"(?i:\b{now})"),
    ]
    digits = list("0123456789")
    # The words a match of each kind can start with: lang.opening lets the regex engine pass
    # over other positions at once (same matches, a third of the time).
    starts = {
        "range_days": ["du", *digits],
        "range_between": ["entre", "de", "d"],
        "range_months": ["entre", "de", "d"],
        "range_years": ["en", *digits],
        "night": ["la"],
        "weekdays": ["de", "entre", *w["weekday"]],
        "since_year_start": ["depuis"],
        "since": ["depuis"],
        "last": ["ces", "des", "les"],
        "dm_list": ["les", "des", *digits],
        "season": ["l", "au", "en", "ce", "du"],
        "week": ["la", "cette"],
        "weekend": ["ce", "le", "tout"],
        "week_part": ["en", "début", "fin"],
        "this_month": ["ce", "le", "au", "à", "dès"],
        "this_year": ["cette", "l", "la", "en"],
        "ago": ["il"],
        "in": ["dans", "d"],
        "century": ["X", "V", "I", *digits],
        "decade": ["les", "des"],
        "relative_day": list(w["day"]),
        "shifted": [*w["number"], *digits],
        "anchored": list(w["anchored"]),
        "day_part": list(w["day_part"]),
        "now": list(w["now"]),
    }
    return [
        (kind, re.compile(opening(*starts[kind]) + pattern if kind in starts else pattern))
        for kind, pattern in specs
    ]


def _iso(d: date) -> str:
    return d.isoformat()


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


@cache
def _direction_model(lang: str) -> dict[str, float]:
    """Feature weights of the direction model (a logistic regression learned from the training
    corpus by scripts/train_date_direction.py); positive means ahead of publication."""
    path = data_file(lang, "date_direction.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text("utf-8"))["weights"]


def _distance(pub: date, value: str) -> str:
    """How far a reading lies from publication, in days (up to a week), else in months."""
    first = value.split("/")[0]
    if len(first) == 10:
        days = abs((date.fromisoformat(first) - pub).days)
        if days < 8:
            return f"{days}d"
        return f"{min(days, 400) // 30}m"
    months = abs(int(first[:4]) * 12 + int(first[5:7]) - pub.year * 12 - pub.month)
    return f"{months}m"


def _direction_features(
    doc: Doc, start: int, end: int, pub: date, behind: tuple[str, str], ahead: tuple[str, str]
) -> dict[str, float]:
    """What tells whether a date named without its year or week lies ahead of publication or
    behind it: how far each reading lies (news speaks of the days around it), the governing
    verb's tense, mood and form and the verb above an infinitive ("doit sortir mardi"), the
    words just before ("jusqu'au", "prévu le"), the title."""
    features: dict[str, float] = {
        "bias": 1.0,
        f"behind={_distance(pub, behind[0])}": 1.0,
        f"ahead={_distance(pub, ahead[0])}": 1.0,
    }
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("DEP"):
        return features
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    verbs = [("verb", token)]
    if token.head is not token and token.morph.get("VerbForm") in (["Inf"], ["Part"]):
        verbs.append(("above", token.head))
    for name, verb in verbs:
        features[f"{name}_lemma={verb.lemma_.lower()}"] = 1.0
        features[f"{name}_pos={verb.pos_}"] = 1.0
        for key in ("Tense", "Mood", "VerbForm"):
            for value in verb.morph.get(key):
                features[f"{name}_{key}={value}"] = 1.0
        for child in verb.children:
            if child.dep_.startswith("aux"):
                features[f"{name}_aux={child.lemma_.lower()}"] = 1.0
                for value in child.morph.get("Tense") + child.morph.get("Mood"):
                    features[f"{name}_aux_{value}"] = 1.0
    for word in doc[max(0, span.start - 3) : span.start]:
        features[f"before={word.lower_}"] = 1.0
    if span.sent.start == 0:
        features["title"] = 1.0
    return features


def _rel_sign(rel: str | None, sign: int) -> int:
    """+1 ahead of publication, -1 behind it: as "prochain" or "dernier" say, else `sign`."""
    if rel:
        return 1 if rel.lower().startswith("prochain") else -1
    return sign


def _year_for(month: int, day: int, pub: date, sign: int) -> int:
    """The year of a day-month without year: on or before publication behind it (sign -1), on
    or after it ahead (+1), else the publication's year."""
    y = pub.year
    try:
        candidate = date(y, month, day)
    except ValueError:
        return y
    if sign < 0 and candidate > pub:
        return y - 1
    if sign > 0 and candidate < pub:
        return y + 1
    return y


def _month_year(month: int, pub: date, sign: int) -> int:
    if sign > 0:
        return pub.year if month >= pub.month else pub.year + 1
    # In the past, or named alone, a month is the latest such month: "en mai".
    return pub.year if month <= pub.month else pub.year - 1


def _weekday(weekday: int, pub: date, sign: int, strict: bool = False) -> date:
    delta = (pub.weekday() - weekday) % 7
    if sign > 0:
        return pub + timedelta(days=(weekday - pub.weekday()) % 7)
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _two_digit(y: str, pub: date) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    return 1900 + n if 1900 + n <= pub.year + 5 else 1900 + n if n > 30 else 2000 + n


def _roman(numeral: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10}[c] for c in numeral]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def _count(number: str, lang: str) -> int | None:
    if number.isdigit():
        return int(number)
    try:
        return int(text2num(number.lower(), lang))
    except ValueError:
        return None


def _back(pub: date, n: int, unit: str) -> date:
    """The day `n` units of time ("d", "w", "m", "y", "10y") before publication."""
    if unit == "d":
        return pub - timedelta(days=n)
    if unit == "w":
        return pub - timedelta(days=7 * n)
    months = n if unit == "m" else 12 * n * (10 if unit == "10y" else 1)
    y, m = divmod(pub.year * 12 + pub.month - 1 - months, 12)
    return date(y, m + 1, min(pub.day, calendar.monthrange(y, m + 1)[1]))


def _shift(reference: dict | None, n: int, unit: str, pub: date) -> tuple[str, str]:
    """The date `n` units after (before, if negative) a day, month or year the text named, as
    precise as the coarser of the two: "deux ans plus tard" after "en 1999" is 2001."""
    granularity = reference["granularity"] if reference else "day"
    start = date.fromisoformat((reference["value"] + "-01-01")[:10]) if reference else pub
    if unit in ("d", "w"):
        moved = start + timedelta(days=n * (7 if unit == "w" else 1))
    else:
        months = n * (1 if unit == "m" else 12 * (10 if unit == "10y" else 1))
        y, m = divmod(start.year * 12 + start.month - 1 + months, 12)
        moved = date(y, m + 1, min(start.day, calendar.monthrange(y, m + 1)[1]))
    if unit in ("y", "10y") or granularity == "year":
        return str(moved.year), "year"
    if unit == "m" or granularity == "month":
        return f"{moved.year}-{moved.month:02d}", "month"
    return _iso(moved), "day"


def _season_year(start_month: int, pub: date, rel: str | None) -> int:
    """The year of the season named alone, "dernier" (the last one begun before publication)
    or "prochain" (the next one to begin)."""
    if rel and rel.lower().startswith("prochain"):
        return pub.year if start_month > pub.month else pub.year + 1
    if rel:
        return pub.year if start_month + 3 <= pub.month else pub.year - 1
    return pub.year


def _resolve(
    kind: str, m: re.Match, pub: date, words: dict, sign: int, lang: str = "fr"
) -> tuple[str, str] | None:
    """(value, granularity) of one match, or None."""
    g = m.groupdict()
    month = lambda name: int(words["month"][name.lower()])  # noqa: E731
    weekday = lambda name: int(words["weekday"][name.lower()])  # noqa: E731
    if kind == "range_days":
        m2 = month(g["m2"])
        m1 = month(g["m1"]) if g["m1"] else m2
        y2 = int(g["y2"]) if g["y2"] else _year_for(m2, int(g["d2"].replace("er", "")), pub, sign)
        y1 = int(g["y1"]) if g["y1"] else (y2 if m1 <= m2 else y2 - 1)
        d1 = date(y1, m1, int((g["d1"] or g["d1b"]).replace("er", "")))
        d2 = date(y2, m2, int(g["d2"].replace("er", "")))
        return f"{_iso(d1)}/{_iso(d2)}", "range"
    if kind == "range_between":
        y1 = int(g["y1"])
        start = date(y1, month(g["m1"]), 1) if g["m1"] else date(y1, 1, 1)
        if not g["m1"] and (g["e1"] or "").lower() == "fin":
            start = date(y1, 12, 1)
        if not g["y2"][0].isdigit():
            return f"{_iso(start)}/{_iso(pub)}", "range"
        y2 = int(g["y2"])
        end = _month_range(y2, month(g["m2"]))[1] if g["m2"] else date(y2, 12, 31)
        if not g["m2"] and (g["e2"] or "").lower() == "début":
            end = date(y2, 1, 31)
        if end <= start:
            return None
        return f"{_iso(start)}/{_iso(end)}", "range"
    if kind == "range_months":
        m1, m2 = month(g["m1"]), month(g["m2"])
        y2 = int(g["y2"]) if g["y2"] else _month_year(m2, pub, sign)
        y1 = y2 if m1 <= m2 else y2 - 1
        return f"{_iso(date(y1, m1, 1))}/{_iso(_month_range(y2, m2)[1])}", "range"
    if kind == "range_years":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else y1 // 100 * 100 + int(g["y2"])
        # "en 2015 et 2016" covers a span; "en 2011 et 2016" names two years
        if y2 <= y1 or (g["et"] and y2 != y1 + 1):
            return None
        return f"{y1}-01-01/{y2}-12-31", "range"
    if kind == "night":
        w2 = _weekday(weekday(g["w2"]), pub, sign)
        return f"{_iso(w2 - timedelta(days=1))}/{_iso(w2)}", "range"
    if kind == "weekdays":
        sign = _rel_sign(g["rel"], sign)
        first = _weekday(weekday(g["w1"]), pub, sign if sign > 0 else -1, bool(g["rel"]))
        last = first + timedelta(days=(weekday(g["w2"]) - weekday(g["w1"])) % 7)
        return f"{_iso(first)}/{_iso(last)}", "range"
    if kind == "since_year_start":
        return f"{pub.year}-01-01/{_iso(pub)}", "range"
    if kind in ("since", "last"):
        n = _count(g["n"], lang)
        if not n:
            return None
        return f"{_iso(_back(pub, n, words['unit'][g['unit'].lower()]))}/{_iso(pub)}", "range"
    if kind == "period":
        value = words["period"][m.group(0).lower().replace("’", "'")]
        if len(value) == 5:  # a yearly day
            return f"{pub.year}-{value}", "day"
        return value, "range"
    if kind == "dm":
        return _resolve_dm(m.group(0), g.get("rel"), pub, words, sign)
    if kind == "dm_list":
        mm = month(g["m"])
        d1, d2 = int(g["d1"].replace("er", "")), int(g["d2"].replace("er", ""))
        y = int(g["y"]) if g["y"] else _year_for(mm, d1, pub, _rel_sign(g["rel"], sign))
        if d2 <= d1:
            return None
        return f"{_iso(date(y, mm, d1))}/{_iso(date(y, mm, d2))}", "range"
    if kind == "month":
        mm = month(g["m"])
        if g["y"]:
            return f"{_two_digit(g['y'], pub)}-{mm:02d}", "month"
        sign = 1 if g["from"] else _rel_sign(g["rel"], sign)
        if g["rel"] is None and not g["part"] and not m.group(0)[:1].isalpha():
            return None
        return f"{_month_year(mm, pub, sign)}-{mm:02d}", "month"
    if kind == "season":
        if g["y"]:
            return g["y"], "year"
        return str(_season_year(int(words["season"][g["s"].lower()]), pub, g["rel"])), "year"
    if kind == "week":
        monday = pub - timedelta(days=pub.weekday())
        if g["rel"]:
            monday += timedelta(days=7 * _rel_sign(g["rel"], sign))
        return f"{_iso(monday)}/{_iso(monday + timedelta(days=6))}", "range"
    if kind == "weekend":
        saturday = _weekday(5, pub, _rel_sign(g["rel"], sign), strict=bool(g["rel"]))
        return f"{_iso(saturday)}/{_iso(saturday + timedelta(days=1))}", "range"
    if kind == "week_part":
        first_day = 0 if g["part"] == "début" else 4  # Monday, Friday
        first = _weekday(first_day, pub, sign)
        if g["rel"]:
            monday = pub - timedelta(days=pub.weekday() - 7 * _rel_sign(g["rel"], sign))
            first = monday + timedelta(days=first_day)
        return f"{_iso(first)}/{_iso(first + timedelta(days=1 if first_day == 0 else 2))}", "range"
    if kind == "this_month":
        y, mm = pub.year, pub.month
        if g["rel"]:
            mm += _rel_sign(g["rel"], sign)
            y, mm = (y - 1, 12) if mm == 0 else (y + 1, 1) if mm == 13 else (y, mm)
        return f"{y}-{mm:02d}", "month"
    if kind == "this_year":
        rel = g["rel"] or g["rel2"] or g["rel3"]
        year = pub.year + (_rel_sign(rel, sign) if rel else 0)
        if g["end"]:
            return f"{year}-12", "month"
        return str(year), "year"
    if kind in ("ago", "in"):
        n = _count(g["n"], lang)
        if not n:
            return None
        unit = words["unit"][g["unit"].lower()]
        then = _back(pub, n if kind == "ago" else -n, unit)
        if unit in ("d", "w"):
            return _iso(then), "day"
        if unit == "m" or (unit == "y" and n == 1):
            # "il y a un an" names the month a year ago; "il y a dix ans" a year
            return f"{then.year}-{then.month:02d}", "month"
        return str(then.year), "year"
    if kind == "century":
        c = int(g["c"]) if g["c"].isdigit() else _roman(g["c"])
        return f"{(c - 1) * 100 + 1}-01-01/{c * 100}-12-31", "range"
    if kind == "decade":
        y = int(g["y"]) if len(g["y"]) == 4 else 1900 + int(g["y"])
        return f"{y}-01-01/{y + 9}-12-31", "range"
    if kind == "year":
        return g["y"], "year"
    if kind == "relative_day":
        offset = int(words["day"][g["w"].lower().replace("’", "'")])
        return _iso(pub + timedelta(days=offset)), "day"
    if kind in ("now", "day_part"):
        return _iso(pub), "day"
    if kind == "shifted":
        n = _count(g["n"], lang)
        if not n:
            return None
        return _iso(pub), "day"
    if kind == "anchored":
        offset = int(words["anchored"][g["a"].lower().replace("’", "'")])
        return _iso(pub + timedelta(days=offset)), "day"
    if kind == "weekday":
        sign = _rel_sign(g["rel"], sign)
        strict = bool(g["rel"])
        return _iso(_weekday(weekday(g["w"]), pub, sign if sign > 0 else -1, strict)), "day"
    return None


_DM = re.compile(r"(?P<d>1er|\d{1,2})\s+(?P<m>\S+)(?:\s+(?P<y>\d{4}))?")


def _resolve_dm(
    text: str, rel: str | None, pub: date, words: dict, sign: int
) -> tuple[str, str] | None:
    found = _DM.search(text)
    if not found:
        return None
    mm = int(words["month"][found["m"].lower()])
    d = int(found["d"].replace("er", ""))
    y = int(found["y"]) if found["y"] else _year_for(mm, d, pub, _rel_sign(rel, sign))
    try:
        return _iso(date(y, mm, d)), "day"
    except ValueError:
        return None


# Kinds that need no publication date to be resolved.
_ABSOLUTE = ("range_years", "range_between", "year", "period", "dm", "month", "decade", "century")
# Kinds that may lie ahead of publication or behind it: the direction model decides.
_DIRECTED = (
    "weekday",
    "weekdays",
    "weekend",
    "week_part",
    "dm",
    "dm_list",
    "month",
    "night",
    "range_days",
    "range_months",
)


def _skipped_spans(doc: Doc) -> list[tuple[int, int]]:
    """Boilerplate that is not about the article (a glued video title): no dates there."""
    return [(start, end) for start, end, kind in doc._.boilerplate if kind == VIDEO]


def extract_dates(doc: Doc, lang: str = "fr", day_parts: bool = True) -> list[dict]:
    """Date expressions with their ISO value (day, month, year or range) and granularity.
    `day_parts` keeps "jeudi soir", "hier matin" as dates of their day (as the annotators of
    the training corpus do; TimeML calls them times)."""
    model = _direction_model(lang)

    def ahead(example: dict) -> bool:
        features = example["features"]
        # A verb in the future tense puts its date ahead however far it lies (70 of 75 times in
        # the training corpus); the model, learned mostly on near dates, weighs distance more.
        if "verb_Tense=Fut" in features or "verb_aux_Fut" in features:
            return True
        return sum(model.get(name, 0.0) * value for name, value in features.items()) > 0

    return _extract(doc, lang, day_parts, ahead)


def direction_examples(doc: Doc, lang: str = "fr") -> list[dict]:
    """Each date that could lie ahead of publication or behind it: its offsets, both readings
    ("ahead", "behind") and the features the direction model reads. The model is learned from
    these (scripts/train_date_direction.py)."""
    examples: list[dict] = []

    def keep(example: dict) -> bool:
        examples.append(example)
        return False

    _extract(doc, lang, True, keep)
    return examples


def _extract(
    doc: Doc,
    lang: str,
    day_parts: bool,
    ahead: Callable[[dict], bool],
) -> list[dict]:
    """The date records; `ahead` decides, for each date that could lie on either side of
    publication, whether it lies ahead."""
    try:
        pub = date.fromisoformat((doc._.published or "")[:10])
    except ValueError:
        pub = None
    words = _words(lang)
    text = text_of(doc)
    taken: list[tuple[int, int]] = _skipped_spans(doc)
    records = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if kind not in _ABSOLUTE and pub is None:
                continue
            if (
                kind == "weekday"
                and text[start:end][:1].isupper()
                and start > 0
                and text[start - 1] not in '\n.!?« "'
            ):
                continue
            try:
                resolved = _resolve(kind, m, pub or date(1, 1, 1), words, -1, lang)
                if kind in _DIRECTED and pub is not None:
                    later = _resolve(kind, m, pub, words, 1, lang)
                    if later is not None and resolved is not None and later != resolved:
                        example = {
                            "start": start,
                            "end": end,
                            "behind": resolved[0],
                            "ahead": later[0],
                            "features": _direction_features(doc, start, end, pub, resolved, later),
                        }
                        if ahead(example):
                            resolved = later
            except (ValueError, KeyError):
                resolved = None
            if resolved is None:
                continue
            if (
                pub is None
                and kind in ("dm", "month")
                and not m.groupdict().get("y")
                and "y" in m.groupdict()
            ):
                continue
            taken.append((start, end))
            if kind in ("relative_day", "weekday") and m.group("when") and not day_parts:
                continue
            value, granularity = resolved
            record = {"start": start, "end": end, "value": value, "granularity": granularity}
            if kind in ("anchored", "day_part", "shifted"):
                record["kind"] = kind  # dated by _anchor, from the dates around it
            if kind == "shifted":
                record["shift"] = (
                    _count(m.group("n"), lang) * (1 if m.group("dir").endswith("tard") else -1),
                    words["unit"][m.group("unit").lower()],
                )
            records.append(record)
    records.sort(key=lambda r: r["start"])
    if pub is not None:
        _anchor(doc, records, pub)
    return records


def _anchor(doc: Doc, records: list[dict], pub: date) -> None:
    """Count "la veille", "le lendemain" from the last day named before them (not from another
    "la veille"), "deux ans plus tard" from the last date, then date "dans la soirée" by the
    nearest day its sentence names; from the publication day when there is none."""
    kinds = [record.pop("kind", None) for record in records]
    last_day: date | None = None
    last: dict | None = None
    for record, kind in zip(records, kinds, strict=True):
        if kind == "anchored":
            offset = (date.fromisoformat(record["value"]) - pub).days
            record["value"] = _iso((last_day or pub) + timedelta(days=offset))
            continue
        if kind == "shifted":
            n, unit = record.pop("shift")
            record["value"], record["granularity"] = _shift(last, n, unit, pub)
        elif record["granularity"] == "day":
            last_day = date.fromisoformat(record["value"])
        if record["granularity"] in ("day", "month", "year"):
            last = record
    if "day_part" not in kinds or not doc.has_annotation("SENT_START"):
        return
    days = [
        (r["start"], r["value"])
        for r, k in zip(records, kinds, strict=True)
        if r["granularity"] == "day" and k != "day_part"
    ]
    for record, kind in zip(records, kinds, strict=True):
        if kind != "day_part":
            continue
        span = doc.char_span(record["start"], record["end"], alignment_mode="expand")
        if span is None:
            continue
        near = [
            (abs(start - record["start"]), value)
            for start, value in days
            if span.sent.start_char <= start < span.sent.end_char
        ]
        if near:
            record["value"] = min(near)[1]


@Language.factory(
    "veille_dates", assigns=["doc._.dates"], default_config={"lang": "fr", "day_parts": True}
)
def make_dates_component(nlp: Language, name: str, lang: str, day_parts: bool):
    _patterns(lang)

    def component(doc: Doc) -> Doc:
        doc._.dates = extract_dates(doc, lang, day_parts)
        return doc

    return component
