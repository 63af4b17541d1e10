"""Reads of events: the list, detail and page querysets with their joins, and who took part."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import F, Model, Prefetch, Q, QuerySet, Sum

from events.models import Actor, Article, Event, Evidence, Location
from events.selectors.articles import quote_list

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


def _store_prefetched(instance: Any, name: str, model: type[Model], rows: Sequence[Model]) -> None:
    # What prefetch_related leaves behind: `instance.<name>.all()` then reads these rows. Private
    # attributes of Django's (instance: Any): the stubs do not declare them.
    queryset: Any = QuerySet(model=model)
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


def event_detail() -> QuerySet[Event]:
    """Return events with the full text of the articles that support them."""
    return Event.objects.select_related("actor1", "actor2", "location").prefetch_related(
        Prefetch("assoc_actors", queryset=Actor.objects.only("id", "name").order_by("name")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("article").order_by("article_id", "start")),
        Prefetch("quotes", queryset=quote_list()),
    )


def event_page() -> QuerySet[Event]:
    """Return events as event_detail does, plus the other copies (duplicates) of each reporting article."""
    return event_detail().prefetch_related(
        Prefetch(
            "evidence__article__duplicates",
            queryset=Article.objects.only("id", "title", "url", "publisher", "published_on", "duplicate_of_id"),
        )
    )


def recent_events(*, limit: int = 10) -> QuerySet[Event]:
    return event_list_light().order_by("-created_at", "-id")[:limit]


def estimated_rows(queryset: QuerySet) -> int:
    """Return PostgreSQL's planner estimate of how many rows ``queryset`` yields (no rows are read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
