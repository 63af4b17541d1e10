"""Streamed exports on the event list URL: ?format=csv|geojson|jsonl, on the same filters."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from events import exports
from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
]


def _body(response) -> str:
    assert response.status_code == 200, getattr(response, "content", b"")
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response))))


def test_csv_export_streams_acled_columns(api_client, world):
    response = api_client.get("/api/v1/events/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = _body(response)
    assert next(csv.reader(io.StringIO(text))) == ACLED_COLUMNS
    rows = {row["event_id_cnty"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {f"IRQ{e.pk}" for e in (world.clash, world.attack, world.protest)}
    clash = rows[f"IRQ{world.clash.pk}"]
    assert clash["event_date"] == "2016-10-17"
    assert clash["event_type"] == "Battles"
    assert clash["sub_event_type"] == "Armed clash"
    assert clash["actor1"] == "Iraqi Armed Forces"
    assert clash["actor2"] == "Islamic State"
    assert clash["assoc_actor_1"] == "Popular Mobilization Forces"
    assert clash["country"] == "Iraq"
    assert clash["admin1"] == "Nineveh"
    assert clash["location"] == "Mosul"
    assert float(clash["latitude"]) == pytest.approx(36.34)
    assert float(clash["longitude"]) == pytest.approx(43.13)
    assert clash["geo_precision"] == "1"
    assert clash["fatalities"] == "0"  # ACLED has no "unknown": 0, as ACLED writes it
    assert clash["notes"] == "Iraqi forces advanced on Mosul."
    assert clash["source"] == "Example News"
    attack = rows[f"IRQ{world.attack.pk}"]
    assert attack["event_type"] == "Violence against civilians"
    assert attack["fatalities"] == "3"


def test_csv_export_applies_the_list_filters_and_ordering(api_client, world):
    rows = _csv(api_client.get("/api/v1/events/", {"format": "csv", "actor": "daesh", "ordering": "date"}))
    assert [r["event_id_cnty"] for r in rows] == [f"IRQ{world.attack.pk}", f"IRQ{world.clash.pk}"]
    rows = _csv(api_client.get("/api/v1/events/", {"format": "csv", "bbox": "44,33,45,34"}))
    assert [r["location"] for r in rows] == ["Baghdad"]


def test_csv_export_by_accept_header(api_client, world):
    response = api_client.get("/api/v1/events/", HTTP_ACCEPT="text/csv")
    assert len(_csv(response)) == 3


def test_geojson_export_is_a_feature_collection(api_client, world):
    EventFactory(location=None, summary="Nowhere in particular")
    response = api_client.get("/api/v1/events/", {"format": "geojson"})
    assert response["Content-Type"].startswith("application/geo+json")
    body = json.loads(_body(response))
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert len(features) == 4
    mosul = features[world.clash.pk]
    assert mosul["type"] == "Feature"
    assert mosul["geometry"] == {"type": "Point", "coordinates": [pytest.approx(43.13), pytest.approx(36.34)]}
    assert mosul["properties"]["actor1"]["name"] == "Iraqi Armed Forces"
    assert mosul["properties"]["evidence"][0]["sentence"] == "Iraqi forces advanced on Mosul on Monday."
    nowhere = next(f for f in features.values() if f["properties"]["summary"] == "Nowhere in particular")
    assert nowhere["geometry"] is None


def test_geojson_export_of_nothing_is_valid(api_client, db):
    body = json.loads(_body(api_client.get("/api/v1/events/", {"format": "geojson"})))
    assert body == {"type": "FeatureCollection", "features": []}


def test_jsonl_export_has_one_event_per_line(api_client, world):
    response = api_client.get("/api/v1/events/", {"format": "jsonl", "review_status": "reviewed"})
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = _body(response).splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert event["id"] == world.attack.pk
    assert event["fatalities"] == 3
    assert event["location"]["name"] == "Bashiqa"
    assert event["date_precision"] == "day"
    assert event["evidence"][0]["article_url"] == world.article.url
    assert event["evidence"][0]["start"] < event["evidence"][0]["end"]


@pytest.mark.parametrize("fmt", ["csv", "geojson", "jsonl"])
def test_export_with_a_bad_filter_is_a_json_400(api_client, world, fmt):
    response = api_client.get("/api/v1/events/", {"format": fmt, "bbox": "nonsense"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "bbox" in response.json()["detail"]


def test_unknown_format_is_a_json_400(api_client, world):
    response = api_client.get("/api/v1/events/", {"format": "xlsx"})
    assert response.status_code == 400
    assert "format" in response.json()["detail"]


def test_export_query_count_is_per_chunk_not_per_row(world, event_batch, monkeypatch):
    event_batch(7)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)
    events = Event.objects.order_by("id")
    with CaptureQueriesContext(connection) as queries:
        lines = list(exports.stream_csv(events))
    assert len(lines) == 1 + 10
    # One cursor over the events, then associated actors and evidence per chunk of 4 (3 chunks).
    # SQLite's iterator has no server-side cursor, so it re-reads in chunks too: allow either.
    assert len(queries) <= 1 + 3 * 2 + 3


def test_streamed_export_of_many_rows_keeps_memory_flat(db):
    import tracemalloc

    from tests.events.test_api_resources import bulk_events

    bulk_events(3000)
    events = Event.objects.order_by("id")
    tracemalloc.start()
    count = 0
    for _ in exports.stream_csv(events):
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 3001
    # A chunk of 2000 rows, not the export: well under what 3000 serialised events would take.
    assert peak < 8 * 1024 * 1024
