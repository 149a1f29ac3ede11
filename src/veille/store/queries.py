"""Read the store: the listings behind `veille articles|entities|events|quotes|places …`."""

from __future__ import annotations

import duckdb

# name -> (SQL, default order): the plain listings, one per stored table.
LISTINGS = {
    "articles": (
        "SELECT article_id, origin_id, story_id, published, lang, source_name, title, n_words, quality"
        " FROM articles",
        "published DESC, article_id",
    ),
    "entities": (
        "SELECT e.article_id, e.text, e.label, count(*) AS mentions FROM entities e GROUP BY ALL",
        "mentions DESC, text",
    ),
    "places": (
        "SELECT name, country, kind, admin1, lat, lon, geonames_id, count(*) AS mentions,"
        " count(DISTINCT article_id) AS articles FROM places GROUP BY ALL",
        "mentions DESC, name",
    ),
    "dates": ("SELECT article_id, mention, value, granularity FROM dates", "article_id, value"),
    "amounts": (
        "SELECT article_id, mention, value, unit, counted FROM amounts",
        "article_id, value",
    ),
    "stories": (
        "SELECT story_id, count(*) AS articles, min(published) AS first_published,"
        " any_value(title) AS title FROM articles GROUP BY story_id",
        "articles DESC, first_published",
    ),
}


def contains(text: str) -> str:
    """An ILIKE pattern (with ESCAPE '\\') for `text` anywhere: its own %, _ and \\ match
    themselves, so that a search for "%" finds a percent sign, not everything."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _rows(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list,
    where: list[str] = (),
    tail: str = "",
    limit: int | None = None,
) -> list[dict]:
    """Run `sql` with its conditions joined by AND, then `tail` (GROUP BY, ORDER BY), then the
    limit; rows as dicts."""
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" {tail}" if tail else ""
    sql += f" LIMIT {int(limit)}" if limit else ""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def listing(con: duckdb.DuckDBPyConnection, name: str, limit: int | None = None) -> list[dict]:
    sql, order = LISTINGS[name]
    return _rows(con, f"SELECT * FROM ({sql})", [], tail=f"ORDER BY {order}", limit=limit)


def _actor_and_code(actor: str | None, code: str | None) -> tuple[list[str], list]:
    """Conditions on events: an actor as source or target (RUS or RUSGOV), a code prefix."""
    where, params = [], []
    if actor:
        where.append("(source = ? OR target = ? OR source_code = ? OR target_code = ?)")
        params += [actor.upper()] * 4
    if code:
        where.append("code LIKE ?")
        params.append(code + "%")
    return where, params


def list_events(
    con: duckdb.DuckDBPyConnection,
    actor: str | None = None,
    code: str | None = None,
    root: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stance: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Events with their GDELT counts; `actor` matches a country or a full code (RUS, RUSGOV)."""
    where, params = _actor_and_code(actor, code)
    if root:
        where.append("e.root_code = ?")
        params.append(root.zfill(2))
    if since:
        where.append("e.event_date >= ?")
        params.append(since)
    if until:
        where.append("e.event_date <= ?")
        params.append(until)
    if stance:
        where.append("e.stance = ?")
        params.append(stance)
    sql = (
        "SELECT e.event_date, e.source_code, e.code, e.target_code, e.stance, e.reported_by, e.place,"
        " e.quad_class, e.goldstein, e.story_mentions, e.num_sources, e.num_articles,"
        " e.evidence, e.article_id, e.event_id"
        " FROM events_with_counts e"
    )
    order = "ORDER BY e.event_date DESC, e.article_id, e.start_char"
    return _rows(con, sql, params, where, order, limit)


def list_quotes(
    con: duckdb.DuckDBPyConnection, speaker: str | None = None, limit: int | None = None
) -> list[dict]:
    sql = (
        "SELECT q.speaker, q.speaker_country, q.quote, q.relay, a.published, q.article_id"
        " FROM quotes q JOIN articles a USING (article_id)"
    )
    where, params = (
        (["q.speaker ILIKE ? ESCAPE '\\'"], [contains(speaker)]) if speaker else ([], [])
    )
    order = "ORDER BY a.published DESC, q.article_id, q.start_char"
    return _rows(con, sql, params, where, order, limit)


def claims(
    con: duckdb.DuckDBPyConnection,
    actor: str | None = None,
    code: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """For each event (source, target, code), who asserts it and who denies it, across articles."""
    where, params = _actor_and_code(actor, code)
    # A denied event is still asserted by whoever reported it; the denier defaults to its source.
    sql = (
        "SELECT source_code, code, target_code,"
        " list(DISTINCT coalesce(nullif(reported_by, ''), '(the article)'))"
        "   FILTER (WHERE stance = 'asserted' OR (stance = 'denied' AND reported_by <> '')) AS asserted_by,"
        " list(DISTINCT coalesce(nullif(denied_by, ''), source_code))"
        "   FILTER (WHERE stance = 'denied') AS denied_by,"
        " list(DISTINCT coalesce(nullif(reported_by, ''), '(the article)'))"
        "   FILTER (WHERE stance = 'hypothetical') AS hypothesised_by,"
        " count(DISTINCT article_id) AS articles, any_value(evidence) AS evidence"
        " FROM events"
    )
    tail = "GROUP BY source_code, code, target_code ORDER BY articles DESC, code"
    return _rows(con, sql, params, where, tail, limit)
