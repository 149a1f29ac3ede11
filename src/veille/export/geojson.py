"""A GeoJSON FeatureCollection of the events that have coordinates, for maps."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from veille.store.queries import GEO_PROPERTIES as PROPERTIES
from veille.store.queries import EventFilter, geo_events


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


def write(
    con: duckdb.DuckDBPyConnection, out_path: str | Path, f: EventFilter | None = None
) -> int:
    """Every event the filter matches (default: all) with coordinates, as the API's map reads
    them (newest first)."""
    found = collection(geo_events(con, f or EventFilter(), None, None, 0)["items"])
    Path(out_path).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return len(found["features"])
