"""Aggregates over events: the one grouping the dashboard, the pages and /api/v1/stats/ share, and their cache."""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek, TruncYear

from events import acled
from events.models import Actor, Article, Event, Location

T = TypeVar("T")


_GENERATION_KEY = "aggregate:generation"


def aggregate_cache_expire() -> None:
    """Make every cached aggregate stale: events, counts or articles changed.

    One cache write, however many entries there are; the stale ones expire on their own.
    Called on commit by the write paths (ingest, editorial changes, submissions, recounts).
    """
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): any new value differs from the old one
        cache.set(_GENERATION_KEY, time.time_ns(), None)


def cached_aggregate(key: str, compute: Callable[[], T], *, refresh: bool = False, seconds: int | None = None) -> T:
    """Return ``compute()``, kept in the cache for AGGREGATE_CACHE_SECONDS (0 turns caching off).

    Whole-table aggregates (the dashboard, unfiltered stats) read every event: at a million rows
    that is hundreds of milliseconds however the table is indexed, and a figure a minute old is
    as good for a chart. ``refresh`` recomputes and replaces the cached value (how Celery beat
    warms the busiest pages, events/tasks.py), kept ``seconds`` instead of the setting.
    """
    ttl = getattr(settings, "AGGREGATE_CACHE_SECONDS", 60)
    if ttl <= 0:
        return compute()
    # The generation changes with every write the figures depend on (aggregate_cache_expire):
    # an entry computed before the write is never read after it, in every process sharing the cache.
    generation = cache.get(_GENERATION_KEY, 0)
    full_key = f"aggregate:{generation}:" + hashlib.sha256(key.encode()).hexdigest()
    value = None if refresh else cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, ttl if seconds is None else seconds)
    return value


@dataclass(frozen=True)
class Totals:
    events: int
    actors: int
    locations: int
    articles: int
    articles_by_status: dict[str, int]
    fatalities: int


def dashboard_totals() -> Totals:
    """Count the rows the dashboard shows; one query per table, none per row.

    Rejected events are left out, as from every chart; actors and places are those with events
    (the stored counts, events/services/counts.py), not the seed dictionary or the whole gazetteer.
    """
    by_status = {row["status"]: row["n"] for row in Article.objects.values("status").annotate(n=Count("id"))}
    live = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).aggregate(
        n=Count("id"), total=Sum("fatalities")
    )
    return Totals(
        events=live["n"],
        actors=Actor.objects.filter(event_count__gt=0).count(),
        locations=Location.objects.filter(event_count__gt=0).count(),
        articles=sum(by_status.values()),
        articles_by_status=by_status,
        fatalities=live["total"] or 0,
    )


# --- The grouping: events and fatalities per key, the busiest first -------------------------------

PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth, "year": TruncYear}


def grouped(events: QuerySet[Event], key: str, expression: Any = None) -> list[dict[str, Any]]:
    """Return ``{key, events, fatalities}`` per value of ``key`` (a field, or ``expression`` named so), busiest first.

    The one grouping of every chart and of /api/v1/stats/; an unknown fatality total reads 0.
    """
    ordered = events.order_by()
    rows: QuerySet[Event, Any] = ordered.values(**{key: expression}) if expression is not None else ordered.values(key)
    return [
        {**row, "fatalities": row["fatalities"] or 0}
        for row in rows.annotate(events=Count("id"), fatalities=Sum("fatalities")).order_by("-events", key)
    ]


def by_period(events: QuerySet[Event], period: str = "month", *, key: str = "period") -> list[dict[str, Any]]:
    """Return ``grouped`` rows per day, week, month or year of the events' dates, oldest first."""
    rows = grouped(events.filter(date__isnull=False), key, PERIODS[period]("date"))
    return sorted(rows, key=lambda row: row[key])


def by_country(events: QuerySet[Event]) -> list[dict[str, Any]]:
    """Return ``grouped`` rows per country code of the events' places, busiest first."""
    return grouped(events.filter(location__isnull=False), "country_code", F("location__country_code"))


def _live() -> QuerySet[Event]:
    return Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)


def events_by_month(events: QuerySet[Event] | None = None) -> list[dict]:
    """Return ``{month, events, fatalities}`` per calendar month, oldest first (rejected events left out)."""
    live = _live() if events is None else events.exclude(review_status=Event.ReviewStatus.REJECTED)
    return by_period(live, "month", key="month")


def events_by_type() -> list[dict]:
    """Return ``{event_type, events, fatalities}`` per event type, most frequent first."""
    return grouped(_live(), "event_type")


def events_by_country(*, limit: int = 12) -> list[dict]:
    """Return ``{country_code, events, fatalities}`` for the countries with most events."""
    return by_country(_live())[:limit]


def _by_actor(events: QuerySet[Event], *, top: int) -> list[dict[str, Any]]:
    # One grouped query per role, merged here; a role the same actor already plays in the event
    # is left out, so an event is counted once per actor ("Islamic State against Islamic State").
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    ids = events.order_by().values("pk")
    through = Event.assoc_actors.through
    role_queries = [
        events.order_by().filter(actor1__isnull=False).values(who=F("actor1_id")),
        events.order_by().filter(actor2__isnull=False).exclude(actor2_id=F("actor1_id")).values(who=F("actor2_id")),
        through.objects.filter(event_id__in=ids)
        .exclude(actor_id=F("event__actor1_id"))
        .exclude(actor_id=F("event__actor2_id"))
        .order_by()
        .values(who=F("actor_id")),
    ]
    for index, query in enumerate(role_queries):
        fatalities = Sum("event__fatalities") if index == 2 else Sum("fatalities")
        for row in query.annotate(n=Count("pk"), f=fatalities):
            totals[row["who"]][0] += row["n"]
            totals[row["who"]][1] += row["f"] or 0
    best = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    names = dict(Actor.objects.filter(pk__in=[pk for pk, _ in best]).values_list("pk", "name"))
    return [{"actor_id": pk, "actor": names.get(pk, ""), "events": n, "fatalities": f} for pk, (n, f) in best]


def event_stats(events: QuerySet[Event], *, period: str = "month", top: int = 20) -> dict[str, Any]:
    """Return totals and breakdowns of ``events`` by type, country, actor and ``period``."""
    total = events.order_by().aggregate(events=Count("id"), fatalities=Sum("fatalities"))
    by_type = [
        {**row, "label": acled.EVENT_TYPE_LABELS.get(row["event_type"], row["event_type"])}
        for row in grouped(events, "event_type")
    ]
    countries = [{**row, "country": acled.country(row["country_code"] or "").name} for row in by_country(events)]
    return {
        "period": period,
        "total": {"events": total["events"], "fatalities": total["fatalities"] or 0},
        "by_type": by_type,
        "by_country": countries[:top],
        "by_actor": _by_actor(events, top=top),
        "by_period": [{**row, "period": row["period"].isoformat()} for row in by_period(events, period)],
    }


# The whole-table aggregates the dashboard shows, by cache key; Celery beat warms them too.
DASHBOARD_AGGREGATES: dict[str, Callable[[], Any]] = {
    "dashboard:totals": dashboard_totals,
    "dashboard:by_month": events_by_month,
    "dashboard:by_type": events_by_type,
    "dashboard:by_country": events_by_country,
}


def dashboard_aggregates(*, refresh: bool = False, seconds: int | None = None) -> dict[str, Any]:
    """Return the dashboard's aggregates by key, from the cache (``refresh`` recomputes them)."""
    return {
        key: cached_aggregate(key, compute, refresh=refresh, seconds=seconds)
        for key, compute in DASHBOARD_AGGREGATES.items()
    }
