"""Benchmark the analyst pages against a running server: latency percentiles and requests/s.

    .venv/bin/python bench/pages.py http://127.0.0.1:8011 [-n 200] [-c 8]

Same server set-up as bench/api.py (a seeded PostgreSQL database, gunicorn, DEBUG=0). Covers
/events/ unfiltered and with filters, /map/data/ (points and the per-place aggregate), an actor
page, a location page and the dashboard. The first request of each query is timed on its own
("cold"): for the dashboard it is the one that fills the aggregate cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import _get, _json, run_scenario  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8011")
    parser.add_argument("-n", "--requests", type=int, default=200, help="requests per page")
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    stats = _json(base, "/api/v1/stats/", top=5)
    country = stats["by_country"][0]["country_code"] if stats["by_country"] else "IQ"
    actor = stats["by_actor"][0]["actor_id"] if stats["by_actor"] else 1
    quiet = _json(base, "/api/v1/actors/", ordering="-id", page_size=1)["results"]
    quiet_actor = quiet[0]["id"] if quiet else actor
    location = _json(base, "/api/v1/locations/", country=country, page_size=1)["results"]
    location_id = location[0]["id"] if location else 1
    print(f"{stats['total']['events']} events; country {country}, actor {actor}, quiet actor {quiet_actor}")

    scenarios = [
        ("/events/", "/events/"),
        ("/events/?country=", f"/events/?country={country}"),
        ("/events/?country=&event_type=", f"/events/?country={country}&event_type=riots"),
        ("/events/?actor=", f"/events/?actor={actor}"),
        ("/events/?date range + fatalities", "/events/?date_after=2024-01-01&date_before=2024-03-31&fatalities_min=1"),
        ("/events/?page=20", "/events/?page=20"),
        ("/map/data/?location=", f"/map/data/?location={location_id}"),
        ("/map/data/?country=&date range", f"/map/data/?country={country}&date_after=2026-01-01"),
        ("/map/data/ (all, aggregated)", "/map/data/"),
        ("actor page (busiest)", f"/actors/{actor}/"),
        ("actor page (quiet)", f"/actors/{quiet_actor}/"),
        ("location page", f"/locations/{location_id}/"),
        ("dashboard", "/"),
    ]
    print(f"\n{'page':34} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}  statuses")
    for name, path in scenarios:
        started = time.perf_counter()
        _get(f"{base}{path}")
        cold = (time.perf_counter() - started) * 1000
        result = run_scenario(name, f"{base}{path}", args.requests, args.concurrency)
        print(
            f"{name:34} {cold:8.0f} {result['p50']:8.1f} {result['p95']:8.1f} {result['p99']:8.1f} "
            f"{result['rps']:8.1f}  {result['statuses']}"
        )


if __name__ == "__main__":
    main()
