"""Reads of places: lists, search, autocomplete and what a place page shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, F, QuerySet

from events.models import Actor, Article, Event, Location
from events.normalize import normalize_name
from events.selectors.articles import article_list


def location_list() -> QuerySet[Location]:
    return Location.objects.all()


def location_search() -> QuerySet[Location]:
    """Return places for the places list: the most eventful first, then by name."""
    return location_list().defer("alternate_names").order_by("-event_count", "name", "id")


def location_articles(location: Location, *, limit: int = 20) -> QuerySet[Article]:
    return article_list().filter(locations=location).order_by("-published_on", "-id")[:limit]


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


def autocomplete_locations(term: str, *, limit: int = 10) -> list[Mapping[str, Any]]:
    """Return ``{id, name, admin1, country_code}`` of places whose name starts with ``term``, most populous first."""
    term = term.strip()
    if not term:
        return []
    return list(
        Location.objects.filter(normalized__startswith=normalize_name(term))
        .order_by(F("population").desc(nulls_last=True), "name", "id")
        .values("id", "name", "admin1", "country_code")[:limit]
    )


def place_rows(rows: Sequence[Mapping[str, Any]], *, limit: int) -> list[dict]:
    """Return the busiest ``limit`` rows with their ``location`` loaded (one query); rows of deleted places drop out."""
    busiest = sorted(rows, key=lambda row: (-row["n"], row["location_id"]))[:limit]
    places = Location.objects.in_bulk([row["location_id"] for row in busiest])
    return [{**row, "location": places[row["location_id"]]} for row in busiest if row["location_id"] in places]
