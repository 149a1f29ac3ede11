"""Serve the store: an HTTP API and a web dashboard, bound to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from veille.serve.app import LOCAL_HOSTS, create_app


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_hosts: tuple[str, ...] = (),
) -> None:
    """Run the API and dashboard until interrupted (uvicorn logs each request). Requests are
    answered when their Host is the bound address, a local name, or one of `allow_hosts`."""
    import uvicorn

    hosts = (*LOCAL_HOSTS, host, *allow_hosts)
    uvicorn.run(create_app(db_path, hosts=hosts), host=host, port=port, log_level="info")


__all__ = ["LOCAL_HOSTS", "create_app", "serve"]
