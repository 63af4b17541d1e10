"""With the real broker and worker: ingesting the sample article delivers one signed POST per matching event."""

from __future__ import annotations

import json
import time

import feedparser
import pytest

from alerts import services
from alerts.models import Notification
from events.models import Event
from tests.conftest import requires_services
from tests.ingest.test_worker import (
    _wait_for,
    celery_worker,  # noqa: F401  (the fixture: a real worker on all queues)
)

pytestmark = [requires_services, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(worker_env):
    # The worker is its own process: it reads the loopback allow-list and short backoff from the environment.
    return {
        **worker_env,
        "INGEST_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ALERTS_WEBHOOK_BACKOFF_SECONDS": "0.2",
    }


def _wait_for_posts(receiver, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(receiver.requests) < count:
        time.sleep(0.2)


@pytest.mark.usefixtures("celery_worker")
def test_ingest_delivers_one_signed_post_per_matching_event(receiver, analyst, token_client, sample_text, client):
    receiver.statuses = [500]  # the first attempt fails: the worker retries it after a backoff
    subscription = services.subscription_create(
        owner=analyst, name="Iraq", query="country=IQ", webhook_url=receiver.url
    )
    response = token_client.post("/api/v1/articles/", {"text": sample_text, "published": "2016-10-17"}, format="json")
    assert response.status_code == 202, response.content
    _wait_for(response.json()["id"])
    expected = set(Event.objects.filter(location__country_code="IQ").values_list("pk", flat=True))
    assert expected
    _wait_for_posts(receiver, len(expected) + 1)
    time.sleep(1.0)  # nothing more may arrive
    delivered = []
    for headers, body in receiver.requests:
        signature = services.sign(secret=subscription.secret, timestamp=headers["x-alerts-timestamp"], body=body)
        assert headers["x-alerts-signature"] == f"sha256={signature}"
        delivered.append(json.loads(body)["id"])
    assert len(delivered) == len(expected) + 1  # one retried
    assert set(delivered) == expected
    assert Notification.objects.filter(status=Notification.Status.DELIVERED).count() == len(expected)
    feed = feedparser.parse(client.get(f"/alerts/feed/{subscription.feed_token}/").content)
    assert {int(e.id.removeprefix("event-")) for e in feed.entries} == expected
