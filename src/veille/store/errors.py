"""What went wrong with a store, in a sentence a user understands, from DuckDB's own errors."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from veille.errors import StoreBusy, StoreError

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in .*? \(PID (\d+)\)")


def store_error(path: str | Path | None, error: duckdb.Error) -> StoreError:
    """The StoreError that says what `error` means for the store at `path`."""
    message = str(error)
    where = str(path) if path else "the store"
    held = _LOCK_HOLDER.search(message)
    if held:
        pid = int(held.group(1))
        return StoreBusy(
            f"{where} is in use by {holder(pid)} (PID {pid}): a store has one writer, and no"
            " other process may open it while it is written; try again when that one ends"
        )
    if "not a valid DuckDB database file" in message:
        return StoreError(f"{where} is not a veille store (not a DuckDB file)")
    if "Is a directory" in message:
        return StoreError(f"{where} is a folder, not a store file")
    if "Corrupt database file" in message or "checksum" in message:
        return StoreError(
            f"{where} is corrupt ({message.split(':')[0].lower()}): restore it from a copy, or"
            " run again into a new file"
        )
    if "version number" in message or "newer" in message:
        return StoreError(
            f"{where} was made by a newer DuckDB than this veille's ({duckdb.__version__}):"
            " upgrade veille"
        )
    if isinstance(error, duckdb.CatalogException):
        return StoreError(f"{where} is not a veille store (it lacks veille's tables)")
    first = message.split(". See also")[0].split(" However,")[0]
    return StoreError(f"{where}: {first}")


def holder(pid: int) -> str:
    """`veille serve`, `veille run` … for a veille process, else "another process"."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:  # not Linux, or gone already
        return "another process"
    for i, arg in enumerate(args[:-1]):
        if arg.endswith(("/veille", "veille.cli")) or arg == "veille":
            return f"`veille {args[i + 1]}`"
    return "another process"
