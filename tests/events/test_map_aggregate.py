"""Past MAP_EVENT_LIMIT events, /map/data/ answers one marker per place."""

from __future__ import annotations

import pytest

from events.selectors import maps
from tests.factories import EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def test_map_data_aggregates_per_place_with_count_fatalities_type_and_link(client, monkeypatch):
    monkeypatch.setattr(maps, "MAP_EVENT_LIMIT", 2)
    busy = LocationFactory(name="Mosul", latitude=36.33512, longitude=43.11889)
    quiet = LocationFactory(name="Tikrit", latitude=34.6, longitude=43.68)
    unplaced = LocationFactory(name="Somewhere", latitude=None, longitude=None)
    EventFactory.create_batch(2, location=busy, event_type="battles", fatalities=3)
    EventFactory(location=busy, event_type="riots", sub_event_type="mob_violence", fatalities=None)
    EventFactory(location=quiet, event_type="protests", sub_event_type="peaceful_protest", fatalities=0)
    EventFactory(location=unplaced)

    payload = client.get("/map/data/", {"country": "IQ"}).json()

    assert payload["aggregated"] is True
    assert payload["truncated"] is False
    assert [feature["geometry"]["coordinates"] for feature in payload["features"]] == [
        [43.1189, 36.3351],
        [43.68, 34.6],
    ]
    assert [feature["properties"] for feature in payload["features"]] == [
        {"n": 3, "t": None, "f": 6, "l": "Mosul", "u": f"/events/?country=IQ&location={busy.pk}"},
        {"n": 1, "t": "protests", "f": 0, "l": "Tikrit", "u": f"/events/?country=IQ&location={quiet.pk}"},
    ]
