"""The actor page's timeline, counterparts and places, read in one pass on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from events.models import Event
from events.selectors import actors as actor_selectors
from events.selectors import aggregates as aggregate_selectors
from events.selectors import events as event_selectors
from tests.factories import ActorFactory, EventFactory, LocationFactory

pytestmark = pytest.mark.django_db

REJECTED = Event.ReviewStatus.REJECTED


@pytest.fixture
def scene():
    """One actor in every role, with the cases each grouping treats differently."""
    actor, rival, ally, other = ActorFactory(), ActorFactory(), ActorFactory(), ActorFactory()
    town, city = LocationFactory(), LocationFactory()
    jan, feb = dt.date(2024, 1, 10), dt.date(2024, 2, 3)
    EventFactory(actor1=actor, actor2=rival, location=town, date=jan, fatalities=2)
    EventFactory(actor1=actor, actor2=rival, location=town, date=jan, fatalities=None)
    EventFactory(actor1=rival, actor2=actor, location=city, date=feb, fatalities=5)
    EventFactory(actor1=actor, actor2=None, location=None, date=None, fatalities=1)  # no month, no place
    EventFactory(actor1=actor, actor2=actor, location=town, date=feb, fatalities=0)  # no counterpart
    EventFactory(actor1=ally, actor2=actor, location=city, date=feb, fatalities=4, review_status=REJECTED)
    associate = EventFactory(actor1=other, actor2=rival, location=city, date=jan, fatalities=7)
    associate.assoc_actors.add(actor)
    # Associate and actor1 at once: still one event.
    both = EventFactory(actor1=actor, actor2=ally, location=town, date=feb, fatalities=1)
    both.assoc_actors.add(actor)
    EventFactory(actor1=rival, actor2=ally, location=city, date=jan, fatalities=9)  # not the actor's
    return actor, rival, ally, town, city


def test_activity_groups_the_actors_events_by_month_counterpart_and_place(scene):
    actor, rival, ally, town, city = scene

    activity = actor_selectors.actor_activity(actor)

    # Rejected events are left out of the timeline only, as events_by_month does.
    assert activity.months == [
        {"month": dt.date(2024, 1, 1), "events": 3, "fatalities": 9},
        {"month": dt.date(2024, 2, 1), "events": 3, "fatalities": 6},
    ]
    assert [(row["actor"], row["as_actor1"], row["as_actor2"], row["n"]) for row in activity.counterparts] == [
        (rival, 2, 1, 3),
        (ally, 1, 1, 2),
    ]
    assert [(row["location"], row["n"], row["fatalities"]) for row in activity.places] == [
        (town, 4, 3),
        (city, 3, 16),
    ]


def test_activity_matches_the_three_separate_selectors(scene):
    actor = scene[0]
    activity = actor_selectors.actor_activity(actor)
    assert activity.months == aggregate_selectors.events_by_month(event_selectors.events_for_actor(actor))
    assert activity.counterparts == actor_selectors.actor_counterparts(actor)
    assert activity.places == actor_selectors.actor_places(actor)


def test_activity_of_an_actor_without_events_is_empty():
    activity = actor_selectors.actor_activity(ActorFactory())
    assert (activity.months, activity.counterparts, activity.places) == ([], [], [])


def test_counterparts_and_places_keep_the_busiest_then_the_lowest_id(db):
    actor = ActorFactory()
    rivals = [ActorFactory() for _ in range(4)]
    places = [LocationFactory() for _ in range(4)]
    for rival, place in zip(reversed(rivals), reversed(places), strict=True):
        EventFactory(actor1=actor, actor2=rival, location=place)
    EventFactory(actor1=actor, actor2=rivals[3], location=places[3])

    activity = actor_selectors.actor_activity(actor, limit=3)

    assert [row["actor"] for row in activity.counterparts] == [rivals[3], rivals[0], rivals[1]]
    assert [row["location"] for row in activity.places] == [places[3], places[0], places[1]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-pass query is PostgreSQL's")
def test_activity_is_one_query_plus_the_names(scene, django_assert_num_queries):
    actor = scene[0]
    with django_assert_num_queries(3):  # the grouping sets, the counterparts' actors, the places
        actor_selectors.actor_activity(actor)
