"""Extract dates: French date expressions resolved against the publication date, on doc._.dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from veille.lang import opening, read_table
from veille.nlp import text_of

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
    }
    for row in read_table(lang, "date_words.tsv"):
        word, role = row[0], row[1]
        words.setdefault(role, {})[word.lower()] = row[2] if len(row) > 2 else ""
    return words


def _alternation(words) -> str:
    escaped = sorted(
        (re.escape(w).replace("'", _APOS).replace("’", _APOS) for w in words), key=len, reverse=True
    )
    return "(?:" + "|".join(escaped) + ")"


@cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """(kind, regex) in order of priority: a longer expression wins over its parts."""
    w = _words(lang)
    month = _alternation(w["month"])
    weekday = _alternation(w["weekday"])
    day_word = _alternation(w["day"])
    period = _alternation(w["period"])
    now = _alternation(w["now"])
    season = _alternation(w["season"])
    num = r"(?:1er|[12]?\d|3[01])"
    dm = rf"(?:(?:le\s+)?(?:{weekday}\s+)?{num}\s+{month}(?:\s+{_YEAR})?)"
    rel = r"(?:derni(?:er|ère)s?|passée?s?|prochaine?s?)"
    specs = [
        # ranges
        (
            "range_days",
            rf"\bdu\s+(?P<d1>{num})(?:\s+(?P<m1>{month}))?(?:\s+(?P<y1>{_YEAR}))?\s+au\s+(?P<d2>{num})\s+(?P<m2>{month})(?:\s+(?P<y2>{_YEAR}))?",
        ),
        (
            "range_between",
            rf"\b[Ee]ntre\s+(?:(?P<m1>{month})\s+)?(?P<y1>{_YEAR})\s+et\s+(?:(?P<m2>{month})\s+)?(?P<y2>{_YEAR}|aujourd{_APOS}hui)",
        ),
        (
            "range_months",
            rf"\b[Ee]ntre\s+(?P<m1>{month})\s+et\s+(?P<m2>{month})(?:\s+(?P<y2>{_YEAR}))?",
        ),
        ("range_years", rf"\b(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})\b"),
        ("night", rf"\b[Ll]a\s+nuit\s+d[eu]\s+(?P<w1>{weekday})\s+(?:à|au)\s+(?P<w2>{weekday})"),
        ("since_year_start", rf"\b[Dd]epuis\s+(?:le\s+)?début\s+(?:de\s+l{_APOS}|d{_APOS})année"),
        ("period", opening(*w["period"]) + rf"(?i:{period})"),
        # a day: "le mardi 5 septembre 2023", "5 septembre dernier"
        ("dm", opening("le", *w["weekday"], *"0123456789") + rf"(?i:{dm})(?:\s+(?P<rel>{rel}))?"),
        ("dm_list", rf"\b[Ll]es\s+(?P<d1>{num})\s+et\s+(?P<d2>{num})\s+(?P<m>{month})"),
        # a month: "en mai", "début juin", "mi-mars 2020", "septembre dernier"
        (
            "month",
            opening("en", "depuis", "à", "fin", "mi", "courant", *w["month"])
            + rf"(?:\b(?:[Ee]n|[Dd]epuis|[Dd]ès|[Dd]e|[Dd]urant|[Cc]ourant)\s+|(?P<from>\b[Àà]\s+partir\s+d{_APOS}\s*)|\b(?P<part>[Dd]ébut|[Ff]in|[Mm]i-|[Mm]i)\s*)?(?<![\w-])(?P<m>{month})(?:\s+(?P<y>{_YEAR}|\d\d\b))?(?:\s+(?P<rel>{rel}))?(?![\w-])",
        ),
        # a season of a year: "l'été 2015"
        (
            "season",
            rf"(?:\b[Ll]{_APOS}|\b(?:[Aa]u|[Ee]n|[Cc]et?)\s+)(?P<s>{season})(?:\s+(?P<y>{_YEAR}))?",
        ),
        # the publication's weeks, months and years
        ("week", rf"\b(?:[Ll]a\s+semaine\s+(?P<rel>{rel})|[Cc]ette\s+semaine)"),
        ("this_month", rf"\b(?:[Cc]e\s+mois(?:-ci)?|[Ll]e\s+mois\s+(?P<rel>{rel}))"),
        (
            "this_year",
            rf"\b(?:[Cc]ette\s+année|[Ll]{_APOS}(?:an|année)\s+(?P<rel>{rel})|(?P<end>[Ll]a\s+fin\s+de\s+l{_APOS}année)(?:\s+(?P<rel2>{rel}))?|(?P<new>[Ll]a\s+nouvelle\s+année))",
        ),
        (
            "ago",
            r"\b[Ii]l\s+y\s+a\s+(?P<n>une?|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|\d+)\s+(?P<unit>jours?|semaines?|mois|ans|années)",
        ),
        (
            "year",
            opening("en", "depuis", "avant", "fin", "l", "mi", "1", "2")
            + rf"(?:\b(?:[Ee]n|[Dd]epuis|[Dd]ès|[Dd]e|[Aa]vant|[Aa]près|[Ff]in|[Dd]ébut|[Ll]{_APOS}année)\s+|\b[Mm]i-)?(?<!\d\s)(?<![\d,.])(?P<y>{_YEAR})(?![\d,]|\s\d{{3}})",
        ),
        (
            "relative_day",
            rf"(?i:\b(?P<w>{day_word})(?:\s+(?P<when>matin|soir|après-midi|midi|{weekday}))?)",
        ),
        ("now", rf"(?i:\b{now})"),
        (
            "weekday",
            opening("ce", *w["weekday"])
            + rf"(?:\b(?P<this>[Cc]e)\s+)?\b(?P<w>{weekday.replace('(?:', '(?:(?i:').replace(')', '))', 1)})(?:\s+(?P<when>matin|soir|après-midi|midi))?(?:\s+(?P<rel>{rel}))?\b",
        ),
    ]
    return [(kind, re.compile(pattern)) for kind, pattern in specs]


def _iso(d: date) -> str:
    return d.isoformat()


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _tense(doc: Doc, text: str, start: int, end: int) -> str:
    """'future' or 'past' (or '') from the verb that governs the expression."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    before = text[max(0, start - 25) : start].lower().split()
    future_words = _words(doc.lang_ if doc.lang_ in ("fr", "en") else "fr").get("future", {})
    if any(word in future_words for word in before[-3:]):
        return "future"
    verbs = [token, *[c for c in token.children if c.dep_.startswith("aux")]]
    for verb in verbs:
        tense, mood = verb.morph.get("Tense"), verb.morph.get("Mood")
        if "Fut" in tense or "Cnd" in mood:
            return "future"
        if verb.lemma_ in ("aller", "devoir") and verb.dep_.startswith("aux"):
            return "future"
    auxiliaries = len(verbs) > 1
    for verb in verbs:
        tense = verb.morph.get("Tense")
        participle = verb.morph.get("VerbForm") == ["Part"]
        # A participle alone ("prévue") says nothing; with its auxiliary it is a past tense.
        if ("Past" in tense and (not participle or auxiliaries)) or "Imp" in tense:
            return "past"
    return ""


