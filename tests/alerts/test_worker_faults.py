"""A worker killed (kill -9) between matching and sending: once started again, every webhook goes out exactly once.

Real PostgreSQL, the real Redis broker, prefork `celery worker` processes and a receiver on
127.0.0.1. The sample article is ingested (in this process), which queues the match task; then
a lock on the evidence table holds the worker after it has matched (the notifications are
committed) and claimed the first webhook attempt, but before it builds the payload: nothing has
been sent. The worker is killed with its pool child, as a crash or the OOM killer would; a
second worker is started, as a supervisor would. It takes the unacknowledged message back once
the broker's visibility timeout and the killed worker's claim have run out, and sends the rest.
The second test kills the worker inside the match task itself, after some of its bulk inserts
committed and before it queued any webhook: the match task, handed out again, queues them.
"""

from __future__ import annotations

import json
import os
import threading
import time

import feedparser
import psycopg2
import pytest
import redis
from django.conf import settings

from alerts import services
from alerts.models import Delivery, Notification, Subscription
from events.models import Event
from events.services.articles import article_submit
from ingest.tasks import process_article_task
from tests.conftest import requires_services
from tests.reliability.test_ingest_faults import CeleryProcess

pytestmark = [requires_services, pytest.mark.services, pytest.mark.django_db(transaction=True)]

WEBHOOK_TIMEOUT = 0.5  # seconds; the claim on an attempt lasts 2 × this + 10 (services.delivery_lease)


@pytest.fixture
def start_worker(transactional_db, worker_env, tmp_path):
    # After the test database exists: worker_env names it (DATABASE_URL) for the workers.
    env = {
        **worker_env,
        "INGEST_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ALERTS_WEBHOOK_TIMEOUT": str(WEBHOOK_TIMEOUT),
        "ALERTS_WEBHOOK_BACKOFF_SECONDS": "0.2",
        "CELERY_VISIBILITY_TIMEOUT": "1",  # a killed worker's message is handed out again within a second
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",  # at the next sweep of the unacked set
    }
    started: list[CeleryProcess] = []

    def start(name: str) -> CeleryProcess:
        args = ["worker", "-Q", "extract,fetch,celery", "--pool", "prefork", "--concurrency", "1"]
        args += ["--without-gossip", "--without-mingle", "--hostname", f"{name}-{os.getpid()}@%h"]
        worker = CeleryProcess(env, tmp_path / f"{name}.log", args)
        started.append(worker)
        worker.wait_for_log(" ready.", timeout=90)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _own_connection():
    """A psycopg2 connection of our own to the test database (its transactions are not the test's)."""
    db = settings.DATABASES["default"]
    return psycopg2.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )


def _lock_evidence():
    """Hold an ACCESS EXCLUSIVE lock on events_evidence (an open transaction): payloads wait, matching does not."""
    conn = _own_connection()
    with conn.cursor() as cursor:
        cursor.execute("LOCK TABLE events_evidence IN ACCESS EXCLUSIVE MODE")
    return conn


