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
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    _screenshot(page, "event-list-filtered")


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
    _screenshot(page, "event-detail")
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
