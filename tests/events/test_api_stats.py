"""GET /api/v1/stats/: counts and fatalities by type, country, actor and period, on the event filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def _stats(client, **params) -> dict:
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_stats_totals_and_breakdowns(api_client, world):
    EventFactory(review_status="rejected", fatalities=100)  # left out by default
    body = _stats(api_client)
    assert body["total"] == {"events": 3, "fatalities": 3}
    by_type = {row["event_type"]: row for row in body["by_type"]}
    assert by_type["violence_against_civilians"] == {
        "event_type": "violence_against_civilians",
        "label": "Violence against civilians",
        "events": 1,
        "fatalities": 3,
    }
    assert by_type["battles"]["fatalities"] == 0  # unknown fatalities add nothing
    assert body["by_country"] == [{"country_code": "IQ", "country": "Iraq", "events": 3, "fatalities": 3}]
    by_actor = {row["actor"]: row for row in body["by_actor"]}
    assert by_actor["Islamic State"]["events"] == 2
    assert by_actor["Islamic State"]["fatalities"] == 3
    assert by_actor["Popular Mobilization Forces"]["events"] == 1  # as an associated actor
    assert body["by_actor"][0]["events"] >= body["by_actor"][-1]["events"]
    assert body["period"] == "month"
    assert body["by_period"] == [
        {"period": "2016-10-01", "events": 2, "fatalities": 3},
        {"period": "2016-11-01", "events": 1, "fatalities": 0},
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("day", ["2016-10-16", "2016-10-17", "2016-11-02"]),
        ("week", ["2016-10-10", "2016-10-17", "2016-10-31"]),  # ISO weeks start on Monday
        ("month", ["2016-10-01", "2016-11-01"]),
        ("year", ["2016-01-01"]),
    ],
)
def test_stats_by_period(api_client, world, period, expected):
    body = _stats(api_client, period=period)
    assert [row["period"] for row in body["by_period"]] == expected


def test_stats_honour_the_event_filters(api_client, world):
    body = _stats(api_client, actor="daesh", date_after="2016-10-17")
    assert body["total"] == {"events": 1, "fatalities": 0}
    assert [row["event_type"] for row in body["by_type"]] == ["battles"]
    assert _stats(api_client, review_status="rejected")["total"]["events"] == 0


def test_stats_top_limits_countries_and_actors(api_client, world):
    LocationFactory(country_code="SY")
    EventFactory(location=LocationFactory(country_code="SY", name="Aleppo"))
    body = _stats(api_client, top=1)
    assert len(body["by_country"]) == 1
    assert body["by_country"][0]["country_code"] == "IQ"
    assert len(body["by_actor"]) == 1


@pytest.mark.parametrize(
    "params", [{"period": "fortnight"}, {"top": "0"}, {"top": "many"}, {"date_after": "soon"}, {"country": "Iraq"}]
)
def test_stats_bad_parameters_are_400(api_client, world, params):
    response = api_client.get("/api/v1/stats/", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_stats_of_nothing(api_client, db):
    body = _stats(api_client)
    assert body["total"] == {"events": 0, "fatalities": 0}
    assert body["by_type"] == body["by_country"] == body["by_actor"] == body["by_period"] == []


def test_stats_query_count_does_not_grow_with_events(api_client, event_batch):
    event_batch(1)
    with CaptureQueriesContext(connection) as one:
        _stats(api_client)
    event_batch(9)
    EventFactory(date=dt.date(2001, 1, 1))
    with CaptureQueriesContext(connection) as many:
        _stats(api_client)
    assert len(many) == len(one)


def test_an_actor_on_both_sides_of_an_event_counts_it_once(api_client):
    from events.selectors.places import location_actors
    from tests.factories import ActorFactory

    group, other = ActorFactory(name="Islamic State"), ActorFactory()
    place = LocationFactory()
    EventFactory(actor1=group, actor2=group, location=place, fatalities=2)  # infighting
    both = EventFactory(actor1=group, actor2=other, location=place, fatalities=1)
    both.assoc_actors.add(group, other)  # listed again as an associated actor
    by_actor = {row["actor"]: row for row in _stats(api_client)["by_actor"]}
    assert (by_actor["Islamic State"]["events"], by_actor["Islamic State"]["fatalities"]) == (2, 3)
    assert by_actor[other.name]["events"] == 1
    assert {row["actor"].name: row["n"] for row in location_actors(place)} == {"Islamic State": 2, other.name: 1}
