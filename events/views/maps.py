"""The event map: a page with Leaflet, and the compact GeoJSON it loads for the current filter."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from events.charts import MIXED_COLOUR, TYPE_COLOURS
from events.models import EVENT_TYPE_CHOICES
from events.selectors import maps as map_selectors
from events.views._listing import clean_query
from events.views.events import bound_event_filter


def event_map(request: HttpRequest) -> HttpResponse:
    event_filter, events = bound_event_filter(request)
    filters = clean_query(request.GET, "page", "sort")
    context = {
        "filter": event_filter,
        "form": event_filter.form,
        "filter_querystring": filters.urlencode(),
        "data_url": f"{reverse('events:map-data')}?{filters.urlencode()}",
        "map_config": map_config(),
        "legend": [(slug, label, TYPE_COLOURS[slug]) for slug, label in EVENT_TYPE_CHOICES],
    }
    return render(request, "events/map.html", context)


def map_config() -> dict:
    """Settings the map script needs: tiles (may be empty), outlines, colours."""
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "outlinesUrl": static("vendor/world/countries-110m.geojson"),
        "colours": TYPE_COLOURS,
        "mixedColour": MIXED_COLOUR,
    }


def event_map_data(request: HttpRequest) -> HttpResponse:
    event_filter, events = bound_event_filter(request)
    if event_filter.is_bound and not event_filter.is_valid():
        return JsonResponse({"errors": event_filter.form.errors.get_json_data()}, status=400)
    filters = clean_query(request.GET, "page", "sort")
    body = map_selectors.map_data(
        events, query=filters.urlencode(), list_query=clean_query(filters, "location").urlencode()
    )
    return HttpResponse(body, content_type="application/json")
