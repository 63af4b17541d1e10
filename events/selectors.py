"""Reads for the events app: every queryset the API and the pages use, with its joins.

Views never call select_related/prefetch_related themselves, so an N+1 is fixed here once.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    F,
    Max,
    Min,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.normalize import normalize_name

T = TypeVar("T")

# Evidence is shown with its article's title and URL; the article text can be megabytes.
_EVIDENCE_ARTICLE_FIELDS = ("article__id", "article__title", "article__url")


def _evidence_with_article() -> QuerySet[Evidence]:
    return (
        Evidence.objects.select_related("article")
        .only("id", "event_id", "sentence", "start", "end", "article_id", *_EVIDENCE_ARTICLE_FIELDS)
        .order_by("article_id", "start")
    )


def event_list() -> QuerySet[Event]:
    """Return events with their actors, location and evidence loaded in a fixed number of queries."""
    return Event.objects.select_related("actor1", "actor2", "location").prefetch_related(
        Prefetch("assoc_actors", queryset=Actor.objects.only("id", "name").order_by("name")),
        Prefetch("evidence", queryset=_evidence_with_article()),
    )


def event_rows() -> QuerySet[Event]:
    """Return events with actors and location joined; ``events_load_relations`` adds a page's evidence."""
    return Event.objects.select_related("actor1", "actor2", "location")


def _store_prefetched(instance: Model, name: str, model: type[Model], rows: list[Model]) -> None:
    # What prefetch_related leaves behind: `instance.<name>.all()` then reads these rows.
    queryset = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def events_load_relations(events: list[Event]) -> list[Event]:
    """Load the associated actors and the evidence of a page of events: one query each.

    The same queries prefetch_related runs, without its per-event queryset clone (which deep-copies
    the evidence query's select_related): ~10 ms of a 50-event API page.
    """
    if not events:
        return events
    ids = [event.pk for event in events]
    associates: dict[int, list[Actor]] = defaultdict(list)
    for actor in (
        Actor.objects.filter(events_as_associate__in=ids)
        .annotate(_event_id=F("events_as_associate"))
        .only("id", "name")
        .order_by("name")
    ):
        associates[actor._event_id].append(actor)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in _evidence_with_article().filter(event_id__in=ids):
        evidence[item.event_id].append(item)
    for event in events:
        _store_prefetched(event, "assoc_actors", Actor, associates.get(event.pk, []))
        _store_prefetched(event, "evidence", Evidence, evidence.get(event.pk, []))
    return events


def event_list_light() -> QuerySet[Event]:
    """Return events for tables: actors and location joined, no evidence."""
    return Event.objects.select_related("actor1", "actor2", "location").prefetch_related(
        Prefetch("assoc_actors", queryset=Actor.objects.only("id", "name").order_by("name")),
    )


# Up to this many associated events, their ids go into the event query as literals (see below).
ASSOC_ID_LIST_LIMIT = 5_000


def involving_actors(actor_ids: list[int]) -> Q:
    """Return a condition for events with any of ``actor_ids`` as actor1, actor2 or associate.

    For quiet actors the associates' event ids are read first (one indexed query) and passed as
    literals: PostgreSQL guesses "half the table" for an OR with a subquery, and then walks every
    event to fill a page for an actor with a handful of them. Busy actors (by their stored event
    counts) keep the subquery, which PostgreSQL hashes once: a page of theirs fills within a few
    hundred rows of the list order, and reading their ids into Python first cost the busiest
    actor's API page ~10 of its ~40 ms for nothing.
    """
    # A subquery, not a join on assoc_actors: a join would repeat events and need DISTINCT.
    assoc = Event.assoc_actors.through.objects.filter(actor_id__in=actor_ids).values_list("event_id", flat=True)
    in_assoc = Q(pk__in=assoc)
    if not _busy(actor_ids):
        assoc_ids = list(assoc[: ASSOC_ID_LIST_LIMIT + 1])
        if len(assoc_ids) <= ASSOC_ID_LIST_LIMIT:
            in_assoc = Q(pk__in=assoc_ids)
    return Q(actor1_id__in=actor_ids) | Q(actor2_id__in=actor_ids) | in_assoc


