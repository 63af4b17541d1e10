"""Actors and places: search pages, detail pages and the autocomplete the filter forms use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from events.charts import month_chart
from events.filters import ActorFilter, LocationFilter
from events.models import Actor, Location
from events.selectors import actors as actor_selectors
from events.selectors import aggregates as aggregate_selectors
from events.selectors import articles as article_selectors
from events.selectors import events as event_selectors
from events.selectors import places as place_selectors
from events.views._listing import clean_query, paginate

PER_PAGE = 50
RECENT_EVENTS = 50
AUTOCOMPLETE_LIMIT = 10


def actor_list(request: HttpRequest) -> HttpResponse:
    actor_filter = ActorFilter(request.GET or None, queryset=actor_selectors.actor_search())
    actors = actor_filter.qs if not actor_filter.is_bound or actor_filter.is_valid() else Actor.objects.none()
    page = paginate(actors, request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": actor_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/actor_list.html", context)


def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(actor_selectors.actor_list(), pk=pk)
    events = event_selectors.events_for_actor(actor)
    activity = actor_selectors.actor_activity_cached(actor)
    context = {
        "actor": actor,
        "timeline": month_chart(activity.months, value="events", max_months=120),
        "events": events.reverse()[:RECENT_EVENTS],
        # The stored count (events/services/counts.py; rejected events left out), as the API gives it.
        "event_count": actor.event_count,
        "counterparts": activity.counterparts,
        "places": activity.places,
        "quotes": article_selectors.quotes_for_actor(actor)[:50],
    }
    return render(request, "events/actor_detail.html", context)


def location_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    # Places with events unless asked otherwise: the gazetteer's 235,000 names are not news.
    query.setdefault("places", LocationFilter.WITH_EVENTS)
    location_filter = LocationFilter(query, queryset=place_selectors.location_search())
    valid = not location_filter.is_bound or location_filter.is_valid()
    locations = location_filter.qs if valid else Location.objects.none()
    page = paginate(locations, request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": location_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/location_list.html", context)


def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(place_selectors.location_list(), pk=pk)
    events = event_selectors.events_for_location(location)
    point = (
        {"lat": location.latitude, "lon": location.longitude, "label": str(location), "type": ""}
        if location.latitude is not None and location.longitude is not None
        else None
    )
    key = f"location:{location.pk}"
    context = {
        "location": location,
        "timeline": month_chart(
            aggregate_selectors.cached_aggregate(f"{key}:months", lambda: aggregate_selectors.events_by_month(events)),
            value="events",
            max_months=120,
        ),
        "events": events[:RECENT_EVENTS],
        "event_count": location.event_count,
        "actors": aggregate_selectors.cached_aggregate(
            f"{key}:actors", lambda: place_selectors.location_actors(location)
        ),
        "articles": place_selectors.location_articles(location),
        "point": point,
    }
    return render(request, "events/location_detail.html", context)


def actor_autocomplete(request: HttpRequest) -> JsonResponse:
    rows = actor_selectors.autocomplete_actors(request.GET.get("q", "")[:100], limit=AUTOCOMPLETE_LIMIT)
    return JsonResponse({"results": [{"id": r["id"], "value": r["name"], "label": r["name"]} for r in rows]})


def location_autocomplete(request: HttpRequest) -> JsonResponse:
    rows = place_selectors.autocomplete_locations(request.GET.get("q", "")[:100], limit=AUTOCOMPLETE_LIMIT)
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
