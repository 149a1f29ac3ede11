"""Readers: text, HTML, JSONL, WARC, feeds and folders, each article keeping its URL and site."""

from __future__ import annotations

import bz2
import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.ingest.pages import (
    ENGLISH,
    GREVE,
    JAPANESE,
    LOIRE,
    VIGNES,
    atom_feed,
    html_page,
    rss_feed,
)
from veille.ingest import Fetcher, read_sources
from veille.records import Article, InputError


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, InputError)]


def write_warc(path, pages: list[tuple[str, str, str]]):
    """A WARC.gz with one response record per (url, content type, body), plus a request record."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, content_type, body in pages:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def test_txt_first_line_is_the_title(tmp_path):
    path = tmp_path / "loire.txt"
    path.write_text(LOIRE["title"] + "\n\n" + "\n".join(LOIRE["paragraphs"]), "utf-8")
    [article] = list(read_sources([path]))
    assert article.title == LOIRE["title"]
    assert article.text.startswith("La préfecture du Loiret")
    assert article.origin_id == str(path)
    assert article.lang == "fr"


def test_html_file_text_and_metadata(tmp_path):
    path = tmp_path / "greve.html"
    path.write_text(
        html_page(GREVE, url="https://www.provence-matin.example/eco/greve.html"), "utf-8"
    )
    [article] = list(read_sources([path]))
    assert article.title == GREVE["title"]
    assert article.published == "2024-05-02"
    assert article.author == "Julien Roux"
    assert article.url == "https://www.provence-matin.example/eco/greve.html"
    assert article.source_name == "provence-matin.example"
    assert article.origin_id == article.url
    # Paragraphs stay on their own lines; navigation and footer are gone.
    assert "\n".join(GREVE["paragraphs"]) in article.text
    assert "Accueil" not in article.text


def test_jsonl_with_field_map(tmp_path):
    path = tmp_path / "wire.jsonl"
    rows = [
        {
            "uid": "afp-1",
            "link": "https://agence.example/1",
            "headline": LOIRE["title"],
            "body": "\n".join(LOIRE["paragraphs"]),
            "day": "2024-03-14T09:00:00",
        },
        {"uid": "afp-2", "headline": GREVE["title"], "body": "\n".join(GREVE["paragraphs"])},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    field_map = {"id": "uid", "url": "link", "title": "headline", "text": "body", "date": "day"}
    first, second = read_sources([path], field_map=field_map)
    assert (first.origin_id, first.url, first.source_name, first.published) == (
        "afp-1",
        "https://agence.example/1",
        "agence.example",
        "2024-03-14",
    )
    assert second.origin_id == "afp-2" and second.title == GREVE["title"]


def test_jsonl_plain_fields_and_identity_fallback(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {
                "url": "https://site.example/x",
                "title": "T",
                "text": "\n".join(VIGNES["paragraphs"]),
                "date": "2024-04-22",
                "lang": "fr",
            },
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    [article] = read_sources([path])
    assert article.origin_id == "https://site.example/x"
    assert article.published == "2024-04-22"


@pytest.mark.parametrize("suffix, opener", [(".jsonl.gz", gzip.open), (".jsonl.bz2", bz2.open)])
def test_compressed_jsonl(tmp_path, suffix, opener):
    path = tmp_path / f"archive{suffix}"
    with opener(path, "wt", encoding="utf-8") as out:
        for number, article in enumerate([LOIRE, GREVE], start=1):
            row = {
                "id": f"d{number}",
                "title": article["title"],
                "text": "\n".join(article["paragraphs"]),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    found = read_sources([tmp_path])
    assert [(a.origin_id, a.title) for a in found] == [
        ("d1", LOIRE["title"]),
        ("d2", GREVE["title"]),
    ]


def test_warc_gz_reads_html_responses_only(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            (
                "https://www.courrier-centre.example/loire.html",
                "text/html; charset=utf-8",
                html_page(LOIRE),
            ),
            ("https://www.courrier-centre.example/logo.png", "image/png", "not a page"),
            ("https://provence-matin.example/greve", "text/html", html_page(GREVE)),
        ],
    )
    assert gzip.decompress(path.read_bytes())[:4] == b"WARC"
    found = list(read_sources([path]))
    assert [a.url for a in found] == [
        "https://www.courrier-centre.example/loire.html",
        "https://provence-matin.example/greve",
    ]
    assert [a.source_name for a in found] == ["courrier-centre.example", "provence-matin.example"]
    assert found[0].title == LOIRE["title"] and found[0].published == "2024-03-14"


def test_malformed_warc_is_reported(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is not an archive\n" * 20))
    [error] = read_sources([path])
    assert isinstance(error, InputError) and "WARC" in error.reason


@pytest.mark.parametrize("kept", [0.7, 0.99])
@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_a_cut_warc_keeps_its_whole_records_and_reports_the_cut_one(tmp_path, kept, suffix):
    whole = tmp_path / "whole.warc.gz"
    pages = [("https://a.example/loire", "text/html", html_page(LOIRE))]
    write_warc(whole, pages + [("https://a.example/greve", "text/html", html_page(GREVE))])
    data = whole.read_bytes() if suffix == ".warc.gz" else gzip.decompress(whole.read_bytes())
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: int(len(data) * kept)])
    first, error = read_sources([path])
    assert first.url == "https://a.example/loire"
    assert isinstance(error, InputError) and error.path.startswith(str(path))
    assert "cut short" in error.reason and "skipped" in error.reason
    offset = int(error.reason.split("at byte ")[1].split()[0].replace(",", ""))
    assert 0 < offset < len(data) * kept  # where the cut record starts in the file


def test_atom_file_with_inline_content(tmp_path):
    path = tmp_path / "gel.atom"
    path.write_text(atom_feed(VIGNES), "utf-8")
    [article] = read_sources([path], fetch_links=False)
    assert article.title == VIGNES["title"]
    assert article.url == "https://bourgogne-info.example/gel-tardif"
    assert article.source_name == "bourgogne-info.example"
    assert article.published == "2024-04-22"
    assert "bougies" in article.text


def test_rss_file_items_are_fetched_from_local_server(tmp_path, server):
    httpd, base = server
    path = tmp_path / "fil.rss"
    path.write_text(
        rss_feed([("Crue", f"{base}/loire.html"), ("Grève", f"{base}/greve.html")]), "utf-8"
    )
    found = list(read_sources([path], delay=0, timeout=2))
    assert [a.title for a in found] == [LOIRE["title"], GREVE["title"]]
    assert [a.url for a in found] == [f"{base}/loire.html", f"{base}/greve.html"]
    assert all(a.source_name == "127.0.0.1" and a.published == "2024-03-14" for a in found)
    assert all(a.origin_id == a.url for a in found)
    assert any(agent.startswith("veille/") for agent in httpd.seen_agents)


def test_feed_url_and_page_url(server):
    httpd, base = server
    httpd.RequestHandlerClass.pages["/fil.xml"] = rss_feed([("Crue", f"{base}/loire.html")])
    [from_feed] = read_sources([f"{base}/fil.xml"], delay=0, timeout=2)
    [page] = read_sources([f"{base}/greve.html"], delay=0, timeout=2)
    assert from_feed.title == LOIRE["title"]
    assert page.title == GREVE["title"] and page.url == f"{base}/greve.html"


def test_redirects_are_followed_and_bounded(server):
    _, base = server
    moved, loop, to_file = read_sources(
        [f"{base}/moved", f"{base}/loop", f"{base}/to-file"], delay=0, timeout=2
    )
    assert moved.title == LOIRE["title"] and moved.url == f"{base}/loire.html"
    assert isinstance(loop, InputError) and "redirects" in loop.reason
    assert isinstance(to_file, InputError) and "http and https only" in to_file.reason


def test_polite_delay_per_host(server):
    import time

    _, base = server
    start = time.monotonic()
    found = list(read_sources([f"{base}/loire.html", f"{base}/greve.html"], delay=0.3, timeout=2))
    assert len(articles(found)) == 2
    assert time.monotonic() - start >= 0.3


def test_robots_txt_is_obeyed_unless_told_otherwise(server):
    _, base = server
    urls = [f"{base}/prive/greve.html", f"{base}/loire.html"]
    refused, allowed = read_sources(urls, delay=0, timeout=2)
    assert isinstance(refused, InputError) and refused.path == urls[0]
    assert refused.reason == "disallowed by the site's robots.txt"
    assert allowed.title == LOIRE["title"]
    [greve] = read_sources(urls[:1], fetcher=Fetcher(delay=0, timeout=2, robots=False))
    assert greve.title == GREVE["title"]


@pytest.fixture
def robots(server):
    """Serve another robots.txt (a text, or an HTTP status) for one test."""
    httpd, base = server
    pages = httpd.RequestHandlerClass.pages
    kept = pages["/robots.txt"]
    yield lambda answer: pages.__setitem__("/robots.txt", answer)
    pages["/robots.txt"] = kept


def test_a_missing_robots_txt_allows_all_an_unreachable_one_nothing(server, robots):
    _, base = server
    robots(404)
    [page] = read_sources([f"{base}/prive/greve.html"], delay=0, timeout=2)
    assert page.title == GREVE["title"]
    robots(503)
    [error] = read_sources([f"{base}/loire.html"], delay=0, timeout=2)
    assert error.reason == "robots.txt unreachable (server or network error)"


def test_crawl_delay_of_robots_txt_spaces_requests(server, robots):
    import time

    _, base = server
    robots("User-agent: veille\nCrawl-delay: 1\n")
    start = time.monotonic()
    found = list(read_sources([f"{base}/loire.html", f"{base}/greve.html"], delay=0, timeout=2))
    assert [a.title for a in found] == [LOIRE["title"], GREVE["title"]]
    assert time.monotonic() - start >= 2  # robots.txt, then each page a second apart


def test_english_goes_on_japanese_does_not(tmp_path):
    (tmp_path / "en.html").write_text(html_page(ENGLISH, lang="en"), "utf-8")
    (tmp_path / "ja.html").write_text(html_page(JAPANESE, lang="ja"), "utf-8")
    english, japanese = read_sources([tmp_path])
    assert english.lang == "en"
    assert isinstance(japanese, InputError)
    assert japanese.reason == "language ja, not fr/en" and japanese.path.endswith("ja.html")


def test_mixed_folder_reads_each_article_once(tmp_path, server):
    _, base = server
    folder = tmp_path / "sources"
    (folder / "pages" / "deep").mkdir(parents=True)
    (folder / "pages" / "greve.htm").write_text(html_page(GREVE), "utf-8")
    (folder / "pages" / "deep" / "loire.txt").write_text(
        LOIRE["title"] + "\n" + "\n".join(LOIRE["paragraphs"]), "utf-8"
    )
    (folder / "wire.jsonl").write_text(
        json.dumps(
            {"id": "w1", "title": VIGNES["title"], "text": "\n".join(VIGNES["paragraphs"])},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    write_warc(
        folder / "crawl.warc.gz",
        [("https://harbour.example/strike", "text/html", html_page(ENGLISH, lang="en"))],
    )
    (folder / "fil.rss").write_text(rss_feed([("Crue", f"{base}/loire.html")]), "utf-8")
    (folder / "notes.md").write_text("not a source", "utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    found = list(read_sources([folder], delay=0, timeout=2))
    assert errors(found) == []
    assert [a.title for a in found] == [
        ENGLISH["title"],
        LOIRE["title"],
        LOIRE["title"],
        GREVE["title"],
        VIGNES["title"],
    ]
    # The same sources twice give the same articles in the same order.
    assert [a.to_dict() for a in read_sources([folder], delay=0, timeout=2)] == [
        a.to_dict() for a in found
    ]


@pytest.mark.parametrize("source", ["/no/such/folder", "ftp://example.org/feed.xml"])
def test_missing_and_unsupported_sources(source):
    [error] = read_sources([source])
    assert isinstance(error, InputError) and error.path == source


def test_jsonl_dates_in_other_formats(tmp_path):
    path = tmp_path / "dates.jsonl"
    text = "\n".join(LOIRE["paragraphs"])
    path.write_text(
        "\n".join(
            json.dumps({"id": str(i), "text": text, "date": date}, ensure_ascii=False)
            for i, date in enumerate(["14/03/2024", "13 juillet 2019", "pas une date"])
        ),
        "utf-8",
    )
    items = list(read_sources([path]))
    articles = [a for a in items if not isinstance(a, InputError)]
    assert [a.published for a in articles] == ["2024-03-14", "2019-07-13", ""]
    [problem] = [e for e in items if isinstance(e, InputError)]
    assert (problem.line, problem.skipped) == (3, False)


@pytest.mark.parametrize(
    "value, published",
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-03-14T23:30:00-05:00", "2024-03-14"),  # the day where it was written
        ("2024-03-14T09:00:00Z", "2024-03-14"),
        ("Thu, 14 Mar 2024 09:00:00 +0000", "2024-03-14"),
        ("14/03/2024", "2024-03-14"),
        (12, ""),
        ("N/A", ""),
        ("2024", ""),
        ("hier", ""),
        ("il y a 3 jours", ""),
        ("2024-13-45", ""),
        ("0001-01-01", ""),
        ([2024, 3, 14], ""),
    ],
)
def test_jsonl_dates_are_read_strictly_never_guessed(value, published):
    from veille.ingest.jsonl import strict_date

    day, problem = strict_date(value)
    assert day == published
    assert bool(problem) == (not published)
    if problem:
        assert repr(value) in problem and problem.endswith("left empty")


def test_jsonl_fields_of_the_wrong_type_are_reported_never_stored_as_python(tmp_path):
    text = "\n".join(LOIRE["paragraphs"])
    rows = [
        {"id": "a", "title": "Crue", "text": ["un", "deux"]},
        {"id": "b", "title": {"fr": "Crue"}, "text": text},
        {"id": "c", "title": "Crue", "text": {"body": text}},
        {"id": "d", "title": "Crue", "text": text, "author": ["A", "B"], "date": "N/A"},
        {"id": "e\u0000f", "title": "Cr\u0000ue", "text": text[:200] + "\u0000" + text[200:]},
    ]
    path = tmp_path / "types.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    items = list(read_sources([path]))
    errors = [(e.line, e.reason, e.skipped) for e in items if isinstance(e, InputError)]
    assert errors == [
        (1, "field 'text' is a list, not a string", True),
        (2, "field 'title' is an object, not a string", True),
        (3, "field 'text' is an object, not a string", True),
        (
            4,
            "field 'date': 'N/A' is not a full date (ISO 8601 or RFC 2822 expected): left empty",
            False,
        ),
        (4, "field 'author' is a list: left empty", False),
    ]
    kept, nul = [a for a in items if not isinstance(a, InputError)]
    assert (kept.origin_id, kept.author, kept.published) == ("d", "", "")
    assert (nul.origin_id, nul.title, nul.text) == ("ef", "Crue", text)


def test_a_nul_byte_is_dropped_wherever_it_is_in_a_file(tmp_path):
    text = "\n".join(LOIRE["paragraphs"])
    early, late = tmp_path / "early.txt", tmp_path / "late.txt"
    early.write_text("Crue\n" + text[:50] + "\x00" + text[50:], "utf-8")
    late.write_text("Crue\n" + text + "\n" + "x" * 9000 + "\x00", "utf-8")
    first, second = read_sources([early, late])
    assert first.text == text and "\x00" not in second.text


def test_a_reader_that_trips_is_one_error(tmp_path, monkeypatch):
    import veille.ingest as ingest

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "read_warc", broken)
    (tmp_path / "a.warc").write_bytes(b"WARC/1.0\r\n")
    (tmp_path / "b.txt").write_text("Titre\n" + LOIRE["paragraphs"][0], "utf-8")
    error, article = read_sources([tmp_path])
    assert error.reason == "unreadable: RuntimeError: boom" and article.title == "Titre"


def test_a_text_file_named_after_its_date_is_dated(tmp_path):

    path = tmp_path / "2023-08-10-niger.txt"
    path.write_text("La Cédéao suspend le Niger\nLe bloc a suspendu jeudi le Niger.", "utf-8")
    undated = tmp_path / "niger.txt"
    undated.write_text("La Cédéao suspend le Niger\nLe bloc a suspendu jeudi le Niger.", "utf-8")
    by_name = {a.path.rsplit("/", 1)[-1]: a for a in read_sources([str(path), str(undated)])}
    assert by_name["2023-08-10-niger.txt"].published == "2023-08-10"
    assert by_name["niger.txt"].published == ""
