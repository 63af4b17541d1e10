"""Open the first screens of a running server in headless Chromium, check their figures, save screenshots.

    make run &                      # or any running server
    .venv/bin/python scripts/first_screens.py http://127.0.0.1:8000

Saves the first screen (1280x900; --full-page for whole pages) of each as
docs/screenshots/first-{dashboard,actor,place,map,places}.png (--out DIR, --prefix P to change)
and prints each page's figures.
Exits non-zero if a page shows a zero (or missing) figure where the sample gives events, or if a
page's figure disagrees with the API (the same stored counts, read another way).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def api(base: str, path: str) -> dict:
    with urlopen(f"{base}{path}", timeout=30) as response:  # noqa: S310 - the server under test
        return json.loads(response.read())


def number(text: str) -> int:
    match = re.search(r"\d[\d,]*", text)
    return int(match.group().replace(",", "")) if match else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=OUT, help="directory for the screenshots")
    parser.add_argument("--prefix", default="first-", help="prefix of the screenshot names")
    parser.add_argument("--full-page", action="store_true", help="whole pages, not the 1280x900 first screen")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> str:
        return str(args.out / f"{args.prefix}{name}.png")

    problems: list[str] = []

    def expect(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            problems.append(what)

    busiest_actor = api(base, "/api/v1/actors/?ordering=-event_count&page_size=1")["results"][0]
    busiest_place = api(base, "/api/v1/locations/?ordering=-event_count&page_size=1")["results"][0]
    stats = api(base, "/api/v1/stats/")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        page.goto(f"{base}/")
        figures = {
            dt.inner_text(): number(dd.inner_text())
            for dt, dd in zip(page.locator("dl.totals dt").all(), page.locator("dl.totals dd").all(), strict=True)
        }
        print("dashboard:", figures)
        for label in ("Events", "Actors in events", "Places with events", "Articles"):
            expect(figures.get(label, 0) > 0, f"dashboard {label} = {figures.get(label)}")
        expect(figures.get("Events") == stats["total"]["events"], "dashboard Events = /api/v1/stats/ total")
        expect(page.locator("#fatalities-chart svg rect.bar, #fatalities-chart .empty").count() > 0, "fatalities chart")
        page.screenshot(path=shot("dashboard"), full_page=args.full_page)

        page.goto(f"{base}/actors/{busiest_actor['id']}/")
        shown = number(page.locator("dl.facts dt:text-is('Events') + dd").inner_text())
        print(f"actor {busiest_actor['name']}: {shown} events (API {busiest_actor['event_count']})")
        expect(shown == busiest_actor["event_count"] > 1, f"actor page Events = API event_count = {shown}")
        expect(page.locator("#actor-timeline svg rect.bar").count() > 1, "actor timeline has several months")
        page.screenshot(path=shot("actor"), full_page=args.full_page)

        page.goto(f"{base}/locations/{busiest_place['id']}/")
        shown = number(page.locator("dl.facts dt:text-is('Events') + dd").inner_text())
        print(f"place {busiest_place['name']}: {shown} events (API {busiest_place['event_count']})")
        expect(shown == busiest_place["event_count"] > 0, f"place page Events = API event_count = {shown}")
        page.screenshot(path=shot("place"), full_page=args.full_page)

        page.goto(f"{base}/map/")
        page.wait_for_selector("#event-map[data-outlines='loaded']", timeout=30_000)
        page.wait_for_selector("#event-map[data-loaded]", timeout=30_000)
        page.wait_for_timeout(800)
        markers = int(page.locator("#event-map").get_attribute("data-loaded") or 0)
        print("map:", page.locator("#map-status").inner_text())
        expect(markers > 0, f"map markers = {markers}")
        page.screenshot(path=shot("map"), full_page=args.full_page)

        page.goto(f"{base}/locations/")
        rows = page.locator("tr.location-row")
        counts = [number(r.locator("td").nth(4).inner_text()) for r in rows.all()]
        provinces = [r.locator("td").nth(1).inner_text() for r in rows.all()]
        print(f"places list: {len(counts)} rows, events {counts[:10]}, provinces {provinces[:5]}")
        expect(bool(counts) and all(n > 0 for n in counts), "places list shows places with events only")
        expect(counts == sorted(counts, reverse=True), "places list ordered by event count")
        expect(sum(p not in ("", "–") for p in provinces) >= len(provinces) // 2, "provinces shown")
        page.screenshot(path=shot("places"), full_page=args.full_page)
        browser.close()

    print(f"screenshots in {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
