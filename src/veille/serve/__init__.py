"""Serve the store: an HTTP API and a web dashboard, bound to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from veille.serve.app import create_app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the API and dashboard until interrupted (uvicorn logs each request)."""
    import uvicorn

    uvicorn.run(create_app(db_path), host=host, port=port, log_level="info")


__all__ = ["create_app", "serve"]
