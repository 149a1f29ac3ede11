"""Settings declared once: the packaged defaults, a user's file overriding only its keys, the
commands reading them, `veille config` saying where each comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import veille
from veille import settings
from veille.cli import app
from veille.settings import SettingsError

runner = CliRunner()
SRC = Path(veille.__file__).parent
README = (SRC.parents[1] / "README.md").read_text("utf-8")


def test_a_users_file_overrides_only_the_keys_it_sets(tmp_path):
    user = tmp_path / "veille.toml"
    user.write_text('[store]\npath = "desk.duckdb"\n[analysis]\nworkers = 2\n')
    found = settings.load(user)
    assert found["store.path"] == "desk.duckdb" and found["analysis.workers"] == 2
    assert found.origins["store.path"] == str(user)
    assert found["analysis.batch_size"] == settings.default("analysis.batch_size") == 32
    assert found.origins["analysis.batch_size"] == "default"


def test_the_environment_names_the_file(tmp_path, monkeypatch):
    user = tmp_path / "env.toml"
    user.write_text("[fetch]\ndelay = 3\n")
    monkeypatch.setenv("VEILLE_CONFIG", str(user))
    assert settings.load()["fetch.delay"] == 3.0
    monkeypatch.delenv("VEILLE_CONFIG")
    assert settings.load()["fetch.delay"] == 1.0


@pytest.mark.parametrize(
    "text,message",
    [
        ('[store]\npth = "x"\n', "no setting 'store.pth'"),
        ('[analysis]\nworkers = "two"\n', "analysis.workers must be a int"),
        ("[analysis\n", "cannot read the settings"),
    ],
)
def test_a_bad_file_is_a_veille_error_that_says_why(tmp_path, text, message):
    user = tmp_path / "bad.toml"
    user.write_text(text)
    with pytest.raises(SettingsError, match=message):
        settings.load(user)
    result = runner.invoke(app, ["--config", str(user), "config"])
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_veille_config_prints_each_setting_and_where_it_comes_from(tmp_path):
    user = tmp_path / "veille.toml"
    user.write_text("[serve]\nport = 9000\n")
    result = runner.invoke(app, ["--config", str(user), "config"])
    assert result.exit_code == 0, result.output
    assert f"port = 9000  # {user}" in result.output
    assert 'model = "fr_core_news_md"  # default' in result.output
    assert result.output.count(" = ") == len(settings.defaults().values)


def test_commands_read_the_store_path_from_the_settings(tmp_path):
    user = tmp_path / "veille.toml"
    user.write_text(f'[store]\npath = "{tmp_path / "desk.duckdb"}"\n')
    result = runner.invoke(app, ["--config", str(user), "events"])
    assert result.exit_code == 2
    assert "desk.duckdb" in result.output  # the store it looked for: the setting's
    given = runner.invoke(app, ["--config", str(user), "events", "--db", str(tmp_path / "o.db")])
    assert "o.db" in given.output  # an option wins over the settings


def test_the_defaults_are_written_once_in_the_source():
    defaults = (SRC / "settings.toml").read_text("utf-8")
    assert 'model = "fr_core_news_md"' in defaults and 'path = "veille.duckdb"' in defaults
    assert "batch_size = 32" in defaults
    code = {path: path.read_text("utf-8") for path in SRC.rglob("*.py")}
    assert [p.name for p, text in code.items() if "fr_core_news_md" in text] == []
    assert [p.name for p, text in code.items() if "veille.duckdb" in text] == []
    # the batch of stored articles (the events component's spaCy batch is another thing)
    doors = [SRC / "run.py", SRC / "cli.py", SRC / "__init__.py"]
    batch_lines = [line for p in doors for line in code[p].splitlines() if "batch_size" in line]
    assert batch_lines and [line for line in batch_lines if "32" in line] == []


def test_the_readme_documents_every_setting():
    missing = [key for key in settings.defaults().values if f"`{key}`" not in README]
    assert missing == []
