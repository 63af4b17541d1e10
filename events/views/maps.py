"""The event map: a page with Leaflet, and the compact GeoJSON it loads for the current filter."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from events import selectors
from events.charts import MIXED_COLOUR, TYPE_COLOURS
from events.filters import EventFilter
from events.models import EVENT_TYPE_CHOICES
from events.views._listing import clean_query
from events.views.events import bound_event_filter

# One marker per event up to this many; beyond it, one marker per place (with the count), so a
# million matching events still answer with a bounded payload.
MAP_EVENT_LIMIT = 5_000
MAP_PLACE_LIMIT = 5_000


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


def _round(value: float) -> float:
    return round(value, 4)  # ~10 m: more digits only make the payload bigger


def event_map_data(request: HttpRequest) -> HttpResponse:
    event_filter, events = bound_event_filter(request)
    if event_filter.is_bound and not event_filter.is_valid():
        return JsonResponse({"errors": event_filter.form.errors.get_json_data()}, status=400)
    # A broad filter aggregates hundreds of thousands of events: keep the answer a little while,
    # already encoded — unpickling and re-encoding the 5,000 places of the unfiltered map (1 MB)
    # cost ~45 ms a request.
    filters = clean_query(request.GET, "page", "sort")
    body = selectors.cached_aggregate(_map_key(filters), lambda: _encoded(_map_payload(filters, events)))
    return HttpResponse(body, content_type="application/json")


def _map_key(filters: QueryDict) -> str:
    return f"map-json:{filters.urlencode()}"  # the cached value is the encoded body


def map_data_warm(*, seconds: int | None = None) -> bytes:
    """Recompute the unfiltered map's payload (every event, one marker per place) into the cache."""
    filters = QueryDict(mutable=True)
    events = EventFilter(None, queryset=selectors.event_list_light()).qs
    return selectors.cached_aggregate(
        _map_key(filters), lambda: _encoded(_map_payload(filters, events)), refresh=True, seconds=seconds
    )


def _encoded(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def _map_payload(filters: QueryDict, events) -> dict:
    rows = selectors.map_points(events, limit=MAP_EVENT_LIMIT + 1)
    if len(rows) <= MAP_EVENT_LIMIT:
        features = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [_round(r["location__longitude"]), _round(r["location__latitude"])],
                },
                "properties": {
                    "id": r["id"],
                    "t": r["event_type"],
                    "f": r["fatalities"],
                    "d": r["date"].isoformat() if r["date"] else None,
                    "l": r["location__name"],
                    "s": r["sub_event_type"],
                    "u": reverse("events:event-detail", args=[r["id"]]),
                },
            }
            for r in rows
        ]
        return {"type": "FeatureCollection", "aggregated": False, "features": features}
    places = selectors.map_places(events, limit=MAP_PLACE_LIMIT)
    filters = clean_query(filters, "location")
    list_url = reverse("events:event-list")
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [_round(p["location__longitude"]), _round(p["location__latitude"])],
            },
            "properties": {
                "n": p["n"],
                "t": p["type_min"] if p["type_min"] == p["type_max"] else None,
                "f": p["fatalities"],
                "l": p["location__name"],
                "u": f"{list_url}?{filters.urlencode()}{'&' if filters else ''}location={p['location_id']}",
            },
        }
        for p in places
    ]
    return {
        "type": "FeatureCollection",
        "aggregated": True,
        "truncated": len(places) >= MAP_PLACE_LIMIT,
        "features": features,
    }
