"""Matching saved searches against changed events: the same answer as the FilterSet, in bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from alerts import services
from alerts.models import Notification
from events.filters import EventFilter
from events.models import Event
from tests.factories import ActorFactory, EventFactory, EvidenceFactory, LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Events spread over countries, types, tolls, places, actors and texts."""
    mosul = LocationFactory(name="Mosul", country_code="IQ", latitude=36.34, longitude=43.13)
    aleppo = LocationFactory(name="Aleppo", country_code="SY", admin1="Aleppo", latitude=36.2, longitude=37.16)
    kabul = LocationFactory(name="Kabul", country_code="AF", admin1="Kabul", latitude=34.53, longitude=69.17)
    fiji = LocationFactory(name="Suva", country_code="FJ", admin1="Central", latitude=-18.1, longitude=178.4)
    isis, army = ActorFactory(name="Islamic State"), ActorFactory(name="Iraqi Army")
    events = [
        EventFactory(location=mosul, actor1=isis, actor2=army, fatalities=14, date=dt.date(2016, 10, 17)),
        EventFactory(location=mosul, event_type="protests", sub_event_type="peaceful_protest", fatalities=0),
        EventFactory(location=aleppo, actor1=army, actor2=None, fatalities=None, date=dt.date(2020, 1, 2)),
        EventFactory(location=kabul, event_type="violence_against_civilians", sub_event_type="attack", fatalities=3),
        EventFactory(location=fiji, fatalities=1),
        EventFactory(location=None, fatalities=2),
    ]
    events[2].assoc_actors.add(isis)
    EvidenceFactory(event=events[3], sentence="Gunmen stormed a wedding hall in Kabul.")
    return {"events": events, "isis": isis, "army": army}


def _filterset_answer(query: str, ids: list[int]) -> list[int]:
    event_filter = EventFilter(QueryDict(query), queryset=Event.objects.filter(pk__in=ids))
    assert event_filter.is_valid(), event_filter.errors
    return sorted(event_filter.qs.values_list("pk", flat=True))


QUERIES = [
    "",
    "country=IQ",
    "country=iq",
    "country=IQ&event_type=battles",
    "country=IQ&event_type=protests&fatalities_max=0",
    "event_type=battles&fatalities_min=3",
    "fatalities_min=1&fatalities_max=5",
    "bbox=43,36,44,37",
    "bbox=170,-20,-170,-10",  # across the antimeridian
    "bbox=0,0,1,1",
    "actor=Islamic State",
    "actor=Iraqi Army&country=SY",
    "q=wedding",
    "q=wedding&country=IQ",
    "date_after=2019-01-01",
    "date_before=2017-01-01&country=IQ",
    "sub_event_type=attack",
    "admin1=kabul",
    "review_status=auto&event_type=battles&event_type=protests",  # the last of a repeated filter counts
    "country=ZZ",
]


@pytest.mark.parametrize("query", QUERIES)
def test_bulk_matching_selects_what_the_filterset_selects(world, query):
    ids = [e.pk for e in world["events"]]
    if query.startswith("actor=Islamic"):
        query = f"actor={world['isis'].pk}"  # by id as well as by name below
    expected = _filterset_answer(query, ids)
    got = services.queries_match(queries=[query], event_ids=ids).get(query, [])
    assert got == expected


def test_many_searches_in_one_call_give_each_its_own_answer(world):
    ids = [e.pk for e in world["events"]]
    got = services.queries_match(queries=QUERIES, event_ids=ids)
    for query in QUERIES:
        assert got.get(query, []) == _filterset_answer(query, ids), query
    assert got["country=IQ"]  # the fixture is not empty for the common cases
    assert "country=ZZ" not in got


def test_many_statements_when_the_branches_do_not_fit_one(world, monkeypatch):
    monkeypatch.setattr(services, "MATCH_BRANCHES_PER_STATEMENT", 2)
    ids = [e.pk for e in world["events"]]
    got = services.queries_match(queries=QUERIES, event_ids=ids)
    assert {q: got.get(q, []) for q in QUERIES} == {q: _filterset_answer(q, ids) for q in QUERIES}


def test_only_the_changed_events_are_matched(world):
    first = world["events"][0]
    assert services.queries_match(queries=["country=IQ"], event_ids=[first.pk]) == {"country=IQ": [first.pk]}
    assert services.queries_match(queries=["country=IQ"], event_ids=[]) == {}


def test_same_search_written_differently_is_one_query(analyst):
    assert services.query_canonical("event_type=battles&country=IQ&q=") == services.query_canonical(
        "country=IQ&event_type=battles"
    )


def test_notifications_are_bulk_created_once_per_subscription_event_and_change(
    world, analyst, django_assert_max_num_queries
):
    iraq = [services.subscription_create(owner=analyst, name=f"iq {n}", query="country=IQ") for n in range(30)]
    reordered = services.subscription_create(owner=analyst, name="iq battles", query="event_type=battles&country=IQ")
    services.subscription_create(owner=analyst, name="nowhere", query="country=ZZ")
    paused = services.subscription_create(owner=analyst, name="paused", query="country=IQ")
    paused.is_paused = True
    paused.save()
    ids = [e.pk for e in world["events"]]
    iraq_ids = {e.pk for e in world["events"] if e.location and e.location.country_code == "IQ"}

    # A fixed number of queries however many subscriptions share the search: none per subscription.
    with django_assert_max_num_queries(8):
        owed = services.notifications_create(event_ids=ids, change="created")
    assert owed == 30 * len(iraq_ids) + 1
    assert Notification.objects.count() == owed
    assert set(Notification.objects.filter(subscription=iraq[0]).values_list("event_id", flat=True)) == iraq_ids
    assert list(Notification.objects.filter(subscription=reordered).values_list("event_id", flat=True)) == [ids[0]]
    assert not Notification.objects.filter(subscription=paused).exists()

    # A retry (a redelivered task) adds nothing; another change of the same events is told apart.
    assert services.notifications_create(event_ids=ids, change="created") == owed
    assert Notification.objects.count() == owed
    services.notifications_create(event_ids=ids[:1], change="updated")
    assert Notification.objects.filter(change="updated").count() == 31


def test_a_saved_search_the_filters_now_refuse_matches_nothing(world, analyst):
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    type(subscription).objects.filter(pk=subscription.pk).update(query="country=Iraq")  # bypasses validation
    assert services.notifications_create(event_ids=[e.pk for e in world["events"]], change="created") == 0
