"""The admin writes through the services: stored counts and cached charts are right as soon as it answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from events.models import Actor, Event, Location
from tests.events.admin_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(event: Event) -> str:
    return f"/admin/events/event/{event.pk}/change/"


def edit_event(client, event: Event, **changes):
    data = form_data(client.get(change_url(event)))
    data.update(changes)
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def act(client, action: str, *events: Event):
    response = client.post("/admin/events/event/", {"action": action, "_selected_action": [e.pk for e in events]})
    assert response.status_code == 302
    return response


def count_of(row: Actor | Location) -> int:
    row.refresh_from_db(fields=["event_count"])
    return row.event_count


def live_count(row: Actor | Location) -> int:
    """Count the slow way what the stored figure should say: each live event once, rejected ones left out."""
    live = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
    if isinstance(row, Location):
        return live.filter(location=row).count()
    return live.filter(Q(actor1=row) | Q(actor2=row) | Q(assoc_actors=row)).distinct().count()


def assert_counts_live() -> None:
    for row in [*Actor.objects.all(), *Location.objects.all()]:
        assert row.event_count == live_count(row), row


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_admin_edit_recounts_old_and_new_actors_and_places_before_it_answers(editor_client, world):
    assert (count_of(world.mosul), count_of(world.baghdad), count_of(world.isis)) == (1, 1, 2)

    edit_event(editor_client, world.clash, location=world.baghdad.pk, actor2=world.pmf.pk)

    world.clash.refresh_from_db()
    assert set(world.clash.locked_fields) == {"location", "actor2"}
    assert (count_of(world.mosul), count_of(world.baghdad)) == (0, 2)
    assert count_of(world.isis) == 1  # only the attack is left
    assert count_of(world.pmf) == 1  # now actor2 and still associated: one event
    assert_counts_live()


def test_admin_edit_of_the_date_moves_the_actors_first_and_last_seen(editor_client, world):
    edit_event(editor_client, world.clash, date="2017-01-05")
    world.army.refresh_from_db()
    assert (world.army.first_seen, world.army.last_seen) == (dt.date(2016, 10, 16), dt.date(2017, 1, 5))


def test_rejecting_in_the_admin_takes_the_event_out_of_the_counts_and_reviewing_brings_it_back(editor_client, world):
    act(editor_client, "mark_rejected", world.attack)

    assert count_of(world.isis) == 1
    assert count_of(world.army) == 1
    assert count_of(Location.objects.get(name="Bashiqa")) == 0
    assert_counts_live()

    act(editor_client, "mark_reviewed", world.attack)
    assert (count_of(world.isis), count_of(world.army)) == (2, 2)
    assert_counts_live()
    assert world.attack.history.latest().history_user.username == "editor"


def test_rejecting_through_the_change_form_recounts_too(editor_client, world):
    edit_event(editor_client, world.protest, review_status="rejected")
    assert count_of(world.baghdad) == 0
    assert count_of(Actor.objects.get(name="Protesters (Iraq)")) == 0
    world.protest.refresh_from_db()
    assert world.protest.locked_fields == []  # a review decision locks nothing


def test_admin_edit_expires_the_cached_dashboard_on_commit(
    editor_client, world, settings, django_capture_on_commit_callbacks
):
    settings.AGGREGATE_CACHE_SECONDS = 60
    before = editor_client.get("/").context["totals"]
    assert (before.events, before.fatalities) == (3, 3)

    # A fatality figure changes no stored count, yet the dashboard's total must follow it.
    with django_capture_on_commit_callbacks(execute=True):
        edit_event(editor_client, world.clash, fatalities=12)
    assert editor_client.get("/").context["totals"].fatalities == 15

    with django_capture_on_commit_callbacks(execute=True):
        act(editor_client, "mark_rejected", world.attack)
    after = editor_client.get("/").context["totals"]
    assert (after.events, after.fatalities, after.actors) == (2, 12, 4)


def test_event_added_in_the_admin_counts_at_once_and_locks_what_the_editor_filled_in(admin_client, world):
    data = form_data(admin_client.get("/admin/events/event/add/"))
    data.update(
        event_type="battles",
        sub_event_type="armed_clash",
        date="2016-12-01",
        actor1=world.pmf.pk,
        location=world.mosul.pk,
        fatalities="2",
        assoc_actors=[],
    )
    assert admin_client.post("/admin/events/event/add/", data).status_code == 302

    event = Event.objects.get(date=dt.date(2016, 12, 1))
    assert set(event.locked_fields) == {"event_type", "sub_event_type", "date", "actor1", "location", "fatalities"}
    assert event.cameo_code == "19"  # derived from the type, as on a change
    assert (count_of(world.pmf), count_of(world.mosul)) == (2, 2)
    assert_counts_live()


def test_restoring_a_version_from_history_recounts(editor_client, world):
    edit_event(editor_client, world.clash, location=world.baghdad.pk)
    assert (count_of(world.mosul), count_of(world.baghdad)) == (0, 2)
    original = world.clash.history.order_by("history_date", "history_id").first()
    url = f"/admin/events/event/{world.clash.pk}/history/{original.history_id}/"

    assert editor_client.post(url, form_data(editor_client.get(url))).status_code == 302

    assert (count_of(world.mosul), count_of(world.baghdad)) == (1, 1)
    assert_counts_live()


def test_deleting_events_in_the_admin_recounts(admin_client, world):
    response = admin_client.post(
        "/admin/events/event/",
        {"action": "delete_selected", "_selected_action": [world.clash.pk, world.attack.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Event.objects.filter(pk__in=[world.clash.pk, world.attack.pk]).exists()
    assert (count_of(world.isis), count_of(world.mosul)) == (0, 0)
    assert_counts_live()
