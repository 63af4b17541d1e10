"""Denormalised event counts: Actor.event_count/first_seen/last_seen and Location.event_count.

Counting a busy actor's events live (170,000 of a million, in three roles) cost ~1 s for one
page of the actor list; the counts are kept on the rows instead. Every write path keeps them
right in the same transaction: editorial changes recount the rows they touched
(``event_counts_refresh``), and ingest adds what an article changed (``event_counts_apply``):
recounting after each article would cost it 0.3-0.5 s whenever it names the busiest actor,
while adding one event to it is one row update. Celery beat (events.tasks, every
EVENT_COUNTS_REFRESH_SECONDS) only reconciles what bypassed the services (admin bulk deletes,
raw SQL); without beat (the embedded mode) the figures are still right after each write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, ManyToManyField, Max, Min, Model, Q, QuerySet

from events.models import Actor, Event, Location
from events.selectors.aggregates import aggregate_cache_expire

REJECTED = "rejected"  # Event.ReviewStatus.REJECTED; a literal, so historical models work too


@dataclass(frozen=True)
class Refreshed:
    actors: int  # rows whose counts changed
    locations: int


def _others(column: str, actor: str) -> Q:
    # "column is not this actor", true for NULL; without a negation, whose NULL handling differs
    # between F() comparisons on the databases.
    return Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": F(actor)}) | Q(**{f"{column}__gt": F(actor)})


def _actor_roles(event_model: type[Model], actor_ids: list[int] | None) -> list[QuerySet]:
    """Return one ``(actor, n, first_seen, last_seen)`` aggregate per role; an event counts once per actor.

    A plain GROUP BY per role, not a UNION of (actor, event) pairs: an event is counted under
    actor2 only if actor1 is someone else, and as an associate only if neither actor1 nor actor2
    is that actor, so the sums are distinct events without hashing two million pairs.
    """
    live = event_model._default_manager.exclude(review_status=REJECTED).order_by()
    assoc_field = event_model._meta.get_field("assoc_actors")
    assert isinstance(assoc_field, ManyToManyField)
    through = assoc_field.remote_field.through
    assert through is not None
    roles = [
        live.filter(actor1_id__isnull=False).values(counted_actor=F("actor1_id")),
        live.filter(Q(actor2_id__isnull=False) & _others("actor1_id", "actor2_id")).values(
            counted_actor=F("actor2_id")
        ),
    ]
    if actor_ids is not None:
        roles = [roles[0].filter(actor1_id__in=actor_ids), roles[1].filter(actor2_id__in=actor_ids)]
    roles = [
        role.annotate(n=Count("id"), first_seen=Min("date"), last_seen=Max("date")).values(
            "counted_actor", "n", "first_seen", "last_seen"
        )
        for role in roles
    ]
    assoc = (
        through._default_manager.exclude(event__review_status=REJECTED)
        .filter(_others("event__actor1_id", "actor_id") & _others("event__actor2_id", "actor_id"))
        .order_by()
    )
    if actor_ids is not None:
        assoc = assoc.filter(actor_id__in=actor_ids)
    roles.append(
        assoc.values(counted_actor=F("actor_id"))
        .annotate(n=Count("event_id"), first_seen=Min("event__date"), last_seen=Max("event__date"))
        .values("counted_actor", "n", "first_seen", "last_seen")
    )
    return roles


def _location_totals(event_model: type[Model], location_ids: list[int] | None) -> QuerySet:
    live = event_model._default_manager.exclude(review_status=REJECTED).filter(location_id__isnull=False).order_by()
    if location_ids is not None:
        live = live.filter(location_id__in=location_ids)
    return live.values(place=F("location_id")).annotate(n=Count("id")).values("place", "n")


def _sql(queryset: QuerySet) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _only(ids: list[int] | None, column: str) -> tuple[str, tuple[Any, ...]]:
    return ("", ()) if ids is None else (f" AND {column} = ANY(%s)", (ids,))


def _refresh_actors_postgresql(actor_model: type[Model], roles: list[QuerySet], actor_ids: list[int] | None) -> int:
    parts = [_sql(role) for role in roles]
    union = " UNION ALL ".join(f"({sql})" for sql, _ in parts)
    only, only_params = _only(actor_ids, "b.id")
    table = connection.ops.quote_name(actor_model._meta.db_table)
    # One statement; rows whose figures did not change are not written (no dead tuples a minute).
    sql = f"""
        WITH roles (actor_id, n, first_seen, last_seen) AS ({union}),
        totals AS (
            SELECT actor_id, SUM(n) AS n, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen
            FROM roles GROUP BY actor_id
        )
        UPDATE {table} AS a
        SET event_count = COALESCE(t.n, 0), first_seen = t.first_seen, last_seen = t.last_seen
        FROM {table} AS b LEFT JOIN totals AS t ON t.actor_id = b.id
        WHERE a.id = b.id{only}
          AND (a.event_count <> COALESCE(t.n, 0) OR a.first_seen IS DISTINCT FROM t.first_seen
               OR a.last_seen IS DISTINCT FROM t.last_seen)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, sum((params for _, params in parts), ()) + only_params)
        return cursor.rowcount


