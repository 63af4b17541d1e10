"""Ingest keeps the stored event counts right in its own transaction: no beat needed to see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from events.models import Actor, Event, Location
from events.services.counts import CountChanges, counted, event_counts_refresh
from ingest.persist import article_persist_result
from tests.events.test_event_counts import assert_all_counts_live, stored
from tests.ingest.test_persist_batch import _article, _world

pytestmark = pytest.mark.django_db


def test_a_first_extraction_counts_its_events_at_once():
    result = _world("Alpha", 4)
    article_persist_result(article=_article(result), result=result)

    # Each actor is actor1, actor2 and associate of one event each: three events.
    actor = Actor.objects.get(name="Alpha Brigade 0")
    assert stored(actor) == (3, dt.date(2016, 10, 17), dt.date(2016, 10, 17))
    assert set(Location.objects.values_list("event_count", flat=True)) == {1}
    assert_all_counts_live()


def test_a_second_report_adds_nothing_and_a_new_date_widens_the_range():
    first = _world("Alpha", 3)
    article_persist_result(article=_article(first), result=first)
    # Same incidents, same day, reported again: matched, so counted once.
    again = _world("Alpha", 3, summary="Later report.")
    article_persist_result(article=_article(again), result=again)
    assert stored(Actor.objects.get(name="Alpha Brigade 0"))[0] == 3
    assert_all_counts_live()

    # Days later: new incidents (outside the matching window) for the same actors.
    later = _world("Alpha", 3, day=28, summary="Weeks on.")
    article_persist_result(article=_article(later), result=later)
    assert stored(Actor.objects.get(name="Alpha Brigade 0")) == (6, dt.date(2016, 10, 17), dt.date(2016, 10, 28))
    assert_all_counts_live()


def test_reextraction_that_drops_events_recounts_their_actors_and_places():
    result = _world("Alpha", 4)
    article = _article(result)
    article_persist_result(article=article, result=result)
    fewer = replace(result, events=result.events[:1])

    article_persist_result(article=article, result=fewer)

    assert Event.objects.count() == 1
    assert Location.objects.filter(event_count=1).count() == 1
    assert_all_counts_live()


def test_a_rejected_event_stays_out_of_the_counts_when_its_article_is_reextracted():
    result = _world("Alpha", 2)
    article = _article(result)
    article_persist_result(article=article, result=result)
    Event.objects.filter(pk=Event.objects.order_by("pk").first().pk).update(review_status=Event.ReviewStatus.REJECTED)
    event_counts_refresh()
    article_persist_result(article=article, result=result)
    assert_all_counts_live()


@pytest.mark.parametrize(
    ("before", "after", "added", "places", "recount"),
    [
        # a new event: +1 for each actor and its place
        (
            None,
            ({1, 2}, 7, dt.date(2020, 1, 5)),
            {1: [1, dt.date(2020, 1, 5)], 2: [1, dt.date(2020, 1, 5)]},
            {7: 1},
            set(),
        ),
        # an actor joins a known event: only it gains
        (({1}, 7, dt.date(2020, 1, 5)), ({1, 3}, 7, dt.date(2020, 1, 5)), {3: [1, dt.date(2020, 1, 5)]}, {}, set()),
        # the place moves: one loses, one gains
        (({1}, 7, dt.date(2020, 1, 5)), ({1}, 8, dt.date(2020, 1, 5)), {}, {7: -1, 8: 1}, set()),
        # a date where there was none only widens
        (({1}, None, None), ({1}, None, dt.date(2021, 2, 1)), {1: [0, dt.date(2021, 2, 1)]}, {}, set()),
        # a moved date or a lost actor may narrow a range: recounted
        (({1, 2}, None, dt.date(2020, 1, 5)), ({1}, None, dt.date(2020, 3, 1)), {}, {}, {1, 2}),
        # deleted
        (({1}, 7, dt.date(2020, 1, 5)), None, {}, {7: -1}, {1}),
    ],
)
def test_count_changes_add_what_widens_and_recount_what_may_narrow(before, after, added, places, recount):
    def state(spec):
        if spec is None:
            return None
        actors, place, date = spec
        return counted(actor_ids=actors, location_id=place, date=date, review_status="auto")

    changes = CountChanges()
    changes.add(state(before), state(after))
    assert {pk: [n, first] for pk, (n, first, _last) in changes.actors.items()} == added
    assert changes.locations == places
    assert changes.recount_actors == recount
