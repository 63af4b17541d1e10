"""Upsert the places of one extraction result: one read by GeoNames id or name, one bulk insert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from events.models import Location
from events.normalize import normalize_name
from ingest.extraction.result import LocationResult
from ingest.persist.rows import history_create, insert_new

NAME_LENGTH = 200  # Location.name


@dataclass
class PlacePlan:
    locations: dict[str, Location] = field(default_factory=dict)  # result name → place (new ones unsaved)
    new: list[Location] = field(default_factory=list)

    def has_new_rows(self) -> bool:
        return bool(self.new)

    def write(self) -> None:
        # In GeoNames id order, so two workers inserting the same places wait instead of deadlocking.
        self.new.sort(key=lambda loc: (loc.geonames_id is None, loc.geonames_id or 0, loc.normalized))
        history_create(Location.objects.bulk_create(self.new))


def _new_location(result: LocationResult) -> Location:
    name = result.name[:NAME_LENGTH]
    return Location(
        name=name,
        normalized=normalize_name(name),  # what Location.save() would set; bulk_create skips save()
        country_code=result.country_code or "",
        admin1=result.admin1 or "",
        feature=result.feature or Location.Feature.OTHER,
        latitude=result.latitude,
        longitude=result.longitude,
        population=result.population,
        geonames_id=result.geonames_id or None,
    )


def _plan(results: Sequence[LocationResult]) -> PlacePlan:
    wanted = [_new_location(result) for result in results]
    ids = {loc.geonames_id for loc in wanted if loc.geonames_id}
    names = {loc.normalized for loc in wanted if not loc.geonames_id}
    stored = Location.objects.filter(Q(geonames_id__in=ids) | Q(normalized__in=names)).order_by("name", "pk")
    by_id: dict[int, Location] = {}
    by_name: dict[tuple[str, str, str], Location] = {}
    for loc in stored:
        if loc.geonames_id:
            by_id[loc.geonames_id] = loc
        by_name.setdefault((loc.normalized, loc.country_code, loc.feature), loc)

    plan = PlacePlan()
    for result, new in zip(results, wanted, strict=True):
        # A place without a GeoNames id is the stored one of that name, country and kind.
        key = (new.normalized, new.country_code, new.feature)
        found = by_id.get(new.geonames_id) if new.geonames_id else by_name.get(key)
        if found is None:
            found = new
            plan.new.append(new)
            if new.geonames_id:
                by_id[new.geonames_id] = new
            by_name.setdefault(key, new)
        plan.locations[result.name] = found
    return plan


def locations_upsert(results: Sequence[LocationResult]) -> dict[str, Location]:
    """Return {result name: place}, creating the places not stored yet (with history)."""
    if not results:
        return {}
    return insert_new(lambda: _plan(results)).locations
