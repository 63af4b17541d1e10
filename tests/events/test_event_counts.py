"""Denormalised event counts on actors and places stay equal to a live recount after every write path."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Max, Min, Q

from events.models import Actor, Event, Location
from events.services import editing, merging
from events.services.counts import event_counts_refresh
from events.tasks import refresh_event_counts_task
from tests.conftest import requires_services
from tests.factories import ActorFactory, EventFactory, LocationFactory
from tests.ingest.test_beat import beat_and_worker  # noqa: F401  (a real beat and worker)


def live_figures(actor: Actor) -> tuple[int, dt.date | None, dt.date | None]:
    """Count an actor's events the slow way: any role, each event once, rejected ones left out."""
    events = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).filter(
        Q(actor1=actor) | Q(actor2=actor) | Q(assoc_actors=actor)
    )
    figures = Event.objects.filter(pk__in=events.values("pk")).aggregate(
        n=Count("id"), first=Min("date"), last=Max("date")
    )
    return figures["n"], figures["first"], figures["last"]


def live_place_count(location: Location) -> int:
    return Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).filter(location=location).count()


def stored(actor: Actor) -> tuple[int, dt.date | None, dt.date | None]:
    actor.refresh_from_db(fields=["event_count", "first_seen", "last_seen"])
    return actor.event_count, actor.first_seen, actor.last_seen


def assert_all_counts_live() -> None:
    for actor in Actor.objects.all():
        assert stored(actor) == live_figures(actor), actor.name
    for location in Location.objects.all():
        assert location.event_count == live_place_count(location), location.name


@pytest.mark.django_db
def test_seed_synthetic_fills_counts_equal_to_a_live_recount():
    call_command(
        "seed_synthetic", "--events", "400", "--actors", "30", "--locations", "40", "--batch", "150", stdout=StringIO()
    )
    assert Actor.objects.filter(event_count__gt=0).exists()
    assert Location.objects.filter(event_count__gt=0).exists()
    assert Event.objects.filter(review_status=Event.ReviewStatus.REJECTED).exists()
    assert_all_counts_live()


@pytest.mark.django_db
def test_an_event_counts_once_for_an_actor_in_several_roles_and_rejected_ones_not_at_all():
    actor = ActorFactory()
    place = LocationFactory()
    both = EventFactory(actor1=actor, actor2=actor, location=place, date=dt.date(2020, 5, 1))
    both.assoc_actors.add(actor)
    associate = EventFactory(location=place, date=dt.date(2019, 1, 2))
    associate.assoc_actors.add(actor)
    EventFactory(actor1=actor, location=place, date=dt.date(2010, 1, 1), review_status=Event.ReviewStatus.REJECTED)
    EventFactory(actor2=actor, actor1=None, location=None, date=None)

    event_counts_refresh()

    assert stored(actor) == (3, dt.date(2019, 1, 2), dt.date(2020, 5, 1))
    place.refresh_from_db()
    assert place.event_count == 2
    assert_all_counts_live()


@pytest.mark.django_db
def test_refresh_of_some_ids_leaves_the_others_and_reports_rows_changed():
    counted, untouched = ActorFactory(), ActorFactory()
    EventFactory(actor1=counted, actor2=untouched)
    result = event_counts_refresh(actor_ids=[counted.pk], location_ids=[])
    assert (result.actors, result.locations) == (1, 0)
    assert stored(counted)[0] == 1
    assert stored(untouched)[0] == 0  # not asked for: stays stale until the next full refresh
    assert Location.objects.filter(event_count__gt=0).count() == 0
    assert event_counts_refresh(actor_ids=[counted.pk], location_ids=[]).actors == 0  # nothing left to change
    assert event_counts_refresh().actors == 1


def test_actor_merge_recounts_the_winner(world):
    event_counts_refresh()
    assert stored(world.army)[0] == 2

    merging.actor_merge(winner=world.army, losers=[world.pmf, world.isis])

    # clash (army v isis, pmf associated) and attack (isis v army): still two events, each once.
    assert stored(world.army) == (2, dt.date(2016, 10, 16), dt.date(2016, 10, 17))
    assert_all_counts_live()


def test_event_merge_recounts_actors_and_places_of_every_merged_event(world):
    event_counts_refresh()
    merging.event_merge(target=world.clash, others=[world.protest])

    assert stored(world.army)[0] == 2
    world.baghdad.refresh_from_db()
    assert world.baghdad.event_count == 0  # the protest was folded into the clash, in Mosul
    protesters = Actor.objects.get(name="Protesters (Iraq)")
    assert stored(protesters)[0] == 0
    assert_all_counts_live()