def _rel_sign(rel: str | None, tense: str) -> int:
    if rel:
        return 1 if rel.lower().startswith("prochain") else -1
    return 1 if tense == "future" else -1 if tense == "past" else 0


def _year_for(month: int, day: int, pub: date, sign: int) -> int:
    """The year of a day-month without year: on or before publication in the past tense, on or
    after in the future, else the publication's year."""
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


def _resolve(kind: str, m: re.Match, pub: date, words: dict, tense: str) -> tuple[str, str] | None:
    """(value, granularity) of one match, or None."""
    g = m.groupdict()
    month = lambda name: int(words["month"][name.lower()])  # noqa: E731
    weekday = lambda name: int(words["weekday"][name.lower()])  # noqa: E731
    if kind == "range_days":
        m2 = month(g["m2"])
        m1 = month(g["m1"]) if g["m1"] else m2
        y2 = (
            int(g["y2"])
            if g["y2"]
            else _year_for(m2, int(g["d2"].replace("er", "")), pub, _rel_sign(None, tense))
        )
        y1 = int(g["y1"]) if g["y1"] else (y2 if m1 <= m2 else y2 - 1)
        d1 = date(y1, m1, int(g["d1"].replace("er", "")))
        d2 = date(y2, m2, int(g["d2"].replace("er", "")))
        return f"{_iso(d1)}/{_iso(d2)}", "range"
    if kind == "range_between":
        y1 = int(g["y1"])
        start = date(y1, month(g["m1"]), 1) if g["m1"] else date(y1, 1, 1)
        if not g["y2"][0].isdigit():
            return f"{_iso(start)}/{_iso(pub)}", "range"
        y2 = int(g["y2"])
        end = _month_range(y2, month(g["m2"]))[1] if g["m2"] else date(y2, 12, 31)
        return f"{_iso(start)}/{_iso(end)}", "range"
    if kind == "range_months":
        m1, m2 = month(g["m1"]), month(g["m2"])
        y2 = int(g["y2"]) if g["y2"] else _month_year(m2, pub, _rel_sign(None, tense))
        y1 = y2 if m1 <= m2 else y2 - 1
        return f"{_iso(date(y1, m1, 1))}/{_iso(_month_range(y2, m2)[1])}", "range"
    if kind == "range_years":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None
        return f"{y1}-01-01/{y2}-12-31", "range"
    if kind == "night":
        w2 = _weekday(weekday(g["w2"]), pub, _rel_sign(None, tense))
        return f"{_iso(w2 - timedelta(days=1))}/{_iso(w2)}", "range"
    if kind == "since_year_start":
        return f"{pub.year}-01-01/{_iso(pub)}", "range"
    if kind == "period":
        value = words["period"][m.group(0).lower().replace("’", "'")]
        if len(value) == 5:  # a yearly day
            return f"{pub.year}-{value}", "day"
        return value, "range"
    if kind == "dm":
        return _resolve_dm(m.group(0), g.get("rel"), pub, words, tense)
    if kind == "dm_list":
        mm = month(g["m"])
        y = _year_for(mm, int(g["d1"].replace("er", "")), pub, _rel_sign(None, tense))
        return _iso(date(y, mm, int(g["d1"].replace("er", "")))), "day"
    if kind == "month":
        mm = month(g["m"])
        if g["y"]:
            return f"{_two_digit(g['y'], pub)}-{mm:02d}", "month"
        sign = 1 if g["from"] else _rel_sign(g["rel"], tense)
        if g["rel"] is None and not g["part"] and not m.group(0)[:1].isalpha():
            return None
        return f"{_month_year(mm, pub, sign)}-{mm:02d}", "month"
    if kind == "season":
        if g["y"]:
            return g["y"], "year"
        if m.group(0).lower().startswith("ce"):
            return str(pub.year), "year"
        return None
    if kind == "week":
        monday = pub - timedelta(days=pub.weekday())
        if g["rel"]:
            monday += timedelta(days=7 * _rel_sign(g["rel"], tense))
        return f"{_iso(monday)}/{_iso(monday + timedelta(days=6))}", "range"
    if kind == "this_month":
        y, mm = pub.year, pub.month
        if g["rel"]:
            mm += _rel_sign(g["rel"], tense)
            y, mm = (y - 1, 12) if mm == 0 else (y + 1, 1) if mm == 13 else (y, mm)
        return f"{y}-{mm:02d}", "month"
    if kind == "this_year":
        rel = g["rel"] or g["rel2"]
        return str(pub.year + (_rel_sign(rel, tense) if rel else 0)), "year"
    if kind == "ago":
        n = {
            "un": 1,
            "une": 1,
            "deux": 2,
            "trois": 3,
            "quatre": 4,
            "cinq": 5,
            "six": 6,
            "sept": 7,
            "huit": 8,
            "dix": 10,
            "quinze": 15,
        }.get(g["n"].lower())
        n = n or int(g["n"])
        unit = g["unit"].lower()
        if unit.startswith("jour"):
            return _iso(pub - timedelta(days=n)), "day"
        if unit.startswith("semaine"):
            return _iso(pub - timedelta(days=7 * n)), "day"
        if unit == "mois":
            y, mm = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return f"{y}-{mm + 1:02d}", "month"
        return str(pub.year - n), "year"
    if kind == "year":
        return g["y"], "year"
    if kind == "relative_day":
        offset = int(words["day"][g["w"].lower().replace("’", "'")])
        return _iso(pub + timedelta(days=offset)), "day"
    if kind == "now":
        return _iso(pub), "day"
    if kind == "weekday":
        sign = _rel_sign(g["rel"], tense)
        strict = bool(g["rel"])
        return _iso(_weekday(weekday(g["w"]), pub, sign if sign > 0 else -1, strict)), "day"
    return None


