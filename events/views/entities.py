"""Actors and places: search pages, detail pages and the autocomplete the filter forms use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from events import selectors
from events.charts import month_chart
from events.filters import ActorFilter, LocationFilter
from events.models import Actor, Location
from events.selectors import ActorActivity
from events.views._listing import clean_query, paginate

PER_PAGE = 50
RECENT_EVENTS = 50
AUTOCOMPLETE_LIMIT = 10


def actor_list(request: HttpRequest) -> HttpResponse:
    actor_filter = ActorFilter(request.GET or None, queryset=selectors.actor_search())
    actors = actor_filter.qs if not actor_filter.is_bound or actor_filter.is_valid() else Actor.objects.none()
    page = paginate(actors, request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": actor_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/actor_list.html", context)


def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(selectors.actor_list(), pk=pk)
    events = selectors.events_for_actor(actor)
    activity = actor_activity_cached(actor)
    context = {
        "actor": actor,
        "timeline": month_chart(activity.months, value="events", max_months=120),
        "events": events.reverse()[:RECENT_EVENTS],
        # The stored count (events/counts.py; rejected events left out), as the API gives it.
        "event_count": actor.event_count,
        "counterparts": activity.counterparts,
        "places": activity.places,
        "quotes": selectors.quotes_for_actor(actor)[:50],
    }
    return render(request, "events/actor_detail.html", context)


def actor_activity_cached(actor: Actor, *, refresh: bool = False, seconds: int | None = None) -> ActorActivity:
    """Return the actor page's timeline, counterparts and places through the aggregate cache.

    A busy actor has a hundred thousand events (AGGREGATE_CACHE_SECONDS); Celery beat refreshes the
    busiest actors' entries before they expire (events/tasks.py).
    """
    return selectors.cached_aggregate(
        f"actor:{actor.pk}:activity", lambda: selectors.actor_activity(actor), refresh=refresh, seconds=seconds
    )


def location_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    # Places with events unless asked otherwise: the gazetteer's 235,000 names are not news.
    query.setdefault("places", LocationFilter.WITH_EVENTS)
    location_filter = LocationFilter(query, queryset=selectors.location_search())
    valid = not location_filter.is_bound or location_filter.is_valid()
    locations = location_filter.qs if valid else Location.objects.none()
    page = paginate(locations, request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": location_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/location_list.html", context)


def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(selectors.location_list(), pk=pk)
    events = selectors.events_for_location(location)
    point = (
        {"lat": location.latitude, "lon": location.longitude, "label": str(location), "type": ""}
        if location.latitude is not None and location.longitude is not None
        else None
    )
    key = f"location:{location.pk}"
    context = {
        "location": location,
        "timeline": month_chart(
            selectors.cached_aggregate(f"{key}:months", lambda: selectors.events_by_month(events)),
            value="events",
            max_months=120,
        ),
        "events": events[:RECENT_EVENTS],
        "event_count": location.event_count,
        "actors": selectors.cached_aggregate(f"{key}:actors", lambda: selectors.location_actors(location)),
        "articles": selectors.location_articles(location),
        "point": point,
    }
    return render(request, "events/location_detail.html", context)


def actor_autocomplete(request: HttpRequest) -> JsonResponse:
    rows = selectors.autocomplete_actors(request.GET.get("q", "")[:100], limit=AUTOCOMPLETE_LIMIT)
    return JsonResponse({"results": [{"id": r["id"], "value": r["name"], "label": r["name"]} for r in rows]})


def location_autocomplete(request: HttpRequest) -> JsonResponse:
    rows = selectors.autocomplete_locations(request.GET.get("q", "")[:100], limit=AUTOCOMPLETE_LIMIT)
    results = [
        {
            "id": r["id"],
            # The event filter takes a location id; the label says which place it is.
            "value": str(r["id"]),
            "label": ", ".join(p for p in (r["name"], r["admin1"], r["country_code"]) if p),
        }
        for r in rows
    ]
    return JsonResponse({"results": results})
