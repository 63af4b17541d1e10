"""The pages in a real browser: the system Chromium driven by Playwright against live_server."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("system Chromium not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """URLs the page tried to fetch from anywhere but the test server (all blocked: no network)."""
    return []


@pytest.fixture
def page(browser, live_server, outside_requests):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def data(world):
    return world


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_filter_form_puts_the_filter_in_the_url_and_shows_rows(live_server, page, data):
    page.goto(f"{live_server.url}/events/")
    assert page.locator("tr.event-row").count() == 3
    page.get_by_label("Event type", exact=True).select_option("battles")
    page.get_by_label("Actor (id or name)").fill("Daesh")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/events/?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"event_type": ["battles"], "actor": ["Daesh"]}  # empty fields left out
    rows = page.locator("tr.event-row")
    assert rows.count() == 1
    assert "Armed clash" in rows.first.inner_text()
    assert page.get_by_label("Event type", exact=True).input_value() == "battles"
    _screenshot(page, "events")


def test_sub_event_type_offers_only_children_of_the_chosen_type(live_server, page, data):
    page.goto(f"{live_server.url}/events/")
    page.get_by_label("Event type", exact=True).select_option("protests")
    enabled = page.locator("#id_sub_event_type option:not([disabled])").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert enabled == ["", "peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"]


def test_bad_filter_shows_an_error_not_a_crash(live_server, page, data):
    page.goto(f"{live_server.url}/events/?fatalities_min=many")
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("tr.event-row").count() == 0


def test_event_page_highlights_evidence_and_links_to_the_article(live_server, page, data):
    page.goto(f"{live_server.url}{data.attack.get_absolute_url()}")
    mark = page.locator("mark").first
    assert mark.is_visible()
    assert mark.inner_text().startswith("Militants of the Islamic State attacked a checkpoint")
    background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#place-map[data-loaded]").count() == 1
    assert page.locator("#place-map path.leaflet-interactive").count() == 1
    _screenshot(page, "event_detail")
    page.locator("a.article-link").first.click()
    page.wait_for_url(f"**{data.article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Battle for Mosul begins"
    assert page.locator("mark[id^=evidence-]").count() == 3
    _screenshot(page, "article-detail")


def test_pages_are_usable_on_a_phone(live_server, browser, data):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        for path in ["/", "/events/", data.clash.get_absolute_url()]:
            page.goto(f"{live_server.url}{path}")
            # No horizontal scrolling of the page itself (wide tables scroll inside their wrapper).
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
            assert page.locator("main").count() == 1
        _screenshot(page, "event-detail-phone")
    finally:
        context.close()


def test_skip_link_moves_focus_to_main(live_server, page, data):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dashboard_shows_the_chart_and_breakdowns(live_server, page, data):
    page.goto(f"{live_server.url}/")
    assert page.locator("#fatalities-chart svg rect.bar").count() == 2
    assert page.get_by_role("heading", name="Events by type").is_visible()
    assert page.get_by_role("link", name="Battles").first.is_visible()
    _screenshot(page, "dashboard")


def test_sorting_a_column_keeps_the_filter_in_the_url(live_server, page, data):
    page.goto(f"{live_server.url}/events/?country=IQ")
    page.get_by_role("link", name="Fatalities").click()
    page.wait_for_url("**sort=-fatalities*")
    assert parse_qs(urlsplit(page.url).query) == {"country": ["IQ"], "sort": ["-fatalities"]}
    first = page.locator("tr.event-row").first.inner_text()
    assert "Attack" in first
    # Re-filtering keeps the sort (a hidden field) and the export links follow the filter.
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/events/?*")
    assert "sort=-fatalities" in page.url
    href = page.locator("#export-csv").get_attribute("href")
    assert href == "/api/v1/events/?country=IQ&format=csv"


def test_actor_field_suggests_names_from_the_autocomplete(live_server, page, data):
    page.goto(f"{live_server.url}/events/")
    field = page.get_by_label("Actor (id or name)")
    field.press_sequentially("Isl", delay=30)
    page.wait_for_function("document.querySelectorAll('#actor-options option').length > 0")
    assert page.locator("#actor-options option").first.get_attribute("value") == "Islamic State"


def test_map_shows_markers_offline_and_a_click_opens_the_event(live_server, page, data, settings, outside_requests):
    settings.MAP_TILE_URL = ""
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#event-map[data-loaded='3']")
    page.wait_for_selector("#event-map[data-outlines='loaded']")
    # Country outlines from the bundled GeoJSON, with no tile server.
    assert page.locator("#event-map path").count() > 100
    assert page.locator("#event-map img.leaflet-tile").count() == 0
    # Every event is on the map, as a marker of its own or counted in a cluster.
    markers = page.locator("#event-map path.event-marker").count()
    clustered = sum(int(t) for t in page.locator("#event-map .marker-cluster").all_inner_texts())
    assert markers + clustered == 3
    assert "Showing 3 events" in page.locator("#map-status").inner_text()
    _screenshot(page, "map")
    assert outside_requests == []

    # The filter applies to the map too; one event, one marker, and a click opens it.
    page.goto(f"{live_server.url}/map/?event_type=protests")
    page.wait_for_selector("#event-map[data-loaded='1']")
    marker = page.locator("#event-map path.event-marker")
    assert marker.count() == 1
    assert marker.get_attribute("data-url") == data.protest.get_absolute_url()
    marker.click(force=True)
    page.wait_for_url(f"**{data.protest.get_absolute_url()}")
    assert "Peaceful protest" in page.get_by_role("heading", level=1).inner_text()
    assert outside_requests == []


def test_map_clusters_zoom_in_to_their_markers(live_server, page, data, settings):
    settings.MAP_TILE_URL = ""
    page.goto(f"{live_server.url}/map/?country=IQ")
    page.wait_for_selector("#event-map[data-loaded='3']")
    markers = page.locator("#event-map path.event-marker")
    clusters = page.locator("#event-map .marker-cluster")
    for _ in range(6):  # each click zooms into a cluster until every event has its own marker
        # The zoom and the re-clustering animate; a cluster clicked mid-animation is replaced.
        page.wait_for_function(
            "!document.querySelector('#event-map .leaflet-zoom-anim, #event-map .leaflet-cluster-anim')"
        )
        if not clusters.count():
            break
        before = markers.count()
        clusters.first.click()
        page.wait_for_function(
            f"document.querySelectorAll('#event-map path.event-marker').length > {before}"
            " || document.querySelectorAll('#event-map .marker-cluster').length === 0"
        )
    assert markers.count() == 3


def test_map_uses_the_configured_tile_url(live_server, page, data, settings, outside_requests):
    settings.MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#event-map[data-loaded='3']")
    page.wait_for_function("document.querySelectorAll('#event-map img.leaflet-tile').length > 0")
    # Tiles were requested from the configured server (and blocked here: there is no network).
    assert any(url.startswith("https://tiles.invalid/") for url in outside_requests)
    assert all(url.startswith("https://tiles.invalid/") for url in outside_requests)
