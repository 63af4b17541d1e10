"""Ordering and keyset pagination; actors, locations and quotes with their counts and filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from events.services.counts import event_counts_refresh
from tests.factories import ActorFactory, EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def bulk_events(n: int, *, dates: list[dt.date | None] | None = None) -> list[Event]:
    """Insert ``n`` events quickly, sharing two actors and one location."""
    a, b = ActorFactory(), ActorFactory()
    place = LocationFactory()
    dates = dates or [dt.date(2020, 1, 1) + dt.timedelta(days=i % 50) for i in range(n)]
    return Event.objects.bulk_create(
        Event(
            event_type="battles",
            sub_event_type="armed_clash",
            date=dates[i % len(dates)],
            actor1=a,
            actor2=b,
            location=place,
            fatalities=None if i % 3 == 0 else i % 7,
            summary=f"Synthetic clash {i}",
        )
        for i in range(n)
    )


def _walk(client, url: str, params: dict) -> list[dict]:
    rows: list[dict] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def _walk_back(client, url: str) -> list[dict]:
    rows: list[dict] = []
    while url:
        body = client.get(url).json()
        rows = body["results"] + rows
        url = body["previous"]
    return rows


def _sort_key(field: str, descending: bool):
    # NULL sorts as the largest value; ties break on id in the same direction.
    def key(row):
        value = row[field]
        big = value is None
        return (big, value if value is not None else 0, row["id"])

    return key, descending


@pytest.mark.parametrize("ordering", ["-date", "date", "fatalities", "-fatalities", "-updated_at", "id", "-id"])
def test_keyset_pagination_walks_every_row_once_in_order_with_ties_and_nulls(api_client, ordering):
    dates = [dt.date(2020, 1, 1), dt.date(2020, 1, 1), None, dt.date(2020, 1, 2), None, dt.date(2019, 12, 31)]
    bulk_events(23, dates=dates)
    rows = _walk(api_client, "/api/v1/events/", {"ordering": ordering, "page_size": 4})
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == 23
    field = ordering.removeprefix("-")
    key, descending = _sort_key(field, ordering.startswith("-"))
    if field != "updated_at":
        assert rows == sorted(rows, key=key, reverse=descending)


def test_previous_links_walk_back_to_the_first_page(api_client):
    bulk_events(11, dates=[dt.date(2020, 5, 5), None])
    forward = _walk(api_client, "/api/v1/events/", {"page_size": 3})
    last = api_client.get("/api/v1/events/", {"page_size": 3})
    while last.json()["next"]:
        last = api_client.get(last.json()["next"])
    previous = last.json()["previous"]
    backward = _walk_back(api_client, previous) + last.json()["results"]
    assert [r["id"] for r in backward] == [r["id"] for r in forward]


def test_default_event_order_is_newest_date_first(api_client, world):
    ids = [row["id"] for row in api_client.get("/api/v1/events/").json()["results"]]
    assert ids == [world.protest.pk, world.clash.pk, world.attack.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "summary"}, "ordering"),
        ({"ordering": "-"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "1000000"}, "page_size"),
        ({"page_size": ""}, "page_size"),
    ],
)
def test_bad_ordering_or_page_size_is_400(api_client, world, params, field):
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert field in response.json()["detail"]


def test_the_largest_page_size_gives_1000_rows(api_client):
    bulk_events(1005)
    body = api_client.get("/api/v1/events/", {"page_size": "1000"}).json()
    assert len(body["results"]) == 1000
    assert body["next"]


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "W10", "WyItZGF0ZSIsIm5vdC1hLWRhdGUiLDEsZmFsc2Vd", "WyJpZCIsbnVsbCwieCIsZmFsc2Vd"],
)
def test_tampered_cursor_is_a_json_404(api_client, world, cursor):
    response = api_client.get("/api/v1/events/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor."


def test_cursor_of_another_ordering_is_rejected(api_client):
    bulk_events(5)
    next_url = api_client.get("/api/v1/events/", {"page_size": 2}).json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = api_client.get("/api/v1/events/", {"cursor": cursor, "ordering": "fatalities"})
    assert response.status_code == 404


def test_page_query_has_no_count_and_no_offset(api_client):
    bulk_events(30)
    first = api_client.get("/api/v1/events/", {"page_size": 10}).json()
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(first["next"]).status_code == 200
    sql = " ".join(q["sql"].upper() for q in queries)
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


def test_actor_carries_event_count_and_first_last_seen(api_client, world):
    EventFactory(actor1=world.isis, date=dt.date(2015, 1, 2), review_status="rejected")
    event_counts_refresh()  # the stored counts; what ingest and the editorial services call
    body = api_client.get(f"/api/v1/actors/{world.isis.pk}/").json()
    assert body["event_count"] == 2  # clash (actor2) and attack (actor1); the rejected one is left out
    assert body["first_seen"] == "2016-10-16"
    assert body["last_seen"] == "2016-10-17"
    assert body["kind"] == "rebel_group"
    assert body["country_code"] == "IQ"
    pmf = api_client.get(f"/api/v1/actors/{world.pmf.pk}/").json()
    assert pmf["event_count"] == 1  # as an associated actor
    rows = {r["name"]: r for r in api_client.get("/api/v1/actors/").json()["results"]}
    assert rows["Protesters (Iraq)"]["event_count"] == 1
    assert rows["Protesters (Iraq)"]["first_seen"] == "2016-11-02"


def test_actor_without_events_has_zero_count(api_client, db):
    actor = ActorFactory()
    body = api_client.get(f"/api/v1/actors/{actor.pk}/").json()
    assert body["event_count"] == 0
    assert body["first_seen"] is None


def test_location_carries_hierarchy_and_event_count(api_client, world):
    event_counts_refresh()
    body = api_client.get(f"/api/v1/locations/{world.mosul.pk}/").json()
    assert body["event_count"] == 1
    assert body["country"] == "Iraq"
    assert body["hierarchy"] == ["Iraq", "Nineveh", "Mosul"]
    assert body["latitude"] == pytest.approx(36.34)
    rows = {r["name"]: r for r in api_client.get("/api/v1/locations/", {"country": "IQ"}).json()["results"]}
    assert rows["Baghdad"]["event_count"] == 1


def _quote_ids(client, params) -> set[int]:
    response = client.get("/api/v1/quotes/", params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_quote_filters_by_speaker_actor_date_and_text(api_client, world):
    [quote] = world.clash.quotes.all()
    assert _quote_ids(api_client, {"speaker": world.army.pk}) == {quote.pk}
    assert _quote_ids(api_client, {"speaker_name": "iraqi forces"}) == {quote.pk}  # by alias
    assert _quote_ids(api_client, {"actor": "Islamic State"}) == {quote.pk}  # an actor of the quoted event
    assert _quote_ids(api_client, {"actor": world.army.pk}) == {quote.pk}
    assert _quote_ids(api_client, {"actor": "Protesters (Iraq)"}) == set()
    assert _quote_ids(api_client, {"published_after": "2016-10-17"}) == {quote.pk}
    assert _quote_ids(api_client, {"published_before": "2016-10-16"}) == set()
    assert _quote_ids(api_client, {"q": "LIBERATE"}) == {quote.pk}
    assert _quote_ids(api_client, {"q": "surrender"}) == set()
    assert api_client.get("/api/v1/quotes/", {"published_after": "soon"}).status_code == 400


@pytest.mark.parametrize("endpoint", ["actors", "locations"])
def test_count_annotations_add_no_queries_per_row(api_client, event_batch, endpoint):
    event_batch(1)
    with CaptureQueriesContext(connection) as one:
        api_client.get(f"/api/v1/{endpoint}/")
    event_batch(9)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(f"/api/v1/{endpoint}/")
    assert len(response.json()["results"]) >= 10
    assert len(many) == len(one)
