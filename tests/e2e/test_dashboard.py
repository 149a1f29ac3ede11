"""The dashboard in headless Chromium over a store made from test articles: filter, map,
timeline, network, reader highlights, claims; an article's <script> shows as text."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install -y chromium)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
expect = playwright_api.expect
TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, nlp):
    import uvicorn

    from tests.serve.sample import make_store
    from veille.serve import create_app

    store = make_store(tmp_path_factory.mktemp("e2e") / "veille.duckdb", nlp)
    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser, base_url):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Offline: any request that leaves the local server fails the test.
    outside: list[str] = []
    page.on(
        "request",
        lambda r: r.url.startswith(base_url) or r.url.startswith("data:") or outside.append(r.url),
    )
    page.goto(base_url)
    page.wait_for_selector("body[data-started=true]")
    yield page
    assert not errors, errors
    assert not outside, outside
    assert page.evaluate("window.__pwned") is None
    page.close()


def _view(page, name: str) -> None:
    page.click(f"#tabs button[data-view={name}]")
    page.wait_for_selector(f"#view-{name}[data-ready=true]")


def test_events_table_filters(page, shots):
    page.wait_for_selector("#events-table tbody tr")
    assert "events" in page.text_content("#page-info")
    page.fill("#filters [name=actor]", "MLIMIL")
    page.click("#filters button[type=submit]")
    expect(page.locator("#page-info")).to_contain_text("of 2 events")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 2
    assert all("MLIMIL" in rows.nth(i).text_content() for i in range(2))
    page.select_option("#filters [name=quad]", "1")
    page.click("#filters button[type=submit]")
    expect(page.locator("#page-info")).to_have_text("no event matches")
    page.screenshot(path=str(shots / "events.png"), full_page=True)


def test_bad_filter_shows_the_apis_message_and_no_stale_rows(page):
    page.wait_for_selector("#events-table tbody tr")
    page.fill("#filters [name=since]", "2023-13-01")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert "since" in page.text_content("#error")
    assert page.locator("#events-table tbody tr").count() == 0
    assert page.text_content("#page-info") == ""


def test_the_url_routes_views_and_the_back_button_returns(page, base_url):
    page.wait_for_selector("#events-table tbody tr")
    _view(page, "timeline")
    assert page.url.endswith("#timeline")
    page.locator("#tabs button[data-view=events]").click()
    page.locator("#events-table tbody tr", has_text="denied").locator("button.claims").click()
    page.wait_for_selector("#claims .claim")
    assert "#claims/" in page.url
    page.go_back()
    expect(page.locator("#view-events")).to_be_visible()
    page.go_back()
    expect(page.locator("#view-timeline")).to_be_visible()
    page.goto(base_url + "#network")
    page.reload()
    page.wait_for_selector("#view-network[data-ready=true]")
    expect(page.locator("#view-network")).to_be_visible()


def test_the_claims_view_pages_events_and_their_reports(page):
    _view(page, "claims")
    page.wait_for_selector("#claims .claim")
    assert page.locator("#claims .claim").count() <= 20
    info = page.text_content("#claims-info")
    assert info.startswith("1–") and " of " in info
    assert page.locator("#claims .claim").first.locator("li").count() <= 6  # 5 and "more"


def test_map_shows_clustered_points_coloured_by_quad_class(page, shots):
    _view(page, "map")
    page.wait_for_selector("#map .leaflet-marker-icon, #map path.leaflet-interactive")
    clustered = page.evaluate("cluster.getLayers().length")
    assert clustered >= 6
    # Kidal's two clashes cluster into one red (material conflict) icon at the world view.
    colours = page.evaluate(
        "[...document.querySelectorAll('#map .cluster-icon')].map(n => n.style.background)"
    )
    assert any("215, 48, 31" in c for c in colours), colours
    assert page.locator("#map path").count() > 100  # the bundled world boundaries
    page.screenshot(path=str(shots / "map.png"))


def test_timeline_counts_events_by_quad_class(page, shots):
    _view(page, "timeline")
    datasets = page.evaluate("chart.data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))")
    assert len(datasets) == 4 and datasets[3] >= 2
    page.screenshot(path=str(shots / "timeline.png"))


def test_network_links_who_acts_on_whom(page, shots):
    _view(page, "network")
    edges = page.evaluate(
        "graph.edges().map(e => [e.source().id(), e.target().id(), e.data('colour'), e.data('events')])"
    )
    assert ["MLIMIL", "MLIREB", "#d7301f", 2] in edges
    assert ["FRAGOV", "SENGOV", "#31a354", 2] in edges
    page.screenshot(path=str(shots / "network.png"))


def test_reader_highlights_an_article_and_shows_the_records(page, shots):
    page.wait_for_selector("#events-table tbody tr")
    page.locator("#events-table tbody tr", has_text="Sign formal agreement").locator(
        "button.read"
    ).click()
    page.wait_for_selector("#article-text .hl-event")
    assert page.text_content("#article-title") == "Paris et Dakar signent un accord"
    for layer in ("event", "place", "date", "quote", "actor"):
        assert page.locator(f"#article-text .hl-{layer}").count() >= 1, layer
    # The event we came from is selected and its record is shown.
    assert "Sign formal agreement" in page.text_content("#records")
    page.locator("#article-text .hl-place", has_text="Mali").click()
    # The record reads as fields, not as JSON.
    assert page.text_content("#records dd[data-field=mention]") == "Mali"
    assert page.text_content("#records dd[data-field=geonames_id]") == "2453866"
    assert "{" not in page.text_content("#records")
    page.screenshot(path=str(shots / "reader.png"), full_page=True)


def test_claims_view_shows_who_asserts_and_who_denies(page, shots):
    page.wait_for_selector("#events-table tbody tr")
    page.locator("#events-table tbody tr", has_text="denied").locator("button.claims").click()
    page.wait_for_selector("#claims .claim")
    assert page.locator("#claims .claim").count() == 1
    claim = page.text_content("#claims .claim")
    assert "Denied by" in claim and "Russie" in claim
    assert "responsables américains" in claim
    page.screenshot(path=str(shots / "claims.png"), full_page=True)


def test_an_article_with_a_script_tag_shows_it_as_text(page, shots):
    page.wait_for_selector("#events-table tbody tr")
    evidence = page.locator("#events-table tbody tr", has_text="Allemagne").locator("td.evidence")
    assert '<img src=x onerror="window.__pwned = 2">' in evidence.text_content()
    _view(page, "reader")
    page.locator("#article-list li", has_text="Berlin condamne").click()
    page.wait_for_selector("#article-text .hl-event")
    assert (
        page.text_content("#article-title") == "<script>window.__pwned = 3</script>Berlin condamne"
    )
    text = page.text_content("#article-text")
    assert "<script>window.__pwned = 1</script>" in text
    assert "<b>Jamais</b>" in text
    # Nothing from the article became an element.
    assert page.locator("#article script, #article img, #article b, #article-list i").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "script-as-text.png"), full_page=True)


def test_the_api_docs_render_under_the_strict_policy(browser, base_url):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(base_url + "docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("veille", timeout=TIMEOUT_MS)
    assert page.locator(".opblock").count() > 5
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.close()


def test_every_view_left_a_screenshot(shots):
    names = {p.name for p in shots.iterdir()}
    expected = {"events.png", "map.png", "timeline.png", "network.png", "reader.png", "claims.png"}
    assert expected <= names, names
