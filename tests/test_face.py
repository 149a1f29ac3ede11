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


def test_the_functions_honour_the_settings_file_veille_config_names(tmp_path, monkeypatch, nlp):
    import veille.nlp
    import veille.run
    from veille import settings

    user = tmp_path / "desk.toml"
    user.write_text(
        f'[store]\npath = "{tmp_path / "desk.duckdb"}"\n[analysis]\nbatch_size = 5\n'
        "[fetch]\ndelay = 3.0\n[thresholds]\nplaces = 0.2\n"
    )
    monkeypatch.setenv("VEILLE_CONFIG", str(user))
    veille.open_store().close()
    assert (tmp_path / "desk.duckdb").is_file()

    runs = []
    monkeypatch.setattr(veille.run, "run", lambda sources, path, **options: runs.append(options))
    veille.run_sources(["inbox/"])
    [options] = runs
    assert options["batch_size"] == 5 and options["reading"]["fetcher"].delay == 3.0
    assert options["shifts"] == {"events": 0.0, "events_repeat": 0.0, "places": 0.2}
    # the keys the file does not set keep their defaults; an argument given wins
    assert options["workers"] == settings.default("analysis.workers")
    assert options["model"] == settings.default("analysis.model")
    veille.run_sources(["inbox/"], batch_size=7)
    assert runs[-1]["batch_size"] == 7

    loads = []
    monkeypatch.setattr(veille.nlp, "load", lambda *args, **kw: loads.append((args, kw)) or nlp)
    [analysis] = veille.analyse(["La police a arrêté trois manifestants à Lyon."])
    assert analysis.article.text.startswith("La police")
    [(args, kw)] = loads
    assert args[1] == settings.default("analysis.model") and kw["shifts"]["places"] == 0.2
