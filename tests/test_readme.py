"""The README stays true: every command is documented, the two commands are there."""

from pathlib import Path

from veille.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_every_command_is_in_the_readme():
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert len(names) >= 15
    missing = [name for name in names if f"veille {name}" not in README]
    assert missing == []


def test_the_two_commands_are_in_the_readme():
    assert "make run" in README and "make test" in README
