import json

import pytest

from alerts import services
from alerts.models import Delivery, Notification, Subscription
from events.services.editing import event_update_by_editor
from events.services.merging import event_merge
from tests.factories import EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def _subscribe(analyst, receiver, query="country=IQ"):
    return services.subscription_create(owner=analyst, name="watch", query=query, webhook_url=receiver.url)


def _verify(secret, headers, body):
    expected = "sha256=" + services.sign(secret=secret, timestamp=headers["x-alerts-timestamp"], body=body)
    assert headers["x-alerts-signature"] == expected


def test_an_editors_change_sends_one_signed_post_per_matching_event(
    analyst, receiver, django_capture_on_commit_callbacks
):
    subscription = _subscribe(analyst, receiver)
    iraq, syria = EventFactory(), EventFactory(location=LocationFactory(country_code="SY"))
    with django_capture_on_commit_callbacks(execute=True):
        event_update_by_editor(event=iraq, changes={"fatalities": 9})
    with django_capture_on_commit_callbacks(execute=True):
        event_update_by_editor(event=syria, changes={"fatalities": 9})
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    _verify(subscription.secret, headers, body)
    payload = json.loads(body)
    assert payload["id"] == iraq.pk
    assert payload["fatalities"] == 9
    assert payload["change"] == "updated"
    assert payload["subscription"] == subscription.pk
    assert payload["location"]["country_code"] == "IQ"


def test_matching_twice_never_notifies_twice(analyst, receiver):
    _subscribe(analyst, receiver)
    event = EventFactory()
    from alerts.tasks import match_events_task

    match_events_task.delay([event.pk], "created")
    match_events_task.delay([event.pk], "created")
    assert Notification.objects.count() == 1
    assert len(receiver.requests) == 1


def test_a_merge_is_notified_as_merged(analyst, receiver, django_capture_on_commit_callbacks):
    _subscribe(analyst, receiver)
    target, other = EventFactory(), EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event_merge(target=target, others=[other])
    assert [json.loads(b)["change"] for _, b in receiver.requests] == ["merged"]


def test_5xx_backs_off_until_delivered_with_each_attempt_logged(analyst, receiver):
    receiver.statuses = [500, 500, 500, 200]
    subscription = _subscribe(analyst, receiver)
    from alerts.tasks import match_events_task

    match_events_task.delay([EventFactory().pk], "created")
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.DELIVERED
    attempts = list(Delivery.objects.order_by("attempt").values_list("attempt", "status_code"))
    assert attempts == [(1, 500), (2, 500), (3, 500), (4, 200)]
    assert len(receiver.requests) == 4
    bodies = {b for _, b in receiver.requests}
    assert len(bodies) == 1  # the same payload each time
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0
    assert subscription.last_notified_at is not None


def test_410_stops_the_retries_and_pauses(analyst, receiver):
    receiver.statuses = [410]
    subscription = _subscribe(analyst, receiver)
    from alerts.tasks import match_events_task

    match_events_task.delay([EventFactory().pk], "created")
    assert Delivery.objects.count() == 1
    assert Notification.objects.get().status == Notification.Status.FAILED
    subscription.refresh_from_db()
    assert subscription.is_paused
    assert "410" in subscription.paused_reason


def test_other_4xx_is_not_retried(analyst, receiver):
    receiver.statuses = [400]
    _subscribe(analyst, receiver)
    from alerts.tasks import match_events_task

    match_events_task.delay([EventFactory().pk], "created")
    assert list(Delivery.objects.values_list("status_code", flat=True)) == [400]


def test_consecutive_failures_pause_the_subscription(analyst, receiver):
    receiver.statuses = [404, 404, 404]
    subscription = _subscribe(analyst, receiver)
    from alerts.tasks import match_events_task

    for _ in range(3):
        match_events_task.delay([EventFactory().pk], "created")
    subscription.refresh_from_db()
    assert subscription.is_paused
    assert "3 failed" in subscription.paused_reason
    match_events_task.delay([EventFactory().pk], "created")
    assert len(receiver.requests) == 3  # paused: nothing more is sent
    assert Subscription.objects.get().notifications.count() == 3
