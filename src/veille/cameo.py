"""The CAMEO event codebook: names, Goldstein scale and GDELT QuadClass for each code."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table() -> dict[str, dict]:
    """code -> {code, name, goldstein, quad_class, root} from the packaged data/cameo.tsv."""
    text = resources.files("veille").joinpath("data", "cameo.tsv").read_text("utf-8")
    codes = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, goldstein, quad, root = line.split("\t")
        codes[code] = {
            "code": code,
            "name": name,
            "goldstein": float(goldstein),
            "quad_class": int(quad),
            "root": root,
        }
    return codes


def lookup(code: str) -> dict | None:
    """The codebook entry of a code, or of its nearest ancestor (0232 -> 023 -> 02)."""
    codes = table()
    while code:
        if code in codes:
            return codes[code]
        code = code[:-1]
    return None


def gdelt_fields(code: str) -> dict:
    """GDELT's EventCode, EventBaseCode, EventRootCode, QuadClass and GoldsteinScale for a code."""
    entry = lookup(code)
    root = code[:2]
    return {
        "code": code,
        "base_code": code[:3],
        "root_code": root,
        "quad_class": entry["quad_class"] if entry else 0,
        "goldstein": entry["goldstein"] if entry else 0.0,
    }


def is_valid(code: str) -> bool:
    """True when the code is in the codebook."""
    return code in table()
