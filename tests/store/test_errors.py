"""A store that cannot be used says why in one sentence: at the CLI (exit 2) and at the API."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.articles import write_corpus
from veille import store
from veille.cli import app
from veille.run import run
from veille.serve import create_app

runner = CliRunner()


def small_store(path):
    con = store.connect(path)
    con.execute("INSERT INTO articles (article_id, title, text) VALUES ('a', 'Titre', 'Texte')")
    con.close()
    return path


def corrupt_store(path):
    small_store(path)
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))
    return path


def foreign_duckdb(path):
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE ventes (x INT)")
    con.close()
    return path


def newer_store(path):
    small_store(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    return path


BAD_STORES = {
    "folder": (lambda p: (p.mkdir(), p)[1], "is a folder, not a store file"),
    "text": (lambda p: (p.write_text("bonjour " * 1000), p)[1], "is not a veille store"),
    "foreign": (foreign_duckdb, "is not a veille store"),
    "corrupt": (corrupt_store, "is corrupt"),
    "newer": (newer_store, "made by a newer veille"),
}


@pytest.mark.parametrize("kind", BAD_STORES)
@pytest.mark.parametrize("read_only", [True, False])
def test_a_store_that_cannot_be_used_is_one_store_error(tmp_path, kind, read_only):
    make, sentence = BAD_STORES[kind]
    path = make(tmp_path / "s.duckdb")
    with pytest.raises(store.StoreError, match=sentence):
        store.connect(path, read_only=read_only)


@pytest.mark.parametrize("kind", BAD_STORES)
def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path, kind):
    make, sentence = BAD_STORES[kind]
    path = make(tmp_path / "s.duckdb")
    result = runner.invoke(app, ["events", "--db", str(path)])
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("error ") and sentence in line


def test_debug_shows_the_traceback(tmp_path):
    path = corrupt_store(tmp_path / "s.duckdb")
    result = runner.invoke(app, ["--debug", "events", "--db", str(path)])
    assert isinstance(result.exception, store.StoreError)


def test_the_api_says_it_in_its_one_error_shape(tmp_path):
    path = corrupt_store(tmp_path / "s.duckdb")
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        response = client.get("/api/events")
    assert response.status_code == 500
    message = response.json()["error"]["message"]
    assert "is corrupt" in message and "-readonly" not in message


def hold_open(path, read_only: bool) -> subprocess.Popen:
    code = (
        f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}, read_only={read_only});"
        " print('open', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    return process


def test_a_store_held_by_another_process_names_it(tmp_path):
    path = small_store(tmp_path / "s.duckdb")
    holder = hold_open(path, read_only=False)
    try:
        result = runner.invoke(app, ["events", "--db", str(path)])
        assert result.exit_code == 2
        assert f"is in use by another process (PID {holder.pid})" in result.output
        with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
            response = client.get("/api/stats")
        assert response.status_code == 503
        assert f"(PID {holder.pid})" in response.json()["error"]["message"]
    finally:
        holder.kill()
        holder.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_run_beside_a_running_server_works_and_the_server_shows_it(tmp_path, nlp):
    path = small_store(tmp_path / "s.duckdb")
    port = _free_port()
    args = [sys.executable, "-m", "veille.cli", "serve", "--db", str(path), "--port", str(port)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/stats"
        for _ in range(200):
            try:
                before = httpx.get(url).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        summary = run([str(write_corpus(tmp_path / "in", 2))], path)
        assert summary.stored == 2
        after = httpx.get(url).json()
        assert (before["tables"]["articles"], after["tables"]["articles"]) == (1, 3)
    finally:
        server.terminate()
        server.wait()