def _busy(actor_ids: list[int]) -> bool:
    """Whether the actors' stored event counts (refreshed by beat) say they have many events."""
    total = Actor.objects.filter(pk__in=actor_ids).aggregate(n=Sum("event_count"))["n"] or 0
    return total > ASSOC_ID_LIST_LIMIT


def events_for_actor(actor: Actor) -> QuerySet[Event]:
    """Return the events an actor took part in, in any role, oldest first (a timeline)."""
    return event_list_light().filter(involving_actors([actor.pk])).order_by("date", "id")


def events_for_location(location: Location) -> QuerySet[Event]:
    return event_list_light().filter(location_id=location.pk).order_by("-date", "-id")


def events_for_article(article: Article) -> QuerySet[Event]:
    """Return the events an article supports (through its evidence)."""
    event_ids = Evidence.objects.filter(article_id=article.pk).values("event_id")
    return event_list_light().filter(pk__in=event_ids).order_by("date", "id")


def actor_list() -> QuerySet[Actor]:
    return Actor.objects.prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("alias")))


def location_list() -> QuerySet[Location]:
    return Location.objects.all()


def quote_list() -> QuerySet[Quote]:
    return Quote.objects.select_related("speaker").defer("speaker__description")


def quotes_for_actor(actor: Actor) -> QuerySet[Quote]:
    return (
        quote_list()
        .select_related("article")
        .defer("article__raw", "article__text")
        .filter(speaker_id=actor.pk)
        .order_by("-article__published_on", "id")
    )


def article_list() -> QuerySet[Article]:
    """Return articles without their (possibly large) raw and cleaned text."""
    return Article.objects.defer("raw", "text")


def article_detail() -> QuerySet[Article]:
    """Return articles with everything extracted from them prefetched."""
    return Article.objects.defer("raw").prefetch_related(
        Prefetch("actors", queryset=Actor.objects.only("id", "name", "kind").order_by("name")),
        Prefetch("locations", queryset=Location.objects.order_by("name")),
        Prefetch("quotes", queryset=quote_list().order_by("start")),
        Prefetch("evidence", queryset=Evidence.objects.only("id", "article_id", "event_id", "start", "end")),
    )


def event_detail() -> QuerySet[Event]:
    """Return events with the full text of the articles that support them."""
    return Event.objects.select_related("actor1", "actor2", "location").prefetch_related(
        Prefetch("assoc_actors", queryset=Actor.objects.only("id", "name").order_by("name")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("article").order_by("article_id", "start")),
        Prefetch("quotes", queryset=quote_list()),
    )


def location_articles(location: Location, *, limit: int = 20) -> QuerySet[Article]:
    return article_list().filter(locations=location).order_by("-published_on", "-id")[:limit]