def _sessions_waiting_on_a_lock() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _until(condition, timeout: float, what: str, worker: CeleryProcess | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        log = worker.output()[-3000:] if worker else ""
        assert time.monotonic() < deadline, f"no {what} after {timeout}s\n{log}"
        time.sleep(0.2)


def _ingest_sample_here(sample_text: str) -> set[int]:
    """Ingest the sample article in this process (its commit queues the match task); return its Iraqi events."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()  # this test's broker database: no message (or unacked one) left by an earlier run
    article = article_submit(text=sample_text, published=None)
    broker.flushdb()  # its processing message: the ingest runs here, so the worker's first task is the match
    assert process_article_task.apply(args=(article.pk,)).get() == "done"
    expected = set(Event.objects.filter(location__country_code="IQ").values_list("pk", flat=True))
    assert len(expected) >= 2, "the sample article yields several Iraqi events"
    return expected


def _assert_each_sent_once(receiver, notifications: set[int], secrets: dict[int, str]) -> list[int]:
    """Check one signed POST per notification and no other; return the events they carried."""
    sent = [int(headers["x-alerts-notification"]) for headers, _ in receiver.requests]
    assert sorted(sent) == sorted(notifications), "each notification sent exactly once"
    events = []
    for headers, body in receiver.requests:
        payload = json.loads(body)
        secret = secrets[payload["subscription"]]
        signature = services.sign(secret=secret, timestamp=headers["x-alerts-timestamp"], body=body)
        assert headers["x-alerts-signature"] == f"sha256={signature}"
        assert payload["change"] == "created"
        events.append(payload["id"])
    assert set(Notification.objects.filter(pk__in=notifications).values_list("status", flat=True)) == {
        Notification.Status.DELIVERED
    }
    assert sorted(Delivery.objects.values_list("notification_id", "status_code")) == [
        (pk, 200) for pk in sorted(notifications)
    ]
    return events


def test_worker_killed_between_match_and_send_delivers_each_webhook_exactly_once(
    start_worker, receiver, analyst, sample_text, client
):
    subscription = services.subscription_create(
        owner=analyst, name="Iraq", query="country=IQ", webhook_url=receiver.url
    )
    expected = _ingest_sample_here(sample_text)

    lock = _lock_evidence()
    try:
        first = start_worker("first")
        _until(lambda: Notification.objects.count() == len(expected), 60, "notifications", first)
        _until(lambda: Notification.objects.filter(claimed_until__isnull=False).exists(), 30, "claim", first)
        _until(lambda: _sessions_waiting_on_a_lock() == 1, 30, "worker waiting on the lock", first)
        assert receiver.requests == [], "something was sent before the kill"
        first.kill_all()  # kill -9: the main process and its pool child
    finally:
        lock.rollback()
        lock.close()

    claimed = Notification.objects.filter(claimed_until__isnull=False).get()
    assert claimed.attempts == 0
    assert not Delivery.objects.exists()
    # The killed worker's claim must run out before anyone may attempt that notification again.
    time.sleep(max(0.0, (claimed.claimed_until.timestamp() - time.time()) + 0.5))
    second = start_worker("second")
    _until(lambda: len(receiver.requests) >= len(expected), 60, "webhooks", second)
    time.sleep(3.0)  # a duplicate would arrive now: redelivered messages, the repeated match

    notifications = set(Notification.objects.values_list("pk", flat=True))
    delivered = _assert_each_sent_once(receiver, notifications, {subscription.pk: subscription.secret})
    assert sorted(delivered) == sorted(expected)
    assert "deliver_webhook_task[" in second.output()
    feed = feedparser.parse(client.get(f"/alerts/feed/{subscription.feed_token}/").content)
    assert {int(e.id.removeprefix("event-")) for e in feed.entries} == expected


def test_worker_killed_after_recording_notifications_before_queueing_them_sends_each_once(
    start_worker, receiver, analyst, sample_text
):
    hooks = [
        services.subscription_create(owner=analyst, name=f"hook {n}", query="country=IQ", webhook_url=receiver.url)
        for n in range(2)
    ]
    Subscription.objects.bulk_create(
        Subscription(owner=analyst, name=f"feed {n}", query="country=IQ") for n in range(50)
    )
    expected = _ingest_sample_here(sample_text)
    owed = Subscription.objects.count() * len(expected)

    # Stop the worker right after its notifications commit, at its next read of the table:
    # `row` holds an uncommitted row with the key of one the match inserts, so that insert waits;
    # `table` then queues for an ACCESS EXCLUSIVE lock behind it. Once `row` lets go the insert
    # commits, `table` gets its lock, and the read that would queue the webhooks waits on it.
    row, table = _own_connection(), _own_connection()
    locked = threading.Thread(
        target=lambda: table.cursor().execute("LOCK TABLE alerts_notification IN ACCESS EXCLUSIVE MODE")
    )
    try:
        with row.cursor() as cursor:
            cursor.execute(
                "INSERT INTO alerts_notification (subscription_id, event_id, change, status, attempts, is_emailed,"
                " created_at) VALUES (%s, %s, 'created', 'pending', 0, false, now())",
                [hooks[-1].pk, max(expected)],
            )
        first = start_worker("first")
        _until(lambda: _sessions_waiting_on_a_lock() == 1, 60, "the match's insert waiting", first)
        locked.start()
        _until(lambda: _sessions_waiting_on_a_lock() == 2, 30, "the table lock queued", first)
        row.rollback()
        locked.join(timeout=30)
        assert not locked.is_alive(), "the table lock was not granted"
        _until(lambda: _sessions_waiting_on_a_lock() == 1, 30, "the worker's next read waiting", first)
        first.kill_all()  # kill -9: the rows are committed, not one webhook is queued
    finally:
        row.rollback()
        row.close()
        table.rollback()
        table.close()
    assert Notification.objects.count() == owed
    assert receiver.requests == []

    second = start_worker("second")  # the broker hands the match task out again: it queues what is owed
    _until(lambda: len(receiver.requests) >= 2 * len(expected), 60, "webhooks", second)
    time.sleep(3.0)  # a duplicate would arrive now

    assert Notification.objects.count() == owed
    hooked = set(Notification.objects.filter(subscription__in=hooks).values_list("pk", flat=True))
    delivered = _assert_each_sent_once(receiver, hooked, {h.pk: h.secret for h in hooks})
    assert sorted(delivered) == sorted([*expected, *expected])
