"""PLOVER-style JSON: event types from CAMEO roots, actors, location, date, evidence, stance."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from veille.store.queries import EventFilter, exported_events

# CAMEO root (or base code, checked first) -> PLOVER event type, after the PLOVER manual's
# crosswalk. Public statements (01) have no PLOVER type: PLOVER codes no commentary.
PLOVER_TYPES = {
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "057": "AGREE",  # sign a formal agreement
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "087": "RETREAT",  # de-escalate military engagement
    "09": "ACCUSE",  # investigate
    "10": "REQUEST",  # demand
    "11": "ACCUSE",  # disapprove
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
# CAMEO roots that express an intention rather than an act: PLOVER's "intend" mode.
_INTENT_ROOTS = {"03", "13"}


def event_type(code: str) -> str:
    """The PLOVER event type of a CAMEO code, "" when PLOVER has none."""
    return PLOVER_TYPES.get((code or "")[:3]) or PLOVER_TYPES.get((code or "")[:2], "")


def _actor(e: dict, side: str) -> dict:
    return {
        "name": e.get(f"{side}_name") or "",
        "country": e.get(side) or "",
        "role": e.get(f"{side}_role") or "",
        "code": e.get(f"{side}_code") or "",
    }


def record(e: dict) -> dict:
    """One stored event (joined with its article) as a PLOVER-style record."""
    code = e.get("code") or ""
    contexts = []
    if e.get("stance") == "hypothetical":
        contexts.append("hypothetical")
    location = None
    if e.get("place"):
        location = {
            "mention": e["place"],
            "name": e.get("place_name") or e["place"],
            "country": e.get("place_country") or "",
            "kind": e.get("place_kind") or "",
            "lat": e.get("place_lat"),
            "lon": e.get("place_lon"),
            "geonames_id": e.get("place_geonames_id"),
        }
    return {
        "id": e["event_id"],
        "date": e.get("event_date") or "",
        "event_type": event_type(code),
        "mode": "intend" if code[:2] in _INTENT_ROOTS else "",
        "context": contexts,
        "actor": _actor(e, "source"),
        "recipient": _actor(e, "target"),
        "location": location,
        "evidence": {
            "text": e.get("evidence") or "",
            "start": e.get("start_char"),
            "end": e.get("end_char"),
        },
        "stance": e.get("stance") or "",
        "reported_by": e.get("reported_by") or "",
        "cameo": {
            "code": code,
            "root": e.get("root_code") or "",
            "quad_class": e.get("quad_class"),
            "goldstein": e.get("goldstein"),
        },
        "source": {
            "article_id": e["article_id"],
            "url": e.get("url") or e.get("origin_id") or "",
            "title": e.get("title") or "",
            "outlet": e.get("outlet") or "",
            "published": e.get("published") or "",
        },
    }


def records(con: duckdb.DuckDBPyConnection, f: EventFilter | None = None) -> list[dict]:
    """The events the filter matches (default: all), oldest first, as PLOVER-style records."""
    return [record(e) for e in exported_events(con, f)]


def write(
    con: duckdb.DuckDBPyConnection, out_path: str | Path, f: EventFilter | None = None
) -> int:
    """A JSON array of PLOVER-style records of the events the filter matches (default: all);
    JSON Lines when the file ends in .jsonl."""
    found = records(con, f)
    path = Path(out_path)
    with path.open("w", encoding="utf-8") as f:
        if path.suffix == ".jsonl":
            for r in found:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            json.dump(found, f, ensure_ascii=False, indent=1)
    return len(found)