_DM = re.compile(r"(?P<d>1er|\d{1,2})\s+(?P<m>\S+)(?:\s+(?P<y>\d{4}))?")


def _resolve_dm(
    text: str, rel: str | None, pub: date, words: dict, tense: str
) -> tuple[str, str] | None:
    found = _DM.search(text)
    if not found:
        return None
    mm = int(words["month"][found["m"].lower()])
    d = int(found["d"].replace("er", ""))
    y = int(found["y"]) if found["y"] else _year_for(mm, d, pub, _rel_sign(rel, tense))
    try:
        return _iso(date(y, mm, d)), "day"
    except ValueError:
        return None


def extract_dates(doc: Doc, lang: str = "fr", day_parts: bool = False) -> list[dict]:
    """Date expressions with their ISO value (day, month, year or range) and granularity.
    `day_parts` keeps "jeudi soir", "hier matin" as dates of their day."""
    try:
        pub = date.fromisoformat((doc._.published or "")[:10])
    except ValueError:
        pub = None
    words = _words(lang)
    text = text_of(doc)
    taken: list[tuple[int, int]] = []
    records = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if (
                kind not in ("range_years", "range_between", "year", "period", "dm", "month")
                and pub is None
            ):
                continue
            if (
                kind == "weekday"
                and text[start:end][:1].isupper()
                and start > 0
                and text[start - 1] not in '\n.!?« "'
            ):
                continue
            tense = (
                _tense(doc, text, start, end)
                if kind in ("weekday", "dm", "month", "night", "range_days", "range_months")
                else ""
            )
            try:
                resolved = _resolve(kind, m, pub or date(1, 1, 1), words, tense)
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
                # "hier soir" names a time (TimeML's convention), not a date
                continue
            value, granularity = resolved
            records.append({"start": start, "end": end, "value": value, "granularity": granularity})
    records.sort(key=lambda r: r["start"])
    return records


@Language.factory(
    "veille_dates", assigns=["doc._.dates"], default_config={"lang": "fr", "day_parts": False}
)
def make_dates_component(nlp: Language, name: str, lang: str, day_parts: bool):
    _patterns(lang)

    def component(doc: Doc) -> Doc:
        doc._.dates = extract_dates(doc, lang, day_parts)
        return doc

    return component
