"""Compare two servers on the same pages, one request to each in turn (an interleaved A/B).

    .venv/bin/python bench/ab.py http://127.0.0.1:8012 http://127.0.0.1:8011 -n 30 /actors/1/ /map/data/

The machine is shared and its load moves; sending each request to A and then to B makes both
meet the same load. Run both servers with AGGREGATE_CACHE_SECONDS=0 to time the cold path (the
aggregates computed on every request).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import _get  # noqa: E402


def _timed(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    status, _ = _get(url)
    return (time.perf_counter() - started) * 1000, status


def _p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="base URL of server A (e.g. the old code)")
    parser.add_argument("b", help="base URL of server B (e.g. the new code)")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-n", "--pairs", type=int, default=30)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'path':28} {'A p50':>8} {'A p95':>8} {'B p50':>8} {'B p95':>8}  statuses")
    for path in args.paths:
        a_times, b_times, statuses = [], [], set()
        for _ in range(args.pairs):
            for base, times in ((args.a, a_times), (args.b, b_times)):
                ms, status = _timed(base.rstrip("/") + path)
                times.append(ms)
                statuses.add(status)
        print(
            f"{path:28} {statistics.median(a_times):8.1f} {_p(a_times, 0.95):8.1f} "
            f"{statistics.median(b_times):8.1f} {_p(b_times, 0.95):8.1f}  {sorted(statuses)}"
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
