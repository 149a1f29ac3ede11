"""Alerts: the rules applied to what the watch stores, each alert kept once in the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import duckdb

from veille import cameo
from veille.store.queries import rows
from veille.watch.rules import Rule, matches


@dataclass
class Alert:
    alert_id: str
    rule: str
    kind: str  # event or volume
    fired_at: datetime
    message: str
    event_id: str | None = None
    article_id: str | None = None
    story_id: str | None = None
    url: str | None = None
    evidence: str | None = None
    reported_by: str | None = None
    count: int | None = None
    baseline: float | None = None

    def to_dict(self) -> dict:
        record = asdict(self)
        record["fired_at"] = self.fired_at.isoformat(timespec="seconds")
        return record


_EVENTS = """
SELECT e.*, a.story_id, a.url, a.title, a.source_name, a.added_at
FROM events e JOIN articles a USING (article_id)
"""


def event_alerts(
    con: duckdb.DuckDBPyConnection, rules: Iterable[Rule], article_ids: list[str], now: datetime
) -> list[Alert]:
    """Alerts of the event rules for the events of these (newly stored) articles, first in
    reading order, stored; those already stored (the same story told again) are left out."""
    rules = [r for r in rules if r.kind == "event"]
    if not rules or not article_ids:
        return []
    now = now.replace(microsecond=0)
    events = rows(
        con,
        _EVENTS + "WHERE e.article_id IN (SELECT unnest(?)) ORDER BY a.added_at, e.start_char",
        [article_ids],
    )
    alerts = []
    for rule in rules:
        for e in events:
            if matches(rule, e):
                # One alert per event and story: syndicated copies share the story.
                key = [e["story_id"], e["source_code"], e["target_code"], e["code"]]
                alerts.append(
                    Alert(
                        _alert_id(rule.name, key),
                        rule.name,
                        "event",
                        now,
                        _describe(rule.name, e),
                        e["event_id"],
                        e["article_id"],
                        e["story_id"],
                        e["url"] or None,
                        e["evidence"],
                        e["reported_by"] or None,
                    )
                )
    return store_new(con, alerts)


def volume_alerts(
    con: duckdb.DuckDBPyConnection, rules: Iterable[Rule], now: datetime
) -> list[Alert]:
    """Alerts of the volume rules at `now`: events (once per story) stored in the last `hours`
    against the mean of the same window on each of the `days` before; once per window."""
    alerts = []
    now = now.replace(microsecond=0)
    for rule in (r for r in rules if r.kind == "volume"):
        window = timedelta(hours=rule.hours)
        oldest = now - timedelta(days=rule.days) - window
        events = rows(con, _EVENTS + "WHERE a.added_at >= ? AND a.added_at < ?", [oldest, now])
        counts = [set() for _ in range(rule.days + 1)]  # [0]: the window ending now
        for e in events:
            if not matches(rule, e):
                continue
            for day in range(rule.days + 1):
                end = now - timedelta(days=day)
                if end - window <= e["added_at"] < end:
                    counts[day].add((e["story_id"], e["source_code"], e["target_code"], e["code"]))
        count = len(counts[0])
        baseline = sum(len(c) for c in counts[1:]) / max(rule.days, 1)
        if count >= rule.min_count and count > rule.threshold * baseline:
            # The window's number since the epoch keys it: one alert per rule and window.
            slot = int(now.timestamp() // window.total_seconds())
            message = (
                f"{rule.name}: {count} events in the last {rule.hours:g} h, "
                f"against {baseline:.1f} on the {rule.days} days before"
            )
            alerts.append(
                Alert(
                    _alert_id(rule.name, [str(slot)]),
                    rule.name,
                    "volume",
                    now,
                    message,
                    count=count,
                    baseline=baseline,
                )
            )
    return store_new(con, alerts)


def store_new(con: duckdb.DuckDBPyConnection, alerts: list[Alert]) -> list[Alert]:
    """Store the alerts not stored yet, in one transaction; returns them."""
    ids = [a.alert_id for a in alerts]
    if not ids:
        return []
    stored = {
        r[0]
        for r in con.execute(
            "SELECT alert_id FROM alerts WHERE alert_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    new = []
    for alert in alerts:
        if alert.alert_id not in stored:
            stored.add(alert.alert_id)
            new.append(alert)
    if new:
        columns = list(asdict(new[0]))
        con.executemany(
            f"INSERT INTO alerts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [list(asdict(a).values()) for a in new],
        )
    return new


def list_alerts(
    con: duckdb.DuckDBPyConnection, rule: str | None = None, limit: int | None = 50
) -> list[dict]:
    """Stored alerts, newest first."""
    sql = "SELECT * FROM alerts" + (" WHERE rule = ?" if rule else "")
    sql += " ORDER BY fired_at DESC, alert_id" + (f" LIMIT {int(limit)}" if limit else "")
    return rows(con, sql, [rule] if rule else [])


def last_fired(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """When each rule last fired, by rule name."""
    return dict(con.execute("SELECT rule, max(fired_at) FROM alerts GROUP BY rule").fetchall())


def alerts_page(con: duckdb.DuckDBPyConnection, rule: str | None, limit: int) -> dict:
    """Alerts for the API; an older store, opened read-only, has no alerts table yet."""
    try:
        items = list_alerts(con, rule, limit)
        total = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
    except duckdb.CatalogException:
        items, total = [], 0
    return {"total": total, "limit": limit, "items": items}


def status(con: duckdb.DuckDBPyConnection, watch: dict | None) -> dict:
    """What /api/watch answers: the rules with when each last fired, the watch's interval and
    last poll (none without a watch), and counts that change when something new is stored."""
    try:
        fired = last_fired(con)
        alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
    except duckdb.CatalogException:
        fired, alerts = {}, 0
    counts = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)"
    ).fetchone()
    watch = watch or {}
    rules = [
        {"name": r["name"], "kind": r["kind"], "last_fired": fired.get(r["name"])}
        for r in watch.get("rules", [])
    ]
    listed = {r["name"] for r in rules}
    rules += [
        {"name": name, "kind": None, "last_fired": at}
        for name, at in sorted(fired.items())
        if name not in listed
    ]
    return {
        "watching": bool(watch),
        "every": watch.get("every"),
        "last_poll": watch.get("last_poll"),
        "rules": rules,
        "articles": counts[0],
        "events": counts[1],
        "alerts": alerts,
    }


def _alert_id(rule: str, key: list) -> str:
    text = "\x1f".join([rule, *(k or "" for k in key)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _describe(rule: str, e: dict) -> str:
    name = (cameo.lookup(e["code"] or "") or {}).get("name", "")
    stance = f" [{e['stance']}]" if e["stance"] and e["stance"] != "asserted" else ""
    evidence = " ".join((e["evidence"] or "").split())
    evidence = evidence if len(evidence) <= 160 else evidence[:159] + "…"
    return (
        f"{rule}: {e['source_code'] or '—'} {e['code']} {name} → {e['target_code'] or '—'}"
        f"{stance} “{evidence}”"
    )
