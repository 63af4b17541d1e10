"""Aggregates over a (filtered) set of events: counts and fatalities by type, country, actor, period."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek, TruncYear

from events import acled
from events.models import Actor, Event

PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth, "year": TruncYear}


def _rows(events: QuerySet[Event], key: str, expression: Any = None) -> list[dict[str, Any]]:
    grouped = events.order_by()
    grouped = grouped.values(**{key: expression}) if expression is not None else grouped.values(key)
    return [
        {**row, "fatalities": row["fatalities"] or 0}
        for row in grouped.annotate(events=Count("id"), fatalities=Sum("fatalities")).order_by("-events", key)
    ]


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
        for row in _rows(events, "event_type")
    ]
    by_country = [
        {**row, "country": acled.country(row["country_code"] or "").name}
        for row in _rows(events.filter(location__isnull=False), "country_code", F("location__country_code"))
    ]
    trunc = PERIODS[period]
    by_period = sorted(
        (
            {**row, "period": row["period"].isoformat()}
            for row in _rows(events.filter(date__isnull=False), "period", trunc("date"))
        ),
        key=lambda row: row["period"],
    )
    return {
        "period": period,
        "total": {"events": total["events"], "fatalities": total["fatalities"] or 0},
        "by_type": by_type,
        "by_country": by_country[:top],
        "by_actor": _by_actor(events, top=top),
        "by_period": by_period,
    }
