"""A GeoJSON FeatureCollection of the events that have coordinates, for maps."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

# The properties each point carries: enough to colour, filter and link back to the article.
PROPERTIES = (
    "event_id",
    "article_id",
    "event_date",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "source_code",
    "target_code",
    "stance",
    "reported_by",
    "place",
    "place_name",
    "place_country",
    "place_kind",
    "evidence",
)


def feature(e: dict) -> dict:
    return {
        "type": "Feature",
        "id": e["event_id"],
        # GeoJSON orders coordinates longitude first.
        "geometry": {"type": "Point", "coordinates": [e["place_lon"], e["place_lat"]]},
        "properties": {k: e.get(k) for k in PROPERTIES},
    }


def collection(events: list[dict]) -> dict:
    """A FeatureCollection of the given event rows; rows without coordinates are left out."""
    return {
        "type": "FeatureCollection",
        "features": [
            feature(e)
            for e in events
            if e.get("place_lat") is not None and e.get("place_lon") is not None
        ],
    }


def write(con: duckdb.DuckDBPyConnection, out_path: str | Path) -> int:
    cursor = con.execute(
        "SELECT * FROM events WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL"
        " ORDER BY event_date, article_id, start_char"
    )
    names = [d[0] for d in cursor.description]
    found = collection([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
    Path(out_path).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return len(found["features"])
