"""Reads for the events app: every queryset the API and the pages use, with its joins.

Views never call select_related/prefetch_related themselves, so an N+1 is fixed here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.normalize import normalize_name

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


def event_list_light() -> QuerySet[Event]:
    """Return events for tables: actors and location joined, no evidence."""
    return Event.objects.select_related("actor1", "actor2", "location").prefetch_related(
        Prefetch("assoc_actors", queryset=Actor.objects.only("id", "name").order_by("name")),
    )


def events_for_actor(actor: Actor) -> QuerySet[Event]:
    """Return the events an actor took part in, in any role, oldest first (a timeline)."""
    assoc = Event.assoc_actors.through.objects.filter(actor_id=actor.pk).values("event_id")
    return (
        event_list_light()
        .filter(Q(actor1_id=actor.pk) | Q(actor2_id=actor.pk) | Q(pk__in=assoc))
        .order_by("date", "id")
    )


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


@dataclass(frozen=True)
class Totals:
    events: int
    actors: int
    locations: int
    articles: int
    articles_by_status: dict[str, int]
    fatalities: int


def dashboard_totals() -> Totals:
    """Count the rows the dashboard shows; one query per table, none per row."""
    by_status = {row["status"]: row["n"] for row in Article.objects.values("status").annotate(n=Count("id"))}
    fatalities = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).aggregate(total=Sum("fatalities"))
    return Totals(
        events=Event.objects.count(),
        actors=Actor.objects.count(),
        locations=Location.objects.filter(events__isnull=False).distinct().count(),
        articles=sum(by_status.values()),
        articles_by_status=by_status,
        fatalities=fatalities["total"] or 0,
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
