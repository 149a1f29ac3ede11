"""The public face: `import veille` works as the README shows, with veille's own errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import veille

ROOT = Path(__file__).resolve().parents[1]


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### From Python") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs(tmp_path, monkeypatch, nlp, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    exec(compile(_readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("6 6 []")  # six articles read and stored, none failed
    assert "Nous n'avons rien à annoncer pour le moment" in out
    assert any(line.startswith("PRKGOV 016 RUSGOV") for line in out)
    assert (tmp_path / "events.tsv").stat().st_size > 0
    assert out[-1] == "[('PSEREB', '112', 'ISRGOV')]"  # the analysed sentence: an accusation


def test_listings_page_and_filters_are_checked(tmp_path):
    from tests.serve.sample import make_store

    with veille.open_store(make_store(tmp_path / "s.duckdb"), read_only=True) as store:
        every = veille.events(store, limit=None)
        page = veille.events(store, limit=2, offset=1)
        assert page["total"] == every["total"] > 3 and page["items"] == every["items"][1:3]
        assert veille.claims(store, stance="denied")["items"]
        with pytest.raises(veille.QueryError, match="not a date"):
            veille.events(store, since="2024-13")
        with pytest.raises(veille.ExportError):
            veille.export_store(store, "xls", tmp_path / "out.xls")


def test_a_missing_store_is_a_veille_error(tmp_path):
    with pytest.raises(veille.StoreError, match="no store at") as raised:
        veille.open_store(tmp_path / "none.duckdb", read_only=True)
    assert isinstance(raised.value, veille.VeilleError)


def test_no_module_hides_a_function_of_the_face():
    import veille.export  # noqa: F401 - loading a submodule sets its name on the package
    import veille.run  # noqa: F401

    for name in ("open_store", "run_sources", "analyse", "events", "claims", "quotes"):
        assert callable(getattr(veille, name)) and getattr(veille, name).__module__ == "veille"
    assert veille.export_store.__module__ == "veille"