def test_event_split_counts_the_new_event(world):
    event_counts_refresh()
    sentence = world.clash.evidence.get()
    extra = world.clash.evidence.create(article=world.article, sentence="Protesters gathered.", start=150, end=170)
    assert extra.pk != sentence.pk

    merging.event_split(event=world.clash, evidence=[extra])

    assert stored(world.army)[0] == 3
    assert stored(world.pmf)[0] == 2  # associated actors are copied to the new event
    world.mosul.refresh_from_db()
    assert world.mosul.event_count == 2
    assert_all_counts_live()


def test_rejecting_or_moving_an_event_recounts_old_and_new_actors_and_places(world):
    event_counts_refresh()
    editing.event_update_by_editor(event=world.attack, changes={"review_status": Event.ReviewStatus.REJECTED})
    assert stored(world.isis) == (1, dt.date(2016, 10, 17), dt.date(2016, 10, 17))
    assert_all_counts_live()

    editing.event_update_by_editor(event=world.clash, changes={"location": world.baghdad, "actor2": world.pmf})
    world.mosul.refresh_from_db()
    world.baghdad.refresh_from_db()
    assert (world.mosul.event_count, world.baghdad.event_count) == (0, 2)
    assert stored(world.isis)[0] == 0
    assert stored(world.pmf)[0] == 1  # now actor2 and still associated: one event
    assert_all_counts_live()


def test_periodic_task_mends_counts_no_write_path_kept(world):
    # Factories write events directly, as an admin delete or a bulk change would: counts go stale.
    EventFactory(actor1=world.pmf, location=world.mosul, date=dt.date(2017, 3, 1))
    Event.objects.filter(pk=world.protest.pk).delete()

    assert refresh_event_counts_task.delay().get() > 0

    assert stored(world.pmf) == (2, dt.date(2016, 10, 17), dt.date(2017, 3, 1))
    assert_all_counts_live()
    assert refresh_event_counts_task.delay().get() == 0  # a second run finds nothing to change


def test_refresh_counts_command_reports_what_changed(world):
    Actor.objects.update(event_count=0, first_seen=None, last_seen=None)  # stale, as after a raw bulk change
    Location.objects.update(event_count=0)
    out = StringIO()
    call_command("refresh_counts", stdout=out)
    assert "Counts changed for 4 actor(s) and 3 place(s)" in out.getvalue()
    assert_all_counts_live()


def test_beat_schedule_runs_the_refresh_task_every_configured_interval():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-event-counts"]
    assert entry["task"] == refresh_event_counts_task.name == "events.tasks.refresh_event_counts_task"
    assert entry["schedule"] == float(settings.EVENT_COUNTS_REFRESH_SECONDS) == 60.0


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("endpoint", ["actors", "locations"])
def test_api_orders_by_event_count_across_cursor_pages(api_client, world, endpoint):
    event_counts_refresh()
    model = Actor if endpoint == "actors" else Location
    expected = list(model.objects.order_by("-event_count", "-id").values_list("id", flat=True))
    url = f"/api/v1/{endpoint}/"

    first = api_client.get(url, {"ordering": "-event_count", "page_size": 2})
    rest = api_client.get(first.json()["next"])
    assert _ids(first) + _ids(rest) == expected
    ascending = api_client.get(url, {"ordering": "event_count", "page_size": 100})
    assert _ids(ascending) == list(model.objects.order_by("event_count", "id").values_list("id", flat=True))
    counts = [row["event_count"] for row in api_client.get(url, {"ordering": "-event_count"}).json()["results"]]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == (2 if endpoint == "actors" else 1)


@pytest.fixture
def worker_env(worker_env):
    """The session's worker environment, with the count refresh due every second."""
    return {**worker_env, "EVENT_COUNTS_REFRESH_SECONDS": "1"}


@requires_services
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_beat_and_worker_keep_counts_fresh(beat_and_worker):  # noqa: F811
    actor, place = ActorFactory(), LocationFactory()
    EventFactory(actor1=actor, location=place, date=dt.date(2021, 6, 1))
    EventFactory(actor2=actor, location=place, date=dt.date(2022, 6, 1))
    assert stored(actor)[0] == 0

    deadline = time.monotonic() + 90
    while stored(actor) != (2, dt.date(2021, 6, 1), dt.date(2022, 6, 1)) and time.monotonic() < deadline:
        time.sleep(0.5)
    logs = "\n".join((beat_and_worker / f"{n}.log").read_text()[-1500:] for n in ("beat", "worker"))
    assert stored(actor) == (2, dt.date(2021, 6, 1), dt.date(2022, 6, 1)), logs
    place.refresh_from_db()
    assert place.event_count == 2
