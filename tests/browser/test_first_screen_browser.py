"""Issue 18 in a real browser: the map's outlines and the dashboard's chart as drawn, and the pages a
newcomer opens first showing figures that agree with the database.

Pixels are read off screenshots (a 1x1 clip each, decoded here): where the antimeridian stripe ran
across the Norwegian Sea the map must show sea, and east of 180 degrees there must be land.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from events.models import Actor, Event, Location
from events.services.counts import event_counts_refresh
from tests.browser.test_pages_browser import ARTIFACTS
from tests.factories import EventFactory, LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
SEA = (0xCF, 0xE3, 0xF2)  # .event-map.no-tiles background (static/css/site.css)
LAND = (0xEE, 0xF1, 0xEA)  # the outlines' fill without tiles (static/js/map.js)


def _png_pixel(png: bytes) -> tuple[int, int, int]:
    """Return the RGB of the first pixel of an 8-bit RGB/RGBA PNG (what Chromium's screenshots are)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, colour_type = 8, b"", None
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            colour_type = body[9]
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    raw = zlib.decompress(data)
    assert colour_type in (2, 6)
    assert raw[0] in (0, 1, 2, 3, 4)  # any filter: the first pixel has no neighbours
    return raw[1], raw[2], raw[3]


def _close(colour: tuple[int, int, int], target: tuple[int, int, int], tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True))


def _pixel_at(page, selector: str, lat: float, lon: float) -> tuple[int, int, int]:
    box = page.locator(selector).bounding_box()
    point = page.evaluate(
        "([sel, lat, lon]) => { const p = document.querySelector(sel).leafletMap.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [selector, lat, lon],
    )
    x, y = box["x"] + point[0], box["y"] + point[1]
    assert box["x"] <= x < box["x"] + box["width"], (lat, lon)
    assert box["y"] <= y < box["y"] + box["height"], (lat, lon)
    return _png_pixel(page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1}))


def _save(page, name: str, *, docs: bool = True) -> None:
    # docs/screenshots/first-*.png are a real first run's (scripts/first_screens.py after make run);
    # this module's small world of three events only goes to the artifacts.
    for folder in (ARTIFACTS, DOCS_SCREENSHOTS) if docs else (ARTIFACTS,):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _world_map(live_server, page, settings):
    settings.MAP_TILE_URL = ""
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#event-map[data-outlines='loaded']")
    page.wait_for_selector("#event-map[data-loaded]")
    # The whole world at zoom 2, centred as the map opens on an empty database.
    page.evaluate("document.querySelector('#event-map').leafletMap.setView([25, 20], 2, {animate: false})")
    page.wait_for_timeout(300)


def test_map_outlines_have_no_antimeridian_stripes_and_reach_both_edges(live_server, page, settings, db):
    _world_map(live_server, page, settings)

    # The geometry that drew the stripes: no outline edge may jump across the map (the edges
    # that close Antarctica along the pole run at the projection's bottom edge, off the world).
    longest = page.evaluate(
        """() => {
          let worst = 0;
          document.querySelector('#event-map').outlinesLayer.eachLayer(layer => {
            const walk = (rings) => {
              if (rings.length && rings[0].lat !== undefined) {
                for (let i = 1; i < rings.length; i++) {
                  const a = rings[i - 1], b = rings[i];
                  if (Math.abs(a.lat) < 85 || Math.abs(b.lat) < 85) worst = Math.max(worst, Math.abs(a.lng - b.lng));
                }
              } else rings.forEach(walk);
            };
            walk(layer.getLatLngs());
          });
          return worst;
        }"""
    )
    assert longest < 180

    # Pixels: the Norwegian Sea at 67N, where Russia's ring drew a band across the world, is sea;
    # Alaska, drawn east of the antimeridian (145W = 215E), and Chukotka west of it are land.
    assert _close(_pixel_at(page, "#event-map", 67.0, -5.0), SEA)
    assert _close(_pixel_at(page, "#event-map", 64.5, 215.0), LAND)
    assert _close(_pixel_at(page, "#event-map", 66.0, -187.0), LAND) or _close(
        _pixel_at(page, "#event-map", 66.0, 173.0), LAND
    )
    # Both edges of the view show outlines: a land pixel exists at the far right (Canada, 60N).
    right = page.evaluate(
        "() => { const m = document.querySelector('#event-map').leafletMap;"
        " return m.containerPointToLatLng([m.getSize().x - 3, 0]).lng; }"
    )
    assert right > 200  # the view is wider than one world
    _save(page, "map-world")


def test_fatalities_chart_draws_one_month_as_a_bar_not_a_block(live_server, page, db):
    EventFactory(fatalities=7, location=LocationFactory(latitude=36.3, longitude=43.1))
    page.goto(f"{live_server.url}/")
    bars = page.locator("#fatalities-chart svg rect.bar")
    assert bars.count() == 1
    plot = page.locator("#fatalities-chart svg").bounding_box()
    bar = bars.first.bounding_box()
    assert bar["width"] < plot["width"] * 0.1
    # centred in its month's slot (the plot spans x = 44 … 716 of the 720-wide view box)
    x, width = float(bars.first.get_attribute("x")), float(bars.first.get_attribute("width"))
    assert abs((x + width / 2) - (44 + 672 / 2)) < 1


@pytest.fixture
def first_run(world):
    """The events world with its stored counts as ingest and the services keep them."""
    event_counts_refresh()
    return world


def _figure(page, label: str) -> int:
    text = page.locator(f"dl.totals div:has(dt:text-is('{label}')) dd").inner_text()
    return int(text.replace(",", ""))


def test_first_screens_show_figures_that_agree_with_the_database(live_server, page, settings, first_run):
    settings.MAP_TILE_URL = ""
    world = first_run

    page.goto(f"{live_server.url}/")
    live = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
    assert _figure(page, "Events") == live.count() > 0
    assert _figure(page, "Actors in events") == Actor.objects.filter(event_count__gt=0).count() > 0
    assert _figure(page, "Places with events") == Location.objects.filter(event_count__gt=0).count() > 0
    _save(page, "first-dashboard", docs=False)

    page.goto(f"{live_server.url}{world.army.get_absolute_url()}")
    events = page.locator("dl.facts dt:text-is('Events') + dd").inner_text()
    assert re.match(r"2 ·", events)
    assert page.locator("#actor-timeline svg rect.bar").count() >= 1

    page.goto(f"{live_server.url}{world.mosul.get_absolute_url()}")
    assert page.locator("dl.facts dt:text-is('Events') + dd").inner_text().startswith("1")

    page.goto(f"{live_server.url}/locations/")
    rows = page.locator("tr.location-row")
    assert rows.count() == 3  # the places with events, not the gazetteer
    provinces = [row.locator("td").nth(1).inner_text() for row in rows.all()]
    assert sorted(provinces) == ["Baghdad", "Nineveh", "Nineveh"]  # admin1 shown, not "–"
    _save(page, "first-places", docs=False)
    page.get_by_label("Show", exact=True).select_option("gazetteer")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**places=gazetteer*")
    assert page.locator("tr.location-row").count() == Location.objects.count()
