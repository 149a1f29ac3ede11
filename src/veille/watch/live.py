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
