"""The one read API over the store, behind the CLI, the HTTP API, the dashboard and `import veille`.

One event filter (EventFilter), one `claims`, and one pagination rule: every listing takes
`limit` (None: all) and `offset`, and answers {"total", "limit", "offset", "items"}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from veille.errors import QueryError
from veille.store.db import TABLES

STANCES = ("asserted", "denied", "hypothetical", "declined")

# The properties each point carries: enough to colour, filter and link back to the article.
GEO_PROPERTIES = (
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


def contains(text: str) -> str:
    """An ILIKE pattern (with ESCAPE '\\') for `text` anywhere: its own %, _ and \\ match
    themselves, so that a search for "%" finds a percent sign, not everything."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class EventFilter:
    """The events filters shared by the table, the map, the timeline and the network."""

    actor: str | None = None  # a country, a body or a full code (RUS, UNO, RUSGOV), or a name
    code: str | None = None  # a CAMEO code prefix: 19 matches 190, 193, 1951 …
    root: str | None = None
    quad: int | None = None
    place: str | None = None
    since: str | None = None  # ISO date, month or year
    until: str | None = None
    stance: str | None = None
    q: str | None = None  # words in the evidence or the article's title
    article_id: str | None = None

    def __post_init__(self) -> None:
        if self.root and not (self.root.isdigit() and 1 <= int(self.root) <= 20):
            raise QueryError(f"root: {self.root!r} is not a CAMEO root code (01 to 20)")
        if self.code and not (self.code.isdigit() and 1 <= int(self.code[:2]) <= 20):
            raise QueryError(f"code: {self.code!r} does not start with a CAMEO root (01 to 20)")
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            raise QueryError(f"quad: {self.quad!r} is not a quad class (1 to 4)")
        if self.stance and self.stance not in STANCES:
            raise QueryError(f"stance: {self.stance!r} is not one of {', '.join(STANCES)}")
        for name, value in (("since", self.since), ("until", self.until)):
            if value and not _real_date(value):
                raise QueryError(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.actor:
            clauses.append(
                "(upper(e.source) = ? OR upper(e.target) = ? OR upper(e.source_code) = ?"
                " OR upper(e.target_code) = ? OR e.source_name ILIKE ? ESCAPE '\\'"
                " OR e.target_name ILIKE ? ESCAPE '\\')"
            )
            params += [self.actor.upper()] * 4 + [contains(self.actor)] * 2
        if self.code:
            clauses.append("e.code LIKE ?")
            params.append(self.code + "%")
        if self.root:
            clauses.append("e.root_code = ?")
            params.append(self.root.zfill(2))
        if self.quad:
            clauses.append("e.quad_class = ?")
            params.append(self.quad)
        if self.place:
            clauses.append(
                "(e.place ILIKE ? ESCAPE '\\' OR e.place_name ILIKE ? ESCAPE '\\'"
                " OR upper(e.place_country) = ?)"
            )
            params += [contains(self.place)] * 2 + [self.place.upper()]
        # A partial date ("2023-09"), an event's or a bound's, spans its month: an event matches
        # when its span meets the range. "~" sorts after every digit and separator.
        if self.since:
            clauses.append("(e.event_date || '~') >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.event_date <= (? || '~')")
            params.append(self.until)
        if self.stance:
            clauses.append("e.stance = ?")
            params.append(self.stance)
        if self.q:
            clauses.append("(e.evidence ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\')")
            params += [contains(self.q)] * 2
        if self.article_id:
            clauses.append("e.article_id = ?")
            params.append(self.article_id)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def source(self) -> str:
        """FROM events e, with their articles only when a filter reads them (the join costs
        more than the rest of a query on 50,000 events)."""
        return _EVENTS_FROM if self.q else " FROM events e "


def _real_date(value: str) -> bool:
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        return False
    numbers = [int(p) for p in parts] + [1, 1]
    try:
        date(*numbers[:3])
    except ValueError:
        return False
    return True


_EVENTS_FROM = """
FROM events e
JOIN articles a USING (article_id)
"""
# The story counts of a page of events (as the view events_with_counts gives them), computed
# for the page's stories only: the view computes them for every story, 250 ms on 50,000 events.
_WITH_STORY_COUNTS = """
WITH page AS ({page}),
counts AS (
    SELECT a.story_id, e.source_code, e.target_code, e.code,
           sum(e.num_mentions) AS story_mentions,
           count(DISTINCT coalesce(nullif(a.source_name, ''), a.article_id)) AS num_sources,
           count(DISTINCT e.article_id) AS num_articles
    FROM events e JOIN articles a USING (article_id)
    WHERE a.story_id IN (SELECT story_id FROM page)
    GROUP BY ALL
)
SELECT page.*, c.story_mentions, c.num_sources, c.num_articles
FROM page LEFT JOIN counts c ON c.story_id = page.story_id
    AND c.source_code IS NOT DISTINCT FROM page.source_code
    AND c.target_code IS NOT DISTINCT FROM page.target_code
    AND c.code IS NOT DISTINCT FROM page.code
ORDER BY page.event_date DESC, page.article_id, page.start_char, page.event_id
"""


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _page(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list,
    order: str,
    limit: int | None,
    offset: int,
) -> dict:
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    items = rows(con, f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def events(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> dict:
    """A page of events, newest first, with their articles and story counts (GDELT's
    NumMentions, NumSources, NumArticles)."""
    f = f or EventFilter()
    where, params = f.where()
    sql = (
        "SELECT e.*, a.title, a.url, a.published, a.source_name AS outlet, a.story_id"
        + _EVENTS_FROM
        + where
    )
    order = "e.event_date DESC, e.article_id, e.start_char, e.event_id"
    total = con.execute(f"SELECT count(*) {f.source()} {where}", params).fetchone()[0]
    page = f"{sql} ORDER BY {order} LIMIT ? OFFSET ?"
    items = rows(con, _WITH_STORY_COUNTS.format(page=page), [*params, limit, offset])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def exported_events(con: duckdb.DuckDBPyConnection, f: EventFilter | None = None) -> list[dict]:
    """Every event the filter matches (as `events` matches them), oldest first, with its
    article (url, origin_id, title, published, outlet, added_at) and its story's counts (GDELT's
    NumMentions, NumSources, NumArticles): what the GDELT and PLOVER exports write."""
    f = f or EventFilter()
    where, params = f.where()
    return rows(
        con,
        "SELECT e.*, a.url, a.origin_id, a.title, a.published, a.source_name AS outlet,"
        " a.added_at FROM events_with_counts e JOIN articles a USING (article_id)"
        + where
        + " ORDER BY e.event_date, e.article_id, e.start_char, e.event_id",
        params,
    )


def matching_events(f: EventFilter) -> tuple[str, list]:
    """The query of the stored events the filter matches, with their columns as stored, and its
    parameters: for the table exports, which copy it to a file."""
    where, params = f.where()
    return "SELECT e.*" + f.source() + where, params


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilter | None = None) -> list[dict]:
    """Event counts per date and quad class (dates as the events carry them)."""
    f = f or EventFilter()
    where, params = f.where()
    return rows(
        con,
        "SELECT e.event_date AS date,"
        " count(*) FILTER (WHERE e.quad_class = 1) AS q1,"
        " count(*) FILTER (WHERE e.quad_class = 2) AS q2,"
        " count(*) FILTER (WHERE e.quad_class = 3) AS q3,"
        " count(*) FILTER (WHERE e.quad_class = 4) AS q4,"
        " count(*) AS total" + f.source() + where + " GROUP BY e.event_date ORDER BY date",
        params,
    )


def network(con: duckdb.DuckDBPyConnection, f: EventFilter | None = None) -> dict:
    """Who acts on whom: actor nodes and directed edges weighted by their events."""
    f = f or EventFilter()
    where, params = f.where()
    joined = " AND " if where else " WHERE "
    edges = rows(
        con,
        "SELECT e.source_code AS source, e.target_code AS target, count(*) AS events,"
        " count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation,"
        " count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict,"
        " avg(e.goldstein) AS goldstein"
        + f.source()
        + where
        + joined
        + "coalesce(e.source_code, '') <> '' AND coalesce(e.target_code, '') <> ''"
        " GROUP BY ALL ORDER BY events DESC, source, target",
        params,
    )
    weight: dict[str, int] = {}
    for edge in edges:
        for side in ("source", "target"):
            weight[edge[side]] = weight.get(edge[side], 0) + edge["events"]
    nodes = [{"id": code, "events": n} for code, n in sorted(weight.items())]
    return {"nodes": nodes, "edges": edges}


def geo_events(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    bbox: tuple[float, float, float, float] | None,
    limit: int | None,
    offset: int,
) -> dict:
    """A page of the matching events that have coordinates, within bbox (west, south, east,
    north) when given."""
    where, params = f.where()
    clauses = ["e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL"]
    if bbox:
        clauses.append("e.place_lon BETWEEN ? AND ? AND e.place_lat BETWEEN ? AND ?")
        params = [*params, bbox[0], bbox[2], bbox[1], bbox[3]]
    where = (where + " AND " if where else " WHERE ") + " AND ".join(clauses)
    columns = ", ".join(f"e.{c}" for c in (*GEO_PROPERTIES, "place_lat", "place_lon"))
    sql = f"SELECT {columns}" + f.source() + where
    order = "e.event_date DESC, e.article_id, e.start_char, e.event_id"
    return _page(con, sql, params, order, limit, offset)


_REPORT_FIELDS = (
    "event_id",
    "article_id",
    "title",
    "published",
    "event_date",
    "stance",
    "reported_by",
    "denied_by",
    "evidence",
)
_SAME_KEY = (
    "(e.source_code IS NOT DISTINCT FROM ? AND e.code IS NOT DISTINCT FROM ?"
    " AND e.target_code IS NOT DISTINCT FROM ?)"
)
# Who denies an event: its denier, else its source, else whoever reports the denial.
_DENIER = (
    "coalesce(nullif(e.denied_by, ''), nullif(e.source_name, ''), nullif(e.source_code, ''),"
    " nullif(e.reported_by, ''), '(the article)')"
)


def claims(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter | None = None,
    event_id: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    reports: int | None = 20,
) -> dict | None:
    """A page of events (source, code, target), most reported first: who asserts each, who
    denies it, and its first `reports` reports (`reports_total` says how many it has).
    None when `event_id` names no event."""
    f = f or EventFilter()
    where, params = f.where()
    if event_id:
        key = con.execute(
            "SELECT source_code, code, target_code FROM events WHERE event_id = ?", [event_id]
        ).fetchone()
        if key is None:
            return None
        where = (where + " AND " if where else " WHERE ") + _SAME_KEY
        params = [*params, *key]
    # An article has one event per (source, code, target): count(*) counts its articles. The
    # total comes with the page (a window over the groups), not from a second aggregation.
    grouped = (
        "SELECT e.source_code, e.code, e.target_code, count(*) AS articles,"
        f" count(DISTINCT {_DENIER}) FILTER (WHERE e.stance = 'denied') AS deniers"
        + f.source()
        + where
        + " GROUP BY ALL"
    )
    found_groups = rows(
        con,
        f"SELECT *, count(*) OVER () AS total FROM ({grouped}) ORDER BY articles DESC,"
        " deniers DESC, code, source_code NULLS FIRST, target_code NULLS FIRST LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    if found_groups:
        total = found_groups[0]["total"]
    else:
        total = con.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0]
    groups = {"total": total, "limit": limit, "offset": offset, "items": found_groups}
    keys = [(g["source_code"], g["code"], g["target_code"]) for g in found_groups]
    found: list[dict] = []
    if keys:
        sql = (
            "SELECT e.event_id, e.article_id, a.title, a.published, e.event_date, e.stance,"
            " e.reported_by, e.denied_by, e.evidence, e.source_code, e.code, e.target_code,"
            " e.source_name, e.quad_class"
            + _EVENTS_FROM
            + " JOIN (SELECT unnest(?) AS source_code, unnest(?) AS code, unnest(?) AS target_code)"
            " k ON e.source_code IS NOT DISTINCT FROM k.source_code"
            " AND e.code IS NOT DISTINCT FROM k.code"
            " AND e.target_code IS NOT DISTINCT FROM k.target_code"
            + where
            + " ORDER BY e.event_date DESC, e.article_id, e.start_char, e.event_id"
        )
        found = rows(con, sql, [*(list(side) for side in zip(*keys, strict=True)), *params])
    by_key = _grouped(found)
    items = []
    for key, counted in zip(keys, groups["items"], strict=True):
        group = by_key[key]
        group["articles"] = counted["articles"]
        group["reports_total"] = len(group["reports"])
        group["reports"] = group["reports"][:reports]
        items.append(group)
    return {**groups, "items": items}


def _grouped(found: list[dict]) -> dict[tuple, dict]:
    groups: dict[tuple, dict] = {}
    for e in found:
        key = (e["source_code"], e["code"], e["target_code"])
        group = groups.setdefault(
            key,
            {
                "source_code": key[0],
                "code": key[1],
                "target_code": key[2],
                "quad_class": e["quad_class"],
                "asserted_by": [],
                "denied_by": [],
                "hypothesised_by": [],
                "reports": [],
            },
        )
        reporter = e.get("reported_by") or "(the article)"
        if e["stance"] == "denied":
            # A denial is still a report by whoever relays it; the denier defaults to the source.
            denier = e.get("denied_by") or e.get("source_name") or e["source_code"] or reporter
            _add(group["denied_by"], denier)
            if e.get("reported_by"):
                _add(group["asserted_by"], e["reported_by"])
        elif e["stance"] == "hypothetical":
            _add(group["hypothesised_by"], reporter)
        else:
            _add(group["asserted_by"], reporter)
        group["reports"].append({k: e.get(k) for k in _REPORT_FIELDS})
    return groups


def _add(names: list, name: str) -> None:
    if name not in names:
        names.append(name)


def articles(
    con: duckdb.DuckDBPyConnection,
    q: str | None = None,
    story_id: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> dict:
    """A page of articles with their text, newest first."""
    clauses, params = [], []
    if q:
        clauses.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
        params += [contains(q)] * 2
    if story_id:
        clauses.append("story_id = ?")
        params.append(story_id)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    # The page first, then its articles' events counted: counting them for every article
    # cost more than the rest.
    total = con.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()[0]
    order = "published DESC, article_id"
    items = rows(
        con,
        "WITH page AS (SELECT article_id, origin_id, url, source_name, title, text, published,"
        f" lang, author, story_id, quality, n_words FROM articles {where} ORDER BY {order}"
        " LIMIT ? OFFSET ?)"
        " SELECT page.*, (SELECT count(*) FROM events e WHERE e.article_id = page.article_id)"
        f" AS events FROM page ORDER BY {order}",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# The layers of one article the reader shows, with their order.
_ARTICLE_LAYERS = {
    "events": "SELECT * FROM events WHERE article_id = ? ORDER BY start_char",
    "event_mentions": "SELECT * FROM event_mentions WHERE article_id = ? ORDER BY start_char",
    "quotes": "SELECT * FROM quotes WHERE article_id = ? ORDER BY start_char",
    "places": "SELECT * FROM places WHERE article_id = ? ORDER BY start_char",
    "dates": "SELECT * FROM dates WHERE article_id = ? ORDER BY start_char",
    "amounts": "SELECT * FROM amounts WHERE article_id = ? ORDER BY start_char",
    "entities": "SELECT * FROM entities WHERE article_id = ? ORDER BY start_char",
    "boilerplate": "SELECT * FROM boilerplate WHERE article_id = ? ORDER BY start_char",
    "attributions": "SELECT * FROM attributions WHERE article_id = ? ORDER BY content_start",
}


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict | None:
    found = rows(
        con,
        "SELECT * EXCLUDE (signature) FROM articles WHERE article_id = ?",
        [article_id],
    )
    if not found:
        return None
    result = {"article": found[0]}
    for layer, sql in _ARTICLE_LAYERS.items():
        result[layer] = rows(con, sql, [article_id])
    return result


def quotes(
    con: duckdb.DuckDBPyConnection,
    speaker: str | None = None,
    q: str | None = None,
    article_id: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> dict:
    """A page of direct quotations with their speakers, newest first."""
    clauses, params = [], []
    if speaker:
        clauses.append("q.speaker ILIKE ? ESCAPE '\\'")
        params.append(contains(speaker))
    if q:
        clauses.append("q.quote ILIKE ? ESCAPE '\\'")
        params.append(contains(q))
    if article_id:
        clauses.append("q.article_id = ?")
        params.append(article_id)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = (
        "SELECT q.*, a.title, a.published FROM quotes q JOIN articles a USING (article_id)" + where
    )
    return _page(con, sql, params, "a.published DESC, q.article_id, q.start_char", limit, offset)


def actors(
    con: duckdb.DuckDBPyConnection, q: str | None = None, limit: int | None = 50, offset: int = 0
) -> dict:
    """Every actor code that events carry, with how often it acts and is acted upon."""
    sql = """
    SELECT code, any_value(country) AS country, any_value(role) AS role,
           max(name) AS name, count(*) FILTER (WHERE side = 'source') AS as_source,
           count(*) FILTER (WHERE side = 'target') AS as_target, count(*) AS events
    FROM (
        SELECT source_code AS code, source AS country, source_role AS role,
               nullif(source_name, '') AS name, 'source' AS side FROM events
        UNION ALL
        SELECT target_code, target, target_role, nullif(target_name, ''), 'target' FROM events
    )
    WHERE coalesce(code, '') <> ''
    GROUP BY code
    """
    params = []
    if q:
        sql = (
            f"SELECT * FROM ({sql}) WHERE code ILIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\'"
            " OR country ILIKE ? ESCAPE '\\'"
        )
        params = [contains(q)] * 3
    return _page(con, sql, params, "events DESC, code", limit, offset)


def places(
    con: duckdb.DuckDBPyConnection, q: str | None = None, limit: int | None = 50, offset: int = 0
) -> dict:
    """Places named in the articles, most mentioned first."""
    sql = (
        "SELECT name, country, kind, admin1, lat, lon, geonames_id, count(*) AS mentions,"
        " count(DISTINCT article_id) AS articles FROM places"
    )
    params = []
    if q:
        sql += (
            " WHERE name ILIKE ? ESCAPE '\\' OR mention ILIKE ? ESCAPE '\\' OR upper(country) = ?"
        )
        params = [contains(q), contains(q), q.upper()]
    sql += " GROUP BY ALL"
    order = "mentions DESC, name, country, admin1, kind, geonames_id"  # a total order: pages never overlap
    return _page(con, sql, params, order, limit, offset)


def stories(con: duckdb.DuckDBPyConnection, limit: int | None = 50, offset: int = 0) -> dict:
    """Stories (an article with its near-duplicates and updated versions), largest first."""
    total = con.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0]
    order = "articles DESC, first_published DESC, story_id"
    items = rows(
        con,
        "WITH page AS (SELECT story_id, count(*) AS articles, min(published) AS first_published,"
        " max(published) AS last_published, arg_min(title, published) AS title,"
        " list(article_id ORDER BY published) AS article_ids"
        f" FROM articles GROUP BY story_id ORDER BY {order} LIMIT ? OFFSET ?)"
        " SELECT page.*, (SELECT count(*) FROM events e JOIN articles b USING (article_id)"
        f"  WHERE b.story_id = page.story_id) AS events FROM page ORDER BY {order}",
        [limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def stats(con: duckdb.DuckDBPyConnection) -> dict:
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    by = lambda column: {  # noqa: E731
        str(k): n
        for k, n in con.execute(
            f"SELECT {column}, count(*) FROM events GROUP BY 1 ORDER BY 1"
        ).fetchall()
    }
    first, last = con.execute(
        "SELECT min(nullif(event_date, '')), max(nullif(event_date, '')) FROM events"
    ).fetchone()
    return {
        "tables": counts,
        "stories": con.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0],
        "events_by_quad_class": by("quad_class"),
        "events_by_root_code": by("root_code"),
        "events_by_stance": by("stance"),
        "first_event_date": first,
        "last_event_date": last,
    }


# The tables the CLI lists that the API has no view of: plain, paged the same way.
_LISTINGS = {
    "entities": (
        "SELECT e.article_id, e.text, e.label, count(*) AS mentions FROM entities e GROUP BY ALL",
        "mentions DESC, text, article_id",
    ),
    "dates": (
        "SELECT article_id, mention, value, granularity, start_char FROM dates",
        "article_id, value, start_char",
    ),
    "amounts": (
        "SELECT article_id, mention, value, unit, counted, start_char FROM amounts",
        "article_id, value, start_char",
    ),
}


def listing(
    con: duckdb.DuckDBPyConnection, name: str, limit: int | None = 50, offset: int = 0
) -> dict:
    """A page of entities, dates or amounts."""
    sql, order = _LISTINGS[name]
    return _page(con, f"SELECT * FROM ({sql})", [], order, limit, offset)
