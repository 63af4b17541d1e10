"""Benchmark the REST API against a running server: latency percentiles, throughput, exports.

    # a database with data, and a server that does not throttle the benchmark:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conflict_tracker_bench \
        .venv/bin/python manage.py seed_synthetic --events 100000
    DATABASE_URL=... DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 \
        API_THROTTLE_ANON=100000000/minute .venv/bin/gunicorn -w 4 -b 127.0.0.1:8010 conflict_tracker.wsgi
    .venv/bin/python bench/api.py http://127.0.0.1:8010 [-n 200] [-c 8] [--server-pid PID] [--in-process]

For each common query it prints p50/p95/p99 latency and requests/s with ``-c`` concurrent
clients; then streams the CSV, GeoJSON and JSON Lines exports of every event and prints rows/s
and the client's peak memory. ``--server-pid`` adds the server process's resident-memory peak
(VmHWM from /proc); ``--in-process`` also runs the CSV export inside this process against
DATABASE_URL and prints its tracemalloc peak, the memory the export itself allocates.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _get(url: str, timeout: float = 120) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _json(base: str, path: str, **params: Any) -> Any:
    status, body = _get(f"{base}{path}?{urllib.parse.urlencode(params)}")
    if status != 200:
        raise SystemExit(f"{path} answered {status}: {body[:200]!r}")
    return json.loads(body)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_scenario(name: str, url: str, n: int, concurrency: int) -> dict[str, Any]:
    def one(_: int) -> tuple[float, int]:
        started = time.perf_counter()
        status, _ = _get(url)
        return time.perf_counter() - started, status

    _get(url)  # warm caches and connections
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - started
    latencies = [r[0] * 1000 for r in results]
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "name": name,
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "mean": statistics.fmean(latencies),
        "rps": n / wall,
        "statuses": statuses,
    }


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def stream_export(base: str, fmt: str, server_pid: int | None) -> dict[str, Any]:
    """Download an export in 64 KiB pieces, counting rows; memory stays at one piece."""
    url = f"{base}/api/v1/events/?format={fmt}"
    before = _vm_hwm_kb(server_pid) if server_pid else None
    started = time.perf_counter()
    first_byte = None
    rows = 0
    size = 0
    with urllib.request.urlopen(url, timeout=3600) as response:
        while piece := response.read(65536):
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(piece)
            rows += piece.count(b"\n")
    elapsed = time.perf_counter() - started
    if fmt == "csv":
        rows -= 1  # header
    elif fmt == "geojson":
        rows = -1  # one line: count features from the size instead
    after = _vm_hwm_kb(server_pid) if server_pid else None
    return {
        "format": fmt,
        "rows": rows,
        "mb": size / 1e6,
        "seconds": elapsed,
        "first_byte_ms": (first_byte or 0) * 1000,
        "server_hwm_mb": (after / 1024) if after else None,
        "server_hwm_growth_mb": ((after - before) / 1024) if after and before else None,
    }


def in_process_export() -> dict[str, Any]:
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")
    import django

    django.setup()
    from events import exports
    from events.models import Event

    tracemalloc.start()
    started = time.perf_counter()
    rows = sum(1 for _ in exports.stream_csv(Event.objects.order_by("-date", "-id"))) - 1
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "seconds": elapsed, "tracemalloc_peak_mb": peak / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8010")
    parser.add_argument("-n", "--requests", type=int, default=200, help="requests per query")
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("--server-pid", type=int, help="server (master or single worker) pid, for VmHWM")
    parser.add_argument("--in-process", action="store_true", help="also export in this process (tracemalloc)")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--exports-only", action="store_true", help="skip the query latencies")
    parser.add_argument("--formats", default="csv,jsonl,geojson", help="exports to stream, comma-separated")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    stats = _json(base, "/api/v1/stats/", top=5)
    country = stats["by_country"][0]["country_code"] if stats["by_country"] else "IQ"
    actor = stats["by_actor"][0]["actor_id"] if stats["by_actor"] else 1
    locations = _json(base, "/api/v1/locations/", country=country, page_size=1)["results"]
    lat, lon = (locations[0]["latitude"], locations[0]["longitude"]) if locations else (36.3, 43.1)
    bbox = f"{lon - 2:.3f},{lat - 2:.3f},{lon + 2:.3f},{lat + 2:.3f}"
    print(f"{stats['total']['events']} events; country {country}, actor {actor}, bbox {bbox}")

    deep = _json(base, "/api/v1/events/", page_size=100)
    for _ in range(20):
        if not deep["next"]:
            break
        status, body = _get(deep["next"])
        deep = json.loads(body)
    deep_url = deep.get("next") or f"{base}/api/v1/events/"

    scenarios = [
        ("recent events in a country", f"/api/v1/events/?country={country}&page_size=50"),
        ("an actor's events", f"/api/v1/events/?actor={actor}&page_size=50"),
        ("bbox", f"/api/v1/events/?bbox={bbox}&page_size=50"),
        ("text search q=", "/api/v1/events/?q=checkpoint&page_size=50"),
        ("filters + ordering", f"/api/v1/events/?country={country}&fatalities_min=5&ordering=-fatalities"),
        ("page 21 by cursor", deep_url.removeprefix(base)),
        ("stats by month", "/api/v1/stats/?period=month"),
        ("stats for a country by week", f"/api/v1/stats/?country={country}&period=week"),
        ("actors with counts", "/api/v1/actors/?page_size=50"),
        ("ACLED read, 500 rows", "/api/acled/read?limit=500"),
    ]
    print(f"\n{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}  statuses")
    for name, path in [] if args.exports_only else scenarios:
        result = run_scenario(name, f"{base}{path}", args.requests, args.concurrency)
        print(
            f"{name:32} {result['p50']:8.1f} {result['p95']:8.1f} {result['p99']:8.1f} {result['rps']:8.1f}  "
            f"{result['statuses']}"
        )
        if 429 in result["statuses"]:
            print("  (throttled: start the server with a higher API_THROTTLE_ANON)")

    if not args.skip_exports:
        print(f"\n{'export':8} {'rows':>9} {'MB':>8} {'s':>7} {'rows/s':>9} {'1st byte ms':>12}  server VmHWM")
        for fmt in args.formats.split(","):
            r = stream_export(base, fmt, args.server_pid)
            rows = r["rows"] if r["rows"] >= 0 else stats["total"]["events"]
            hwm = f"{r['server_hwm_mb']:.0f} MB" if r["server_hwm_mb"] else "n/a"
            print(
                f"{fmt:8} {rows:9d} {r['mb']:8.1f} {r['seconds']:7.1f} {rows / r['seconds']:9.0f} "
                f"{r['first_byte_ms']:12.0f}  {hwm}"
            )
        client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"client peak RSS {client_peak:.0f} MB")
    if args.in_process:
        r = in_process_export()
        print(
            f"\nin-process CSV export: {r['rows']} rows in {r['seconds']:.1f}s ({r['rows'] / r['seconds']:.0f} rows/s), "
            f"tracemalloc peak {r['tracemalloc_peak_mb']:.1f} MB, "
            f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