def estimated_rows(queryset: QuerySet) -> int:
    """Return PostgreSQL's planner estimate of how many rows ``queryset`` yields (no rows are read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


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
    (the stored counts, events/counts.py), not the seed dictionary or the whole gazetteer.
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


def recent_events(*, limit: int = 10) -> QuerySet[Event]:
    return event_list_light().order_by("-created_at", "-id")[:limit]


def latest_articles(*, limit: int = 10) -> QuerySet[Article]:
    return article_list().order_by("-created_at", "-id")[:limit]


def actor_ids_matching(value: str) -> QuerySet[Actor]:
    """Return ids of actors whose name or any alias matches ``value`` (normalised, exact)."""
    normalized = normalize_name(value)
    alias_actor_ids = ActorAlias.objects.filter(normalized=normalized).values("actor_id")
    return Actor.objects.filter(Q(name__iexact=value.strip()) | Q(pk__in=alias_actor_ids)).values("pk")


# --- Pages: aggregates, timelines, search and the map -------------------------------------------
# (appended for the analyst pages; each returns a bounded number of rows in one query.)


def _month_rows(events: QuerySet[Event]) -> list[dict]:
    return list(
        events.filter(date__isnull=False)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(events=Count("id"), fatalities=Sum("fatalities"))
        .order_by("month")
    )


def events_by_month(events: QuerySet[Event] | None = None) -> list[dict]:
    """Return ``{month, events, fatalities}`` per calendar month, oldest first (rejected events left out)."""
    if events is None:
        events = Event.objects.all()
    return _month_rows(events.exclude(review_status=Event.ReviewStatus.REJECTED))


def events_by_type() -> list[dict]:
    """Return ``{event_type, n, fatalities}`` per event type, most frequent first."""
    return list(
        Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
        .order_by()
        .values("event_type")
        .annotate(n=Count("id"), fatalities=Sum("fatalities"))
        .order_by("-n", "event_type")
    )


def events_by_country(*, limit: int = 12) -> list[dict]:
    """Return ``{country_code, n, fatalities}`` for the countries with most events."""
    return list(
        Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
        .filter(location__isnull=False)
        .order_by()
        .values(country_code=F("location__country_code"))
        .annotate(n=Count("id"), fatalities=Sum("fatalities"))
        .order_by("-n", "country_code")[:limit]
    )


def actor_counterparts(actor: Actor, *, limit: int = 15) -> list[dict]:
    """Return the actors met on the other side of this actor's events: ``{actor, as_actor1, as_actor2, n}``."""
    against = Counter(
        {
            row["actor2_id"]: row["n"]
            for row in Event.objects.filter(actor1_id=actor.pk, actor2__isnull=False)
            .exclude(actor2_id=actor.pk)
            .order_by()
            .values("actor2_id")
            .annotate(n=Count("id"))
        }
    )
    by = Counter(
        {
            row["actor1_id"]: row["n"]
            for row in Event.objects.filter(actor2_id=actor.pk, actor1__isnull=False)
            .exclude(actor1_id=actor.pk)
            .order_by()
            .values("actor1_id")
            .annotate(n=Count("id"))
        }
    )
    return _counterpart_rows(against, by, limit=limit)


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
    return _place_rows(rows, limit=limit)


def _place_rows(rows: list[dict], *, limit: int) -> list[dict]:
    rows = sorted(rows, key=lambda row: (-row["n"], row["location_id"]))[:limit]
    places = Location.objects.in_bulk([row["location_id"] for row in rows])
    return [{**row, "location": places[row["location_id"]]} for row in rows if row["location_id"] in places]


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
                months.append({"month": month, "events": n, "fatalities": fatalities})
        elif location_id is not None:
            places.append({"location_id": location_id, "n": n, "fatalities": fatalities})
        elif against_id is not None:
            against[against_id] = n
        elif by_id is not None:
            by[by_id] = n
    return ActorActivity(
        months=sorted(months, key=lambda row: row["month"]),
        counterparts=_counterpart_rows(against, by, limit=limit),
        places=_place_rows(places, limit=limit),
    )


def location_actors(location: Location, *, limit: int = 15) -> list[dict]:
    """Return the actors active in a place (as actor1 or actor2): ``{actor, n}``, busiest first;
    an event whose two sides are one actor counts once for it."""
    counts: Counter[int] = Counter()
    here = Event.objects.filter(location_id=location.pk)
    for field, events in (("actor1_id", here), ("actor2_id", here.exclude(actor2_id=F("actor1_id")))):
        for row in events.filter(**{f"{field}__isnull": False}).order_by().values(field).annotate(n=Count("id")):
            counts[row[field]] += row["n"]
    top = counts.most_common(limit)
    actors = Actor.objects.only("id", "name", "kind").in_bulk([pk for pk, _ in top])
    return [{"actor": actors[pk], "n": n} for pk, n in top if pk in actors]


