"""Matching cost per changed event with 10,000 subscriptions on PostgreSQL (issue 19).

Creates its own database (ct_alerts_bench by default), migrates it, stores N subscriptions with
varied filters (country, type, toll, bounding box, actor) and a few hundred events, then times
alerts.services.notifications_create over batches of changed events, as the match task runs it
(in one process, as a worker does: the first batch also validates every saved query).
The database is dropped at the end.

    .venv/bin/python bench/alerts_match.py [--subscriptions 10000] [--events 200] [--batch 20]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "user": "postgres", "port": "5432"}


def _pg(command: str, name: str) -> None:
    subprocess.run([command, "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], name], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--database", default="ct_alerts_bench")
    args = parser.parse_args()

    _pg("dropdb", args.database)
    _pg("createdb", args.database)
    os.environ["DATABASE_URL"] = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")
    os.environ["CELERY_BROKER_URL"] = ""
    sys.path.insert(0, str(ROOT))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        _pg("dropdb", args.database)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from alerts.models import Notification, Subscription
    from alerts.services import notifications_create
    from events.models import Actor, Event, Location

    call_command("migrate", verbosity=0)
    rng = random.Random(19)
    countries = ["IQ", "SY", "AF", "YE", "SO", "ML", "NG", "MM", "UA", "SD", "CD", "ET", "BF", "LY", "PK"]
    types = ["battles", "explosions_remote_violence", "violence_against_civilians", "protests", "riots"]
    owner = User.objects.create_user("bench")
    actors = Actor.objects.bulk_create([Actor(name=f"Group {i}", kind=Actor.Kind.OTHER) for i in range(50)])
    places = Location.objects.bulk_create(
        [
            Location(
                name=f"Town {i}",
                country_code=rng.choice(countries),
                latitude=rng.uniform(-10, 40),
                longitude=rng.uniform(0, 70),
                geonames_id=20_000_000 + i,
            )
            for i in range(300)
        ]
    )

    def query() -> str:
        parts = [f"country={rng.choice(countries)}"]
        roll = rng.random()
        if roll < 0.4:
            parts.append(f"event_type={rng.choice(types)}")
        elif roll < 0.6:
            parts.append(f"fatalities_min={rng.randint(1, 20)}")
        elif roll < 0.8:
            lon, lat = rng.uniform(0, 60), rng.uniform(-10, 30)
            parts = [f"bbox={lon:.1f},{lat:.1f},{lon + 5:.1f},{lat + 5:.1f}"]
        elif roll < 0.9:
            parts.append(f"actor={rng.choice(actors).pk}")
        return "&".join(parts)

    Subscription.objects.bulk_create(
        [Subscription(owner=owner, name=f"s{i}", query=query()) for i in range(args.subscriptions)],
        batch_size=2000,
    )
    distinct = Subscription.objects.values("query").distinct().count()
    events = Event.objects.bulk_create(
        [
            Event(
                event_type=rng.choice(types),
                sub_event_type="",
                date="2024-01-01",
                actor1=rng.choice(actors),
                location=rng.choice(places),
                fatalities=rng.randint(0, 30),
                confidence=0.5,
            )
            for _ in range(args.events)
        ]
    )
    ids = [e.pk for e in events]
    batches = []
    for i in range(0, len(ids), args.batch):
        started = time.perf_counter()
        notifications_create(event_ids=ids[i : i + args.batch], change="created")
        batches.append(time.perf_counter() - started)
    elapsed = sum(batches)
    made = Notification.objects.count()
    per_event = elapsed / len(ids)
    print(
        f"{args.subscriptions} subscriptions ({distinct} distinct queries), {len(ids)} events in batches of "
        f"{args.batch}: {elapsed:.2f} s, {per_event * 1000:.1f} ms per changed event "
        f"({per_event / args.subscriptions * 1e6:.2f} µs per changed event per subscription), {made} notifications"
    )
    # The worker keeps each saved query's validated filters: the first batch pays for validating them.
    if len(batches) > 1:
        warm = sum(batches[1:]) / (len(ids) - args.batch)
        print(
            f"first batch {batches[0]:.2f} s; later batches {warm * 1000:.1f} ms per changed event "
            f"({warm / args.subscriptions * 1e6:.2f} µs per subscription)"
        )
    # A retry of the same batches creates nothing (the unique key).
    started = time.perf_counter()
    notifications_create(event_ids=ids[: args.batch], change="created")
    again = time.perf_counter() - started
    assert Notification.objects.count() == made
    print(f"retry of one batch: {again:.2f} s, 0 new notifications")


if __name__ == "__main__":
    main()
