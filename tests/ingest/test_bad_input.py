"""Bad inputs are reported with the file (and line) and the reason, and reading goes on."""

from __future__ import annotations

import gzip
import json
import time

from tests.ingest.pages import GREVE, LOIRE, html_page, rss_feed
from veille.ingest import read_sources
from veille.records import Article, InputError


def read_folder(tmp_path, **options):
    return list(read_sources([tmp_path], delay=0, **options))


def test_empty_file(tmp_path):
    (tmp_path / "vide.txt").write_text("  \n", "utf-8")
    (tmp_path / "vide.jsonl").write_text("", "utf-8")
    found = read_folder(tmp_path)
    assert [(e.path.rsplit("/", 1)[-1], e.reason) for e in found] == [
        ("vide.jsonl", "empty file"),
        ("vide.txt", "empty file"),
    ]


def test_binary_file(tmp_path):
    (tmp_path / "photo.html").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    (tmp_path / "dump.jsonl").write_bytes(bytes(range(256)) * 4)
    found = read_folder(tmp_path)
    assert all(isinstance(e, InputError) and e.reason == "binary file, not text" for e in found)
    assert len(found) == 2


def test_latin1_file_is_decoded(tmp_path):
    text = LOIRE["title"] + "\n" + "\n".join(LOIRE["paragraphs"])
    (tmp_path / "loire.txt").write_bytes(text.encode("latin-1"))
    page = html_page(GREVE, charset="iso-8859-1")
    (tmp_path / "greve.html").write_bytes(page.encode("latin-1"))
    greve, loire = read_folder(tmp_path)
    assert loire.title == "Crue de la Loire : Orléans évacue ses quais"
    assert "préfecture" in loire.text and "évacuation" in loire.text
    assert greve.title == GREVE["title"]


def test_file_over_10_mb(tmp_path):
    big = tmp_path / "enorme.txt"
    with big.open("w", encoding="utf-8") as out:
        out.write("Un titre\n")
        out.write(("Une phrase française ordinaire répétée. " * 1000 + "\n") * 260)
    (tmp_path / "petit.txt").write_text(LOIRE["title"] + "\n" + LOIRE["paragraphs"][0], "utf-8")
    error, article = read_folder(tmp_path)
    assert isinstance(error, InputError) and error.path == str(big)
    assert error.reason.startswith("file too large")
    assert isinstance(article, Article)


def test_malformed_jsonl_line(tmp_path):
    path = tmp_path / "fil.jsonl"
    good = json.dumps({"id": "a", "text": "\n".join(LOIRE["paragraphs"])}, ensure_ascii=False)
    path.write_text(
        "\n".join([good, '{"id": "b", "text": "coupé', "[1, 2]", '{"id": "d"}', good]), "utf-8"
    )
    found = list(read_sources([path]))
    assert [type(i).__name__ for i in found] == [
        "Article",
        "InputError",
        "InputError",
        "InputError",
        "Article",
    ]
    assert [(e.line, e.reason.split(":")[0]) for e in found if isinstance(e, InputError)] == [
        (2, "malformed JSON"),
        (3, "not a JSON object"),
        (4, "no text (field 'text')"),
    ]
    assert str(found[1]) == f"{path}:2: {found[1].reason}"


def test_jsonl_line_over_the_limit_is_skipped_unread(tmp_path):
    path = tmp_path / "fil.jsonl"
    good = json.dumps({"id": "a", "text": "\n".join(LOIRE["paragraphs"])}, ensure_ascii=False)
    huge = json.dumps({"id": "b", "text": "mot " * 5_000})
    path.write_text("\n".join([good, huge, good.replace('"a"', '"c"')]) + "\n", "utf-8")
    found = list(read_sources([path], max_bytes=4_000))
    assert [getattr(i, "origin_id", None) for i in found] == ["a", None, "c"]
    assert (found[1].line, found[1].reason) == (2, "line too long (over 4,000 bytes)")


def test_truncated_jsonl_gz_keeps_what_came_before(tmp_path):
    rows = [
        json.dumps(
            {"id": str(n), "text": "\n".join(LOIRE["paragraphs"]) + f" ({n})"}, ensure_ascii=False
        )
        for n in range(40)
    ]
    whole = gzip.compress(("\n".join(rows) + "\n").encode("utf-8"))
    path = tmp_path / "coupe.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    found = list(read_sources([path]))
    *read, error = found
    assert read and all(isinstance(a, Article) for a in read)
    assert [a.origin_id for a in read] == [str(n) for n in range(len(read))]
    assert isinstance(error, InputError) and error.path == str(path)
    assert error.reason.startswith(f"corrupt compressed file after line {len(read)}")


def test_feed_with_bad_items_goes_on(tmp_path, server):
    """A timeout, a 404, a 50 MB page (declared or not) and a Japanese page: each one error."""
    _, base = server
    links = ["/slow", "/missing", "/big", "/big-chunked", "/ja.html", "/loire.html"]
    path = tmp_path / "fil.xml"
    path.write_text(rss_feed([(link, base + link) for link in links]), "utf-8")
    start = time.monotonic()
    found = list(read_sources([path], timeout=0.5, delay=0))
    assert time.monotonic() - start < 10
    reasons = {e.path.removeprefix(base): e.reason for e in found if isinstance(e, InputError)}
    assert reasons["/slow"] == "timed out after 0.5 s"
    assert reasons["/missing"] == "HTTP 404 Not Found"
    assert reasons["/big"] == "page too large (50,000,000 bytes, limit 10,000,000)"
    assert reasons["/big-chunked"] == "page too large (over 10,000,000 bytes)"
    assert reasons["/ja.html"] == "language ja, not fr/en"
    assert [a.title for a in found if isinstance(a, Article)] == [LOIRE["title"]]
    assert found[-1].title == LOIRE["title"]


def test_bad_url_sources(server):
    _, base = server
    missing, slow = read_sources([f"{base}/nowhere", f"{base}/slow"], timeout=0.5, delay=0)
    assert missing.reason == "HTTP 404 Not Found" and missing.path == f"{base}/nowhere"
    assert slow.reason.startswith("timed out")