def autocomplete_actors(term: str, *, limit: int = 10) -> list[dict]:
    """Return ``{id, name, kind}`` of actors whose name or an alias starts with (or contains) ``term``."""
    term = term.strip()
    if not term:
        return []
    normalized = normalize_name(term)
    alias_ids = ActorAlias.objects.filter(normalized__startswith=normalized).values("actor_id")
    rows = list(
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


def autocomplete_locations(term: str, *, limit: int = 10) -> list[dict]:
    """Return ``{id, name, admin1, country_code}`` of places whose name starts with ``term``, most populous first."""
    term = term.strip()
    if not term:
        return []
    return list(
        Location.objects.filter(normalized__startswith=normalize_name(term))
        .order_by(F("population").desc(nulls_last=True), "name", "id")
        .values("id", "name", "admin1", "country_code")[:limit]
    )


def map_points(events: QuerySet[Event], *, limit: int) -> list[dict]:
    """Return up to ``limit`` located events as flat rows for the map (no model instances)."""
    return list(
        events.filter(location__latitude__isnull=False, location__longitude__isnull=False)
        .order_by()
        .values(
            "id",
            "event_type",
            "sub_event_type",
            "date",
            "fatalities",
            "location__name",
            "location__latitude",
            "location__longitude",
        )
        .order_by("-date", "-id")[:limit]
    )


def map_places(events: QuerySet[Event], *, limit: int) -> list[dict]:
    """Return located events aggregated per place (for large result sets), busiest places first."""
    # Grouped by the place id alone, its name and coordinates read afterwards: grouping a million
    # joined rows by (id, name, latitude, longitude) took four times as long.
    rows = list(
        events.filter(location__latitude__isnull=False, location__longitude__isnull=False)
        .order_by()
        .values("location_id")
        # COUNT(*), not COUNT(id): half the aggregate's time over a million rows.
        .annotate(n=Count("*"), fatalities=Sum("fatalities"), type_min=Min("event_type"), type_max=Max("event_type"))
        .order_by("-n", "location_id")[:limit]
    )
    places = Location.objects.only("id", "name", "latitude", "longitude").in_bulk([r["location_id"] for r in rows])
    return [
        {
            **row,
            "location__name": place.name,
            "location__latitude": place.latitude,
            "location__longitude": place.longitude,
        }
        for row in rows
        if (place := places.get(row["location_id"])) is not None
    ]


def quote_search() -> QuerySet[Quote]:
    """Return quotes with their speaker and (text-less) article joined, newest article first."""
    return (
        quote_list()
        .select_related("article")
        .defer("article__raw", "article__text")
        .order_by(F("article__published_on").desc(nulls_last=True), "-article_id", "start")
    )


def article_search() -> QuerySet[Article]:
    """Return articles for the list page: no text, the newest first."""
    return article_list().order_by("-created_at", "-id")


def actor_search() -> QuerySet[Actor]:
    return actor_list().order_by("name")


def location_search() -> QuerySet[Location]:
    """Return places for the places list: the most eventful first, then by name."""
    return location_list().defer("alternate_names").order_by("-event_count", "name", "id")


def article_page() -> QuerySet[Article]:
    """Return articles as article_detail does, with actor aliases too (to highlight mentions)."""
    return Article.objects.defer("raw").prefetch_related(
        Prefetch(
            "actors",
            queryset=Actor.objects.only("id", "name", "kind")
            .order_by("name")
            .prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("alias"))),
        ),
        Prefetch("locations", queryset=Location.objects.order_by("name")),
        Prefetch("quotes", queryset=quote_list().order_by("start")),
        Prefetch("evidence", queryset=Evidence.objects.only("id", "article_id", "event_id", "start", "end")),
    )


def event_page() -> QuerySet[Event]:
    """Return events as event_detail does, plus the other copies (duplicates) of each reporting article."""
    return event_detail().prefetch_related(
        Prefetch(
            "evidence__article__duplicates",
            queryset=Article.objects.only("id", "title", "url", "publisher", "published_on", "duplicate_of_id"),
        )
    )
