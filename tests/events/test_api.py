"""The read API: list and detail of every resource, every event filter, 400s, N+1 guards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Actor, Event
from events.selectors import events as event_selectors
from tests.factories import ActorFactory, ArticleFactory, EventFactory, LocationFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_event_list_carries_actors_location_and_evidence(api_client, world):
    response = api_client.get("/api/v1/events/")
    assert response.status_code == 200
    body = response.json()
    assert "count" not in body  # cursor pagination: no COUNT query
    assert {"next", "previous", "results"} <= set(body)
    clash = next(row for row in body["results"] if row["id"] == world.clash.pk)
    assert clash["actor1"] == {"id": world.army.pk, "name": "Iraqi Armed Forces"}
    assert clash["actor2"] == {"id": world.isis.pk, "name": "Islamic State"}
    assert clash["assoc_actors"] == [{"id": world.pmf.pk, "name": "Popular Mobilization Forces"}]
    assert clash["location"]["name"] == "Mosul"
    assert clash["location"]["latitude"] == pytest.approx(36.34)
    assert clash["location"]["longitude"] == pytest.approx(43.13)
    assert clash["geo_precision"] == Event.GeoPrecision.EXACT
    assert clash["date"] == "2016-10-17"
    assert clash["date_precision"] == "day"
    assert clash["fatalities"] is None  # unknown, not zero
    assert clash["confidence"] == pytest.approx(0.8)
    assert clash["review_status"] == "auto"
    [evidence] = clash["evidence"]
    assert evidence["article_id"] == world.article.pk
    assert evidence["article_title"] == "Battle for Mosul begins"
    assert evidence["article_url"] == world.article.url
    assert evidence["sentence"] == "Iraqi forces advanced on Mosul on Monday."
    assert world.article.text[evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_event_detail(api_client, world):
    response = api_client.get(f"/api/v1/events/{world.attack.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["sub_event_type"] == "attack"
    assert body["fatalities"] == 3
    assert body["review_status"] == "reviewed"


def test_event_detail_missing_is_json_404(api_client, db):
    response = api_client.get("/api/v1/events/999999/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_event_list_cursor_pagination_walks_all_pages(api_client, event_batch):
    events = event_batch(5)
    seen: list[int] = []
    url = "/api/v1/events/?page_size=2"
    while url:
        body = api_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(e.pk for e in events)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_after": "2016-10-17"}, {"clash", "protest"}),
        ({"date_before": "2016-10-17"}, {"clash", "attack"}),
        ({"date_after": "2016-10-17", "date_before": "2016-10-31"}, {"clash"}),
        ({"event_type": "battles"}, {"clash"}),
        ({"sub_event_type": "peaceful_protest"}, {"protest"}),
        ({"country": "IQ"}, {"clash", "attack", "protest"}),
        ({"country": "iq"}, {"clash", "attack", "protest"}),
        ({"country": "SY"}, set()),
        ({"admin1": "nineveh"}, {"clash", "attack"}),
        ({"fatalities_min": "1"}, {"attack"}),
        ({"fatalities_max": "0"}, {"protest"}),
        ({"fatalities_min": "0", "fatalities_max": "5"}, {"attack", "protest"}),
        ({"bbox": "43,36,44,37"}, {"clash", "attack"}),
        ({"bbox": "44,33,45,34"}, {"protest"}),
        ({"bbox": " 44 , 33 , 45 , 34 "}, {"protest"}),
        ({"bbox": "45,33,44,37"}, {"clash", "attack"}),  # west edge east of the east edge: across 180°
        ({"bbox": "43,37,45,33"}, set()),  # south edge north of the north edge: an empty box
        ({"review_status": "reviewed"}, {"attack"}),
        ({"q": "checkpoint"}, {"attack"}),  # summary
        ({"q": "ADVANCED ON MOSUL"}, {"clash"}),  # evidence sentence, case-insensitive
        ({"q": "gathered in Baghdad"}, {"protest"}),  # evidence only
        ({"actor": "Islamic State"}, {"clash", "attack"}),  # either role
        ({"actor": "daesh"}, {"clash", "attack"}),  # by alias
        ({"actor": "Popular Mobilization Forces"}, {"clash"}),  # associated actor
        ({"actor": "nobody at all"}, set()),
    ],
)
def test_event_filters(api_client, world, params, expected):
    names = {"clash": world.clash.pk, "attack": world.attack.pk, "protest": world.protest.pk}
    response = api_client.get("/api/v1/events/", params)
    assert _ids(response) == {names[n] for n in expected}


def test_event_filter_actor_by_id_covers_every_role(api_client, world):
    assert _ids(api_client.get("/api/v1/events/", {"actor": world.army.pk})) == {world.clash.pk, world.attack.pk}
    assert _ids(api_client.get("/api/v1/events/", {"actor": world.pmf.pk})) == {world.clash.pk}


@pytest.mark.parametrize("stored_count", [0, 10])
def test_event_filter_actor_is_the_same_for_quiet_and_busy_actors(api_client, world, monkeypatch, stored_count):
    """Busy actors (by stored count) skip reading associate ids first; the events are the same."""
    monkeypatch.setattr(event_selectors, "ASSOC_ID_LIST_LIMIT", 1)
    Actor.objects.filter(pk__in=[world.army.pk, world.pmf.pk]).update(event_count=stored_count)
    busy = stored_count > 1
    with CaptureQueriesContext(connection) as queries:
        assert _ids(api_client.get("/api/v1/events/", {"actor": world.pmf.pk})) == {world.clash.pk}
    reads_ids_first = any("LIMIT 2" in q["sql"] and "assoc_actors" in q["sql"] for q in queries.captured_queries)
    assert reads_ids_first is not busy
    assert _ids(api_client.get("/api/v1/events/", {"actor": world.army.pk})) == {world.clash.pk, world.attack.pk}


def test_event_filter_location_by_id(api_client, world):
    assert _ids(api_client.get("/api/v1/events/", {"location": world.mosul.pk})) == {world.clash.pk}


def test_event_filter_updated_since(api_client, world):
    past = timezone.now() - dt.timedelta(days=1)
    Event.objects.filter(pk=world.protest.pk).update(updated_at=past - dt.timedelta(days=5))
    response = api_client.get("/api/v1/events/", {"updated_since": past.isoformat()})
    assert _ids(response) == {world.clash.pk, world.attack.pk}
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert _ids(api_client.get("/api/v1/events/", {"updated_since": future})) == set()


@pytest.mark.parametrize(
    ("since", "matches_all"),
    [
        # Offsets ISO 8601 allows and PostgreSQL does not read (it stops at +-15:59).
        ("0736-01-28T18:34:08+22:12", True),
        ("2999-01-01T00:00:00-23:30", False),
        # Instants a datetime cannot hold in UTC: before the first, after the last.
        ("0001-01-01T00:00:00+05:00", True),
        ("9999-12-31T23:59:59-05:00", False),
    ],
)
def test_updated_since_with_any_offset_is_read_in_utc(api_client, world, since, matches_all):
    response = api_client.get("/api/v1/events/", {"updated_since": since})
    assert response.status_code == 200
    every = {world.clash.pk, world.attack.pk, world.protest.pk}
    assert _ids(response) == (every if matches_all else set())


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("date_after", "yesterday"),
        ("date_before", "2016-13-45"),
        ("event_type", "picnic"),
        ("sub_event_type", "armed_picnic"),
        ("country", "Iraq"),
        ("country", "1Q"),
        ("location", "mosul"),
        ("location", "99999999999999999999999"),
        ("fatalities_min", "many"),
        ("fatalities_min", "-1"),
        ("fatalities_max", "1.5"),
        ("bbox", "1,2,3"),
        ("bbox", "a,b,c,d"),
        ("bbox", "181,0,190,10"),
        ("bbox", "0,-95,10,10"),
        ("bbox", "1e1,0,20,10"),
        ("review_status", "maybe"),
        ("updated_since", "not-a-date"),
    ],
)
def test_bad_filter_value_is_400_with_message(api_client, world, param, value):
    response = api_client.get("/api/v1/events/", {param: value})
    assert response.status_code == 400
    body = response.json()
    assert param in body["detail"]
    assert param in body["errors"]


def test_huge_actor_id_is_not_a_server_error(api_client, world):
    response = api_client.get("/api/v1/events/", {"actor": "9" * 30})
    assert _ids(response) == set()


def test_unknown_cursor_is_a_json_404(api_client, world):
    response = api_client.get("/api/v1/events/", {"cursor": "garbage"})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_actor_list_and_detail(api_client, world):
    body = api_client.get("/api/v1/actors/").json()
    names = [row["name"] for row in body["results"]]
    assert names == sorted(names)
    isis = api_client.get(f"/api/v1/actors/{world.isis.pk}/").json()
    assert isis["name"] == "Islamic State"
    assert set(isis["aliases"]) == {"Islamic State", "ISIS", "Daesh"}
    assert _ids(api_client.get("/api/v1/actors/", {"q": "daesh"})) == {world.isis.pk}
    assert world.army.pk in _ids(api_client.get("/api/v1/actors/", {"kind": "state_force"}))
    assert api_client.get("/api/v1/actors/", {"kind": "wizard"}).status_code == 400


def test_location_list_and_detail(api_client, world):
    assert {world.mosul.pk, world.baghdad.pk} <= _ids(api_client.get("/api/v1/locations/"))
    mosul = api_client.get(f"/api/v1/locations/{world.mosul.pk}/").json()
    assert mosul["name"] == "Mosul"
    assert mosul["country_code"] == "IQ"
    assert _ids(api_client.get("/api/v1/locations/", {"bbox": "44,33,45,34"})) == {world.baghdad.pk}
    assert api_client.get("/api/v1/locations/", {"bbox": "nope"}).status_code == 400


def test_quote_list_and_detail(api_client, world):
    [row] = api_client.get("/api/v1/quotes/").json()["results"]
    assert row["speaker"] == {"id": world.army.pk, "name": "Iraqi Armed Forces"}
    assert row["event_id"] == world.clash.pk
    assert row["article_id"] == world.article.pk
    detail = api_client.get(f"/api/v1/quotes/{row['id']}/").json()
    assert detail["text"] == "We will liberate every village,"
    assert detail["speaker_role"] == "commander"
    assert _ids(api_client.get("/api/v1/quotes/", {"speaker": world.isis.pk})) == set()


def test_article_list_and_detail_with_extracted_facts(api_client, world):
    ArticleFactory(status="failed", status_reason="Empty text")
    rows = api_client.get("/api/v1/articles/").json()["results"]
    assert {row["status"] for row in rows} == {"done", "failed"}
    assert "text" not in rows[0]
    body = api_client.get(f"/api/v1/articles/{world.article.pk}/").json()
    assert body["status"] == "done"
    assert body["status_reason"] == ""
    assert {e["id"] for e in body["events"]} == {world.clash.pk, world.attack.pk, world.protest.pk}
    assert {a["name"] for a in body["actors"]} == {"Islamic State", "Iraqi Armed Forces", "Popular Mobilization Forces"}
    assert {loc["name"] for loc in body["locations"]} == {"Mosul", "Bashiqa", "Baghdad"}
    assert [q["text"] for q in body["quotes"]] == ["We will liberate every village,"]
    assert _ids(api_client.get("/api/v1/articles/", {"status": "failed"})) != set()
    assert api_client.get("/api/v1/articles/", {"status": "lost"}).status_code == 400


def test_failed_article_detail_shows_reason(api_client, db):
    article = ArticleFactory(status="failed", status_reason="Binary content")
    body = api_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["status"] == "failed"
    assert body["status_reason"] == "Binary content"
    assert body["events"] == []


@pytest.mark.parametrize("endpoint", ["events", "actors", "locations", "quotes", "articles"])
def test_list_endpoints_query_count_does_not_grow_with_rows(
    api_client, event_batch, django_assert_num_queries, endpoint
):
    event_batch(1)
    url = f"/api/v1/{endpoint}/"
    with CaptureQueriesContext(connection) as one:
        assert api_client.get(url).status_code == 200
    event_batch(9)
    with django_assert_num_queries(len(one)):
        response = api_client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 10


def test_list_endpoints_with_extra_rows_of_other_kinds(api_client, db):
    # Rows that are only partly linked (no location, no actors) still serialise.
    EventFactory(actor1=None, actor2=None, location=None, fatalities=None, date=None)
    LocationFactory(latitude=None, longitude=None)
    QuoteFactory(speaker=None, speaker_name="A witness")
    ActorFactory()
    for endpoint in ["events", "actors", "locations", "quotes", "articles"]:
        assert api_client.get(f"/api/v1/{endpoint}/").status_code == 200
