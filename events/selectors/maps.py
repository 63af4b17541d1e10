"""Reads for the event map: one row per located event, or per place when there are too many."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Min, QuerySet, Sum
from django.urls import reverse

from events.models import Event, Location
from events.selectors.aggregates import cached_aggregate

# One marker per event up to this many; beyond it, one marker per place (with the count), so a
# million matching events still answer with a bounded payload.
MAP_EVENT_LIMIT = 5_000
MAP_PLACE_LIMIT = 5_000


def map_points(events: QuerySet[Event], *, limit: int) -> list[Mapping[str, Any]]:
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


def _round(value: float) -> float:
    return round(value, 4)  # ~10 m: more digits only make the payload bigger


def map_data(
    events: QuerySet[Event], *, query: str, list_query: str, refresh: bool = False, seconds: int | None = None
) -> bytes:
    """Return the map's GeoJSON for ``events`` (filtered by ``query``), encoded, through the aggregate cache.

    A broad filter aggregates hundreds of thousands of events: the answer is kept a little while,
    already encoded — unpickling and re-encoding the 5,000 places of the unfiltered map (1 MB) cost
    ~45 ms a request. ``list_query`` is the filter without its place, for the place markers' links
    to the event list. Celery beat warms the unfiltered map (``refresh``, events/tasks.py).
    """
    return cached_aggregate(
        f"map-json:{query}",
        lambda: json.dumps(
            map_payload(events, list_query=list_query), cls=DjangoJSONEncoder, separators=(",", ":")
        ).encode(),
        refresh=refresh,
        seconds=seconds,
    )


def map_payload(events: QuerySet[Event], *, list_query: str) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection: a feature per event, or per place beyond MAP_EVENT_LIMIT events."""
    rows = map_points(events, limit=MAP_EVENT_LIMIT + 1)
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
    places = map_places(events, limit=MAP_PLACE_LIMIT)
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
                "u": f"{list_url}?{list_query}{'&' if list_query else ''}location={p['location_id']}",
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
