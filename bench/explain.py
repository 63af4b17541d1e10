"""Print EXPLAIN ANALYZE for the hot queries, built by the same FilterSets and selectors the views use.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ct_perf .venv/bin/python bench/explain.py [--brief]

Each query is one page (51 rows, the page size + 1) of the event list under a filter, plus the
aggregates behind stats, the dashboard, the map and an actor page. ``--brief`` prints only each
plan's top node and execution time; without it the whole plan, to check which index is used.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brief", action="store_true")
    parser.add_argument("--only", help="run only the queries whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, F, Max, Min, Sum

    from events.filters import EventFilter
    from events.models import Actor, Event, Location
    from events.selectors import actors as actor_selectors
    from events.selectors import events as event_selectors
    from events.selectors import places as place_selectors
    from events.views._listing import order_by_sort
    from events.views.events import EVENT_SORTS

    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN ANALYZE plans are for PostgreSQL: set DATABASE_URL")

    country = (
        Event.objects.order_by()
        .values(cc=F("location__country_code"))
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("cc", flat=True)[:1]
    )
    country = list(country)[0]
    busiest = Event.objects.order_by().values("actor1_id").annotate(n=Count("id")).order_by("-n")[:1]
    top_actor = Actor.objects.get(pk=busiest[0]["actor1_id"])
    quiet_actor = Actor.objects.order_by("-id").first()
    place = Location.objects.filter(country_code=country, latitude__isnull=False).order_by("id").first()
    bbox = f"{place.longitude - 2},{place.latitude - 2},{place.longitude + 2},{place.latitude + 2}"

    def api(**params: str):
        qs = EventFilter(params, queryset=event_selectors.event_list()).qs
        return qs.order_by(F("date").desc(nulls_first=True), "-id")[:51]

    def page(**params: str):
        qs = EventFilter(params, queryset=event_selectors.event_list_light()).qs
        return order_by_sort(qs, "-date", EVENT_SORTS, "-date")[0][:50]

    queries = {
        "api: recent events in a country": api(country=country),
        "api: busiest actor's events": api(actor=str(top_actor.pk)),
        "api: a quiet actor's events": api(actor=str(quiet_actor.pk)),
        "api: bbox": api(bbox=bbox),
        "api: text search q=checkpoint": api(q="checkpoint"),
        "api: text search q=pipeline (rare)": api(q="pipeline"),
        "api: country + fatalities_min, -fatalities": EventFilter(
            {"country": country, "fatalities_min": "5"}, queryset=Event.objects.all()
        ).qs.order_by(F("fatalities").desc(nulls_first=True), "-id")[:51],
        "page: /events/ default": page(),
        "page: /events/?country=": page(country=country),
        "page: /events/?event_type=&country=": page(event_type="riots", country=country),
        "page: /events/ count (capped)": None,
        "page: /events/?event_type=&country= count (capped)": None,
        "map: points for a country": Event.objects.filter(location__country_code=country)
        .filter(location__latitude__isnull=False, location__longitude__isnull=False)
        .values("id", "location__latitude", "location__longitude")
        .order_by("-date", "-id")[:5001],
        "actor page: events_for_actor (recent 50)": event_selectors.events_for_actor(top_actor).reverse()[:50],
        "actor page: counterparts (actor1 side)": Event.objects.filter(actor1_id=top_actor.pk, actor2__isnull=False)
        .order_by()
        .values("actor2_id")
        .annotate(n=Count("id")),
        "actor page: timeline + counterparts + places, one pass (actor_activity)": (
            actor_selectors._ACTOR_ACTIVITY_SQL,
            {"actor": top_actor.pk, "rejected": Event.ReviewStatus.REJECTED},
        ),
        "map: /map/data/ per-place aggregate (map_places)": Event.objects.filter(
            location__latitude__isnull=False, location__longitude__isnull=False
        )
        .order_by()
        .values("location_id")
        .annotate(n=Count("*"), fatalities=Sum("fatalities"), type_min=Min("event_type"), type_max=Max("event_type"))
        .order_by("-n", "location_id")[:5000],
        "location page: events": event_selectors.events_for_location(place)[:50],
        "dashboard: recent events": event_selectors.recent_events(limit=10),
        "api: actors by event count (stored)": actor_selectors.actor_list().order_by("-event_count", "-id")[:51],
        "api: locations by event count (stored)": place_selectors.location_list().order_by("-event_count", "-id")[:51],
        "dashboard: events by type (whole table)": Event.objects.exclude(review_status="rejected")
        .order_by()
        .values("event_type")
        .annotate(n=Count("id")),
    }
    for name, qs in queries.items():
        if args.only and args.only not in name:
            continue
        if qs is None:
            params = {"country": country, **({"event_type": "riots"} if "event_type" in name else {})}
            inner = EventFilter(params, queryset=Event.objects.all()).qs.order_by()[:10001]
            sql, params = inner.values("pk").query.sql_with_params()
            sql = f"SELECT COUNT(*) FROM ({sql}) sub"
        elif isinstance(qs, tuple):  # raw SQL a selector runs itself
            sql, params = qs
        else:
            sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        timing = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"\n== {name}: {timing}")
        print("\n".join(plan[:1] if args.brief else plan))


if __name__ == "__main__":
    main()
