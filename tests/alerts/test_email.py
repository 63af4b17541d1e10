import re

import pytest
from django.core import mail

from alerts import services
from alerts.models import Subscription
from alerts.tasks import match_events_task, send_daily_digests_task
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_immediate_email_once_per_change_with_an_unsubscribe_link(client, analyst):
    services.subscription_create(owner=analyst, name="Iraq", query="country=IQ", email="a@example.org")
    event = EventFactory()
    match_events_task.delay([event.pk], "created")
    match_events_task.delay([event.pk], "created")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert f"/events/{event.pk}/" in message.body
    link = re.search(r"http://[^\s]+/alerts/unsubscribe/[^\s]+/", message.body).group(0)
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200  # asks, changes nothing
    assert Subscription.objects.get().email == "a@example.org"
    assert client.post(path).status_code == 200  # no sign-in needed
    assert Subscription.objects.get().email == ""
    assert client.post("/alerts/unsubscribe/forged/").status_code == 200
    assert client.get("/alerts/unsubscribe/forged/").status_code == 404


def test_daily_digest_gathers_the_days_changes_in_one_email(analyst):
    services.subscription_create(owner=analyst, name="Iraq", query="country=IQ", email="a@example.org", digest="daily")
    first, second = EventFactory(), EventFactory()
    match_events_task.delay([first.pk], "created")
    match_events_task.delay([second.pk], "updated")
    assert mail.outbox == []
    send_daily_digests_task.delay()
    assert len(mail.outbox) == 1
    assert "2 event change(s)" in mail.outbox[0].subject
    send_daily_digests_task.delay()
    assert len(mail.outbox) == 1
