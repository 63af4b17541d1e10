"""Reads of actors: lists, search, autocomplete and an actor page's timeline, counterparts and places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from events.models import Actor, ActorAlias, Event
from events.normalize import normalize_name
from events.selectors.aggregates import cached_aggregate, events_by_month
from events.selectors.events import events_for_actor
from events.selectors.places import place_rows


def actor_list() -> QuerySet[Actor]:
    return Actor.objects.prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("alias")))


def actor_search() -> QuerySet[Actor]:
    return actor_list().order_by("name")


def actor_ids_matching(value: str) -> QuerySet[Actor, Any]:
    """Return ids of actors whose name or any alias matches ``value`` (normalised, exact)."""
    normalized = normalize_name(value)
    alias_actor_ids = ActorAlias.objects.filter(normalized=normalized).values("actor_id")
    return Actor.objects.filter(Q(name__iexact=value.strip()) | Q(pk__in=alias_actor_ids)).values("pk")


def autocomplete_actors(term: str, *, limit: int = 10) -> list[Mapping[str, Any]]:
    """Return ``{id, name, kind}`` of actors whose name or an alias starts with (or contains) ``term``."""
    term = term.strip()
    if not term:
        return []
    normalized = normalize_name(term)
    alias_ids = ActorAlias.objects.filter(normalized__startswith=normalized).values("actor_id")
    rows: list[Mapping[str, Any]] = list(
        Actor.objects.filter(Q(name__istartswith=term) | Q(pk__in=alias_ids))
        .order_by("name")
        .values("id", "name", "kind")[:limit]
    )
    if len(rows) < limit:
        seen = {row["id"] for row in rows}
        rows += [
            row
            for row in Actor.objects.filter(name__icontains=term).order_by("name").values("id", "name", "kind")[:limit]
            if row["id"] not in seen
        ][: limit - len(rows)]
    return rows


def actor_counterparts(actor: Actor, *, limit: int = 15) -> list[dict]:
    """Return the actors met on the other side of this actor's events: ``{actor, as_actor1, as_actor2, n}``."""
    return _counterpart_rows(_met(actor, "actor1", "actor2"), _met(actor, "actor2", "actor1"), limit=limit)


def _met(actor: Actor, side: str, other: str) -> Counter[int]:
    """Events per actor on the ``other`` side of the events where ``actor`` is on ``side``."""
    rows = (
        Event.objects.filter(**{f"{side}_id": actor.pk, f"{other}__isnull": False})
        .exclude(**{f"{other}_id": actor.pk})
        .order_by()
        .values(f"{other}_id")
        .annotate(n=Count("id"))
    )
    return Counter({row[f"{other}_id"]: row["n"] for row in rows})


def _counterpart_rows(against: Counter[int], by: Counter[int], *, limit: int) -> list[dict]:
    top = sorted((against + by).items(), key=lambda item: (-item[1], item[0]))[:limit]
    names = Actor.objects.only("id", "name", "kind").in_bulk([pk for pk, _ in top])
    return [
        {"actor": names[pk], "as_actor1": against.get(pk, 0), "as_actor2": by.get(pk, 0), "n": n}
        for pk, n in top
        if pk in names
    ]


def actor_places(actor: Actor, *, limit: int = 15) -> list[dict]:
    """Return the places where an actor is active: ``{location, n, fatalities}``, busiest first."""
    rows = list(
        events_for_actor(actor)
        .filter(location__isnull=False)
        .order_by()
        .values("location_id")
        .annotate(n=Count("id"), fatalities=Sum("fatalities"))
        .order_by("-n", "location_id")[:limit]
    )
    return place_rows(rows, limit=limit)


@dataclass(frozen=True)
class ActorActivity:
    """What an actor page charts: ``events_by_month`` rows, ``actor_counterparts``, ``actor_places``."""

    months: list[dict]
    counterparts: list[dict]
    places: list[dict]


# One pass over the actor's events: the three roles as disjoint parts (no DISTINCT needed), the
# first two index-only on PostgreSQL (migration 0010), then one hash aggregate per grouping set.
# Months are grouped with the rejected flag (the timeline leaves rejected events out; counterparts
# and places count them, as their own queries do). ANY(ARRAY(...)) lets the associate ids use the
# primary key, where IN (subquery) made the planner read the whole table.
_ACTIVITY_COLUMNS = "actor1_id, actor2_id, date, location_id, fatalities, review_status"


_ACTOR_ACTIVITY_SQL = f"""
SELECT date_trunc('month', ev.date::timestamp)::date, ev.review_status = %(rejected)s, ev.location_id,
       CASE WHEN ev.actor1_id = %(actor)s AND ev.actor2_id <> %(actor)s THEN ev.actor2_id END,
       CASE WHEN ev.actor2_id = %(actor)s AND ev.actor1_id <> %(actor)s THEN ev.actor1_id END,
       COUNT(*), SUM(ev.fatalities)
FROM (
    SELECT {_ACTIVITY_COLUMNS} FROM events_event WHERE actor1_id = %(actor)s
    UNION ALL
    SELECT {_ACTIVITY_COLUMNS} FROM events_event
    WHERE actor2_id = %(actor)s AND actor1_id IS DISTINCT FROM %(actor)s
    UNION ALL
    SELECT {_ACTIVITY_COLUMNS} FROM events_event
    WHERE id = ANY(ARRAY(SELECT event_id FROM events_event_assoc_actors WHERE actor_id = %(actor)s))
      AND actor1_id IS DISTINCT FROM %(actor)s AND actor2_id IS DISTINCT FROM %(actor)s
) ev
GROUP BY GROUPING SETS ((1, 2), (3), (4), (5))
"""


def actor_activity(actor: Actor, *, limit: int = 15) -> ActorActivity:
    """Return an actor's timeline, counterparts and places; on PostgreSQL from one pass over its events."""
    if connection.vendor != "postgresql":
        return ActorActivity(
            months=events_by_month(events_for_actor(actor)),
            counterparts=actor_counterparts(actor, limit=limit),
            places=actor_places(actor, limit=limit),
        )
    with connection.cursor() as cursor:
        cursor.execute(_ACTOR_ACTIVITY_SQL, {"actor": actor.pk, "rejected": Event.ReviewStatus.REJECTED})
        rows = cursor.fetchall()
    months, places = [], []
    against: Counter[int] = Counter()
    by: Counter[int] = Counter()
    # Each grouping set leaves the other sets' columns NULL; a set's own NULL group is dropped.
    for month, rejected, location_id, against_id, by_id, n, fatalities in rows:
        if rejected is not None:
            if not rejected and month is not None:
                months.append({"month": month, "events": n, "fatalities": fatalities or 0})
        elif location_id is not None:
            places.append({"location_id": location_id, "n": n, "fatalities": fatalities})
        elif against_id is not None:
            against[against_id] = n
        elif by_id is not None:
            by[by_id] = n
    return ActorActivity(
        months=sorted(months, key=lambda row: row["month"]),
        counterparts=_counterpart_rows(against, by, limit=limit),
        places=place_rows(places, limit=limit),
    )


def actor_activity_cached(actor: Actor, *, refresh: bool = False, seconds: int | None = None) -> ActorActivity:
    """Return the actor page's timeline, counterparts and places through the aggregate cache.

    A busy actor has a hundred thousand events (AGGREGATE_CACHE_SECONDS); Celery beat refreshes the
    busiest actors' entries before they expire (events/tasks.py).
    """
    return cached_aggregate(
        f"actor:{actor.pk}:activity", lambda: actor_activity(actor), refresh=refresh, seconds=seconds
    )
