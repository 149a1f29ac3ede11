"""`python -m veille.spark INPUT... -o OUTDIR …` (and spark-submit .../veille/spark/job.py): the
same command as `veille spark`, whose options and output it has."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from veille.cli import app

    args = sys.argv[1:] if argv is None else argv
    try:
        app(["spark", *args], prog_name="veille")
    except SystemExit as done:  # click ends with the command's exit status
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
