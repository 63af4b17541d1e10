"""Celery beat keeps the busiest actors' pages and the unfiltered map warm in a shared cache."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import tasks
from events.models import Actor
from events.tasks import aggregates_warm, refresh_event_counts_task
from tests.factories import ActorFactory, EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache other processes could read (files), as Redis is in production: warming is worth it."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
    }
    settings.AGGREGATE_CACHE_SECONDS = 60
    settings.EVENT_COUNTS_REFRESH_SECONDS = 60


def _timeline_total(html: str) -> int:
    """Sum the timeline's bar values (each bar's title reads "Mon YYYY: N")."""
    chart = html.split('id="actor-timeline"', 1)[1].split("</svg>", 1)[0]
    return sum(int(n.replace(",", "")) for n in re.findall(r"<title>\w+ \d{4}: ([\d,]+)</title>", chart))


def test_beat_warms_the_busiest_actor_page_and_refreshes_it_on_the_next_run(shared_cache, client):
    busy = ActorFactory()
    for day in (3, 9, 20):
        EventFactory(actor1=busy, date=dt.date(2024, 5, day))
    refresh_event_counts_task()

    html = client.get(busy.get_absolute_url()).content.decode()
    assert _timeline_total(html) == 3

    EventFactory(actor1=busy, date=dt.date(2024, 6, 1))
    # Still the warmed entry: a page does not recompute before it expires ...
    assert _timeline_total(client.get(busy.get_absolute_url()).content.decode()) == 3
    refresh_event_counts_task()
    # ... the next beat run replaces it.
    assert _timeline_total(client.get(busy.get_absolute_url()).content.decode()) == 4


def _aggregates(queries) -> list[str]:
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"]]


def test_a_warmed_actor_page_and_map_run_none_of_their_aggregate_queries(
    shared_cache, client, django_assert_num_queries
):
    busy = ActorFactory()
    EventFactory.create_batch(3, actor1=busy, location=LocationFactory())
    Actor.objects.filter(pk=busy.pk).update(event_count=3)
    with CaptureQueriesContext(connection) as cold:
        assert client.get(busy.get_absolute_url()).status_code == 200
    assert _aggregates(cold)
    cache.clear()

    assert aggregates_warm() == 3  # the one actor with events, the map and the dashboard
    with CaptureQueriesContext(connection) as warm:
        assert client.get(busy.get_absolute_url()).status_code == 200
    assert _aggregates(warm) == []
    with django_assert_num_queries(0):
        assert len(client.get("/map/data/").json()["features"]) == 3


def _reported_fatalities(html: str) -> int:
    return int(re.search(r"Reported fatalities</dt><dd>([\d,]+)</dd>", html).group(1).replace(",", ""))


def test_a_warmed_dashboard_runs_none_of_its_aggregates_and_beat_refreshes_it(shared_cache, client):
    EventFactory.create_batch(2, fatalities=3)
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/").status_code == 200
    assert _aggregates(cold)
    cache.clear()

    refresh_event_counts_task()
    with CaptureQueriesContext(connection) as warm:
        html = client.get("/").content.decode()
    assert _aggregates(warm) == []
    assert _reported_fatalities(html) == 6
    EventFactory(fatalities=4)
    assert _reported_fatalities(client.get("/").content.decode()) == 6  # the warmed entry until ...
    refresh_event_counts_task()  # ... the next beat run
    assert _reported_fatalities(client.get("/").content.decode()) == 10


def test_only_the_busiest_actors_are_warmed(shared_cache, monkeypatch):
    monkeypatch.setattr(tasks, "WARM_BUSIEST_ACTORS", 2)
    ActorFactory.create_batch(3)
    for count, actor in enumerate(Actor.objects.order_by("id"), start=1):
        Actor.objects.filter(pk=actor.pk).update(event_count=count)
    assert aggregates_warm() == 4  # two actors, the map and the dashboard


def test_nothing_is_warmed_in_a_process_local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
    }
    settings.AGGREGATE_CACHE_SECONDS = 60
    EventFactory()
    assert aggregates_warm() == 0


def test_nothing_is_warmed_with_the_cache_turned_off(shared_cache, settings):
    settings.AGGREGATE_CACHE_SECONDS = 0
    EventFactory()
    assert aggregates_warm() == 0
