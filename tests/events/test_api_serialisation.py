"""The event list's hand-written serialisation says exactly what the declared DRF fields say."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from events.api.serializers import EventSerializer
from events.selectors import events as event_selectors
from tests.factories import EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def generic(event) -> dict:
    """What DRF's field-by-field walk over EventSerializer's declared fields returns."""
    return serializers.ModelSerializer.to_representation(EventSerializer(), event)


def test_fast_event_representation_equals_the_declared_fields(world):
    bare = EventFactory(actor1=None, actor2=None, location=None, date=None, fatalities=None, cameo_code="")
    odd_place = EventFactory(
        location=LocationFactory(latitude=None, longitude=None, geonames_id=None, population=None),
        locked_fields=["fatalities", "date"],
        sub_event_type="not_a_known_subtype",
    )
    events = event_selectors.events_load_relations(list(event_selectors.event_rows().order_by("pk")))
    assert {world.clash.pk, bare.pk, odd_place.pk} <= {e.pk for e in events}
    for event in events:
        assert EventSerializer(event).data == generic(event)
        assert list(EventSerializer(event).data) == list(generic(event))  # same key order


def test_api_list_rows_equal_the_generic_representation(api_client, world):
    rows = api_client.get("/api/v1/events/", {"ordering": "id"}).json()["results"]
    expected = [generic(e) for e in event_selectors.event_list().order_by("id")]
    assert rows == [dict(r) for r in expected]
    clash = next(r for r in rows if r["id"] == world.clash.pk)
    assert [a["name"] for a in clash["assoc_actors"]] == ["Popular Mobilization Forces"]
    assert clash["evidence"][0]["sentence"] == "Iraqi forces advanced on Mosul on Monday."