def _refresh_locations_postgresql(location_model: type[Model], totals: QuerySet, location_ids: list[int] | None) -> int:
    totals_sql, params = _sql(totals)
    only, only_params = _only(location_ids, "b.id")
    table = connection.ops.quote_name(location_model._meta.db_table)
    sql = f"""
        UPDATE {table} AS l SET event_count = COALESCE(t.n, 0)
        FROM {table} AS b LEFT JOIN ({totals_sql}) AS t (location_id, n) ON t.location_id = b.id
        WHERE l.id = b.id{only} AND l.event_count <> COALESCE(t.n, 0)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params + only_params)
        return cursor.rowcount


def _write_changed(model: type[Model], ids: list[int] | None, wanted: dict[int, dict[str, Any]], blank: dict) -> int:
    """Save the figures that differ from the stored ones (the portable path, for SQLite)."""
    fields = list(blank)
    rows = model._default_manager.all() if ids is None else model._default_manager.filter(pk__in=ids)
    changed = []
    for row in rows.only("pk", *fields):
        figures = wanted.get(row.pk, blank)
        if any(getattr(row, f) != figures[f] for f in fields):
            for f in fields:
                setattr(row, f, figures[f])
            changed.append(row)
    # bulk_update, not save(): derived figures, no history rows, no updated_at bump.
    model._default_manager.bulk_update(changed, fields, batch_size=500)
    return len(changed)


def _refresh_actors_portable(actor_model: type[Model], roles: list[QuerySet], actor_ids: list[int] | None) -> int:
    wanted: dict[int, dict[str, Any]] = {}
    for role in roles:
        for row in role:
            figures = wanted.setdefault(row["counted_actor"], {"event_count": 0, "first_seen": None, "last_seen": None})
            figures["event_count"] += row["n"]
            if row["first_seen"] is not None:
                figures["first_seen"] = min(filter(None, (figures["first_seen"], row["first_seen"])))
                figures["last_seen"] = max(filter(None, (figures["last_seen"], row["last_seen"])))
    return _write_changed(actor_model, actor_ids, wanted, {"event_count": 0, "first_seen": None, "last_seen": None})


def _refresh_locations_portable(location_model: type[Model], totals: QuerySet, location_ids: list[int] | None) -> int:
    wanted = {row["place"]: {"event_count": row["n"]} for row in totals}
    return _write_changed(location_model, location_ids, wanted, {"event_count": 0})


def _ids(values: Iterable[int | None] | None) -> list[int] | None:
    return None if values is None else sorted({int(v) for v in values if v is not None})


def refresh_counts(
    *,
    event_model: type[Model],
    actor_model: type[Model],
    location_model: type[Model],
    actor_ids: Iterable[int | None] | None = None,
    location_ids: Iterable[int | None] | None = None,
) -> Refreshed:
    """Recount against the given models (the migration passes its historical ones).

    One transaction for both tables: a reader never sees an actor's new count beside its places'
    old ones (the real-beat test caught that window under load).
    """
    with transaction.atomic():
        refreshed = _refresh_counts(event_model, actor_model, location_model, _ids(actor_ids), _ids(location_ids))
        if refreshed.actors or refreshed.locations:
            # The cached pages and charts read these figures: recompute them after the commit.
            transaction.on_commit(aggregate_cache_expire)
        return refreshed


def _refresh_counts(
    event_model: type[Model],
    actor_model: type[Model],
    location_model: type[Model],
    actors: list[int] | None,
    places: list[int] | None,
) -> Refreshed:
    postgresql = connection.vendor == "postgresql"
    changed_actors = changed_places = 0
    if actors is None or actors:
        roles = _actor_roles(event_model, actors)
        refresh = _refresh_actors_postgresql if postgresql else _refresh_actors_portable
        changed_actors = refresh(actor_model, roles, actors)
    if places is None or places:
        totals = _location_totals(event_model, places)
        refresh_places = _refresh_locations_postgresql if postgresql else _refresh_locations_portable
        changed_places = refresh_places(location_model, totals, places)
    return Refreshed(actors=changed_actors, locations=changed_places)


def event_counts_refresh(
    *, actor_ids: Iterable[int | None] | None = None, location_ids: Iterable[int | None] | None = None
) -> Refreshed:
    """Recount the events of the given actors and places; ``None`` means every row, ``[]`` none.

    Rejected events are left out. Returns how many rows changed.
    """
    return refresh_counts(
        event_model=Event, actor_model=Actor, location_model=Location, actor_ids=actor_ids, location_ids=location_ids
    )


def event_count_targets(*, event_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """Return the ids of the actors (any role) and places that the given events count towards."""
    ids = list(event_ids)
    actors: set[int] = set()
    places: set[int] = set()
    for actor1, actor2, place in Event.objects.filter(pk__in=ids).values_list("actor1_id", "actor2_id", "location_id"):
        actors.update(a for a in (actor1, actor2) if a is not None)
        if place is not None:
            places.add(place)
    through = Event.assoc_actors.through
    actors.update(through.objects.filter(event_id__in=ids).values_list("actor_id", flat=True))
    return actors, places


# --- Incremental changes (ingest) ----------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """What one event adds to the counts: its actors (any role, once each), place and date.

    ``None`` stands for an event that counts nowhere (rejected, deleted or not yet written).
    """

    actors: frozenset[int]
    location: int | None
    date: dt.date | None


def counted(
    *, actor_ids: Iterable[int | None], location_id: int | None, date: dt.date | None, review_status: str
) -> Counted | None:
    if review_status == REJECTED:
        return None
    return Counted(frozenset(a for a in actor_ids if a is not None), location_id, date)


@dataclass
class CountChanges:
    """Deltas to add to stored counts, and the actors whose dates only a recount can tell."""

    actors: dict[int, list[Any]] = field(default_factory=dict)  # id -> [n, first_seen, last_seen]
    locations: dict[int, int] = field(default_factory=dict)  # id -> n
    recount_actors: set[int] = field(default_factory=set)

    def _add_actor(self, actor_id: int, date: dt.date | None, n: int) -> None:
        figures = self.actors.setdefault(actor_id, [0, None, None])
        figures[0] += n
        if date is not None:
            figures[1] = date if figures[1] is None else min(figures[1], date)
            figures[2] = date if figures[2] is None else max(figures[2], date)

    def add(self, before: Counted | None, after: Counted | None) -> None:
        """Record one event going from ``before`` to ``after``.

        Gaining an event, or a date where there was none, only widens an actor's range: added.
        Losing one, or a date that moved, may narrow it: the actor is recounted instead.
        """
        old_place = before.location if before else None
        new_place = after.location if after else None
        if old_place != new_place:
            if old_place is not None:
                self.locations[old_place] = self.locations.get(old_place, 0) - 1
            if new_place is not None:
                self.locations[new_place] = self.locations.get(new_place, 0) + 1
        old_actors = before.actors if before else frozenset()
        new_actors = after.actors if after else frozenset()
        self.recount_actors |= old_actors - new_actors
        for actor_id in new_actors - old_actors:
            self._add_actor(actor_id, after.date, 1)  # type: ignore[union-attr]
        if before and after and before.date != after.date:
            for actor_id in old_actors & new_actors:
                if before.date is None:
                    self._add_actor(actor_id, after.date, 0)
                else:
                    self.recount_actors.add(actor_id)


def _values_update(table: str, columns: list[str], casts: list[str], rows: list[list[Any]], assignments: str) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        casts = [""] * len(casts)
    row = "(" + ", ".join(f"%s{cast}" for cast in casts) + ")"
    table = quote(table)
    sql = (
        f"WITH v ({', '.join(columns)}) AS (VALUES {', '.join([row] * len(rows))}) "
        f"UPDATE {table} SET {assignments} FROM v WHERE {table}.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for r in rows for value in r])


def _widen(column: str, table: str) -> str:
    # Portable MIN/MAX that ignores NULL on both sides (SQLite's two-argument min() returns NULL).
    op = "<" if column == "first_seen" else ">"
    mine = f"{connection.ops.quote_name(table)}.{column}"
    return f"CASE WHEN v.{column} IS NULL THEN {mine} WHEN {mine} IS NULL OR v.{column} {op} {mine} THEN v.{column} ELSE {mine} END"


def event_counts_apply(changes: CountChanges) -> None:
    """Add an article's count changes to the stored counts: one statement a table, in id order.

    Increments commute, so workers adding to the same busy actor at once only queue on its row;
    the sorted order keeps two of them from deadlocking.
    """
    date = connection.ops.adapt_datefield_value
    actor_rows = [
        [pk, n, date(first), date(last)]
        for pk, (n, first, last) in sorted(changes.actors.items())
        if pk not in changes.recount_actors and (n or first is not None)
    ]
    actor_table = Actor._meta.db_table
    _values_update(
        actor_table,
        ["id", "n", "first_seen", "last_seen"],
        ["::bigint", "::integer", "::date", "::date"],
        actor_rows,
        f"event_count = {connection.ops.quote_name(actor_table)}.event_count + v.n, "
        f"first_seen = {_widen('first_seen', actor_table)}, last_seen = {_widen('last_seen', actor_table)}",
    )
    place_rows = [[pk, n] for pk, n in sorted(changes.locations.items()) if n]
    place_table = Location._meta.db_table
    _values_update(
        place_table,
        ["id", "n"],
        ["::bigint", "::integer"],
        place_rows,
        f"event_count = {connection.ops.quote_name(place_table)}.event_count + v.n",
    )
    if changes.recount_actors:
        event_counts_refresh(actor_ids=changes.recount_actors, location_ids=[])
    if actor_rows or place_rows:
        transaction.on_commit(aggregate_cache_expire)
