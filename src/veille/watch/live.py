"""The dashboard while watching. DuckDB lets one process write a file and no other process
open it meanwhile, so `veille watch --serve` runs the API in the watch's own process, in a
thread, on a cursor of the watch's connection: the server reads each batch as soon as the watch
commits it, and nothing else ever opens the file."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import duckdb

from veille.watch.alerts import last_fired, list_alerts


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


def serve_in_thread(
    db_path: str | Path,
    con: duckdb.DuckDBPyConnection,
    watch: dict,
    host: str = "127.0.0.1",
    port: int = 8000,
):
    """Start the API and dashboard on a cursor of `con`; returns the uvicorn server (set its
    `should_exit` to stop it) once it accepts connections."""
    import uvicorn

    from veille.serve import LOCAL_HOSTS, create_app

    app = create_app(db_path, con=con.cursor(), watch=watch, hosts=(*LOCAL_HOSTS, host))
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=_run, args=(server,), name="veille-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise OSError(f"the dashboard could not start on {host}:{port}")
        time.sleep(0.05)
    return server


def _run(server) -> None:
    # uvicorn exits when it cannot bind: serve_in_thread sees the thread end and says so.
    with contextlib.suppress(SystemExit):
        server.run()
