"""Leases on articles in flight, the task's ways out, and the sweep, on either database (issue 17.1)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from events.models import Article, Evidence
from ingest import broker, lifecycle, processing, tasks
from ingest.models import ArticleLease
from tests.conftest import requires_services
from tests.ingest.conftest import fixture_text

pytestmark = pytest.mark.django_db


def _queued(text: str = "", **fields) -> Article:
    return Article.objects.create(text=text or fixture_text("wire.txt"), status=Article.Status.QUEUED, **fields)


def _age(article: Article, seconds: float) -> None:
    """Make the article's lease (its last renewal) `seconds` old."""
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=seconds))


def _lease(article: Article) -> ArticleLease:
    return ArticleLease.objects.get(article=article)


def test_a_claim_takes_a_lease_that_no_second_claim_can_take_while_it_runs(settings):
    article = _queued()

    claimed = lifecycle.article_claim(article_id=article.pk)

    lease = claimed.lease
    stored = _lease(article)
    assert (stored.token, stored.takeovers) == (lease.token, 0)
    assert stored.owner.endswith(f":{os.getpid()}")
    assert lease.expires_at == claimed.article.updated_at + dt.timedelta(seconds=settings.INGEST_LEASE_SECONDS)
    assert lifecycle.article_claim(article_id=article.pk) is None
    assert lifecycle.article_lease_seconds_left(article_id=article.pk) > settings.INGEST_LEASE_SECONDS - 5


def test_a_run_out_lease_is_taken_over_and_the_old_holder_can_write_nothing(settings):
    article = _queued()
    old = lifecycle.article_claim(article_id=article.pk).lease
    _age(article, settings.INGEST_LEASE_SECONDS + 1)
    assert lifecycle.article_lease_seconds_left(article_id=article.pk) == 0

    new = lifecycle.article_claim(article_id=article.pk).lease

    assert new.token != old.token
    assert (_lease(article).token, _lease(article).takeovers) == (new.token, 1)
    # The old holder's renewal and final writes change nothing…
    assert lifecycle.article_lease_renew(lease=old) is None
    assert not lifecycle.article_mark_failed(article_id=article.pk, reason="late", lease=old)
    assert not lifecycle.article_mark_duplicate(article_id=article.pk, original_id=article.pk, lease=old)
    assert not lifecycle.article_lease_fence(lease=old)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PROCESSING
    # …the new holder's do.
    assert lifecycle.article_lease_fence(lease=new)
    assert lifecycle.article_mark_failed(article_id=article.pk, reason="its own", lease=new)
    assert Article.objects.get(pk=article.pk).status_reason == "its own"


def test_a_renewal_restarts_the_lease_clock(settings):
    article = _queued()
    lease = lifecycle.article_claim(article_id=article.pk).lease
    _age(article, settings.INGEST_LEASE_SECONDS - 1)

    renewed = lifecycle.article_lease_renew(lease=lease)

    assert renewed is not None
    assert renewed.renewed_at > lease.renewed_at
    assert lifecycle.article_lease_seconds_left(article_id=article.pk) > settings.INGEST_LEASE_SECONDS - 5
    assert lifecycle.article_claim(article_id=article.pk) is None


def test_a_retry_resumes_its_own_lease_and_a_requeue_starts_afresh(settings):
    article = _queued()
    lease = lifecycle.article_claim(article_id=article.pk).lease
    ArticleLease.objects.filter(article=article).update(takeovers=2)

    resumed = lifecycle.article_claim(article_id=article.pk, resume=lease.token)
    assert resumed is not None
    assert resumed.lease.takeovers == 2  # not a takeover
    assert lifecycle.article_claim(article_id=article.pk, resume="someone-else") is None

    lifecycle.article_requeue(article_id=article.pk)
    again = lifecycle.article_claim(article_id=article.pk)
    assert again.lease.takeovers == 0


def test_an_article_in_flight_from_before_leases_is_taken_over_once_as_old_as_a_lease(settings):
    article = Article.objects.create(text="Some text.", status=Article.Status.PROCESSING)
    assert lifecycle.article_claim(article_id=article.pk) is None
    _age(article, settings.INGEST_LEASE_SECONDS + 1)
    assert lifecycle.article_claim(article_id=article.pk) is not None
    assert _lease(article).takeovers == 0


def test_an_article_that_keeps_losing_its_worker_is_marked_failed(settings):
    article = _queued()
    lifecycle.article_claim(article_id=article.pk)
    ArticleLease.objects.filter(article=article).update(takeovers=lifecycle.MAX_TAKEOVERS)
    _age(article, settings.INGEST_LEASE_SECONDS + 1)

    assert processing.article_process(article_id=article.pk) == Article.Status.FAILED

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.FAILED
    assert f"lost {lifecycle.MAX_TAKEOVERS + 1} times" in stored.status_reason


def test_a_worker_whose_lease_was_taken_mid_extraction_writes_nothing(settings, monkeypatch, sample_text):
    article = _queued(sample_text, published_on=dt.date(2016, 10, 17))
    from ingest.extraction import pipeline

    real = pipeline.Pipeline.extract

    def extract_while_another_worker_takes_over(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        _age(article, settings.INGEST_LEASE_SECONDS + 1)
        assert lifecycle.article_claim(article_id=article.pk) is not None  # the sweep's task takes it over
        return result

    monkeypatch.setattr(pipeline.Pipeline, "extract", extract_while_another_worker_takes_over)

    assert tasks.process_article_task.apply(args=[article.pk]).get() == "lost"

    assert not Evidence.objects.filter(article=article).exists()
    assert Article.objects.get(pk=article.pk).status == Article.Status.PROCESSING  # the new holder's


def test_a_task_that_meets_a_dead_database_leaves_the_article_to_the_sweep(settings, monkeypatch):
    settings.INGEST_TASK_RETRIES = 1
    article = _queued()
    calls = []  # (the lease each attempt resumed, the one it claimed)

    def claim_then_lose_the_database(*, article_id, attempt):
        attempt.took(lifecycle.article_claim(article_id=article_id, resume=attempt.resume).lease)
        calls.append((attempt.resume, attempt.lease.token))
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks, "article_process", claim_then_lose_the_database)
    monkeypatch.setattr(tasks, "_database_answers", lambda: False)

    assert tasks.process_article_task.apply(args=[article.pk]).get() == "deferred"

    # The retry resumed the first attempt's lease; nothing was written, the lease runs out for the sweep.
    assert [resumed for resumed, _ in calls] == [None, calls[0][1]]
    assert calls[1][1] == _lease(article).token
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.status_reason) == (Article.Status.PROCESSING, "")
    assert _lease(article).takeovers == 0


def test_a_task_out_of_retries_records_the_failure_when_the_database_answers(settings, monkeypatch):
    settings.INGEST_TASK_RETRIES = 1
    article = _queued()

    def statement_timeout(*, article_id, attempt):
        attempt.took(lifecycle.article_claim(article_id=article_id, resume=attempt.resume).lease)
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(tasks, "article_process", statement_timeout)

    assert tasks.process_article_task.apply(args=[article.pk]).get() == Article.Status.FAILED

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.FAILED
    assert stored.status_reason.startswith("gave up after 1 retries: canceling statement")


def test_a_redelivered_task_waits_for_a_live_lease_instead_of_dropping_the_article(settings, monkeypatch):
    article = _queued()
    lifecycle.article_claim(article_id=article.pk)  # a worker holds it (and then dies)
    countdowns = []
    real_retry = tasks.process_article_task.retry

    def retry(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        if len(countdowns) == 1:  # by the time the countdown ends, the dead worker's lease has run out
            _age(article, settings.INGEST_LEASE_SECONDS + 1)
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(tasks.process_article_task, "retry", retry)

    assert tasks.process_article_task.apply(args=[article.pk]).get() == Article.Status.DONE
    assert settings.INGEST_LEASE_SECONDS - 5 < countdowns[0] <= settings.INGEST_LEASE_SECONDS + 1
    assert _lease(article).takeovers == 1


def _sweep_with_broker_holding(monkeypatch, present: set[int] | None) -> list[int]:
    sent: list[int] = []
    monkeypatch.setattr(tasks.process_article_task, "delay", sent.append)
    monkeypatch.setattr(lifecycle, "articles_in_broker", lambda name, now: present)
    assert lifecycle.articles_requeue_stale(task=tasks.process_article_task) == sent
    return sent


def test_the_sweep_sends_queued_articles_without_a_message_and_run_out_leases(settings, monkeypatch):
    settings.INGEST_SWEEP_GRACE_SECONDS = 10
    without_message = _queued("one")
    with_message = _queued("two")
    just_submitted = _queued("three")
    run_out = _queued("four")
    held = _queued("five")
    done = Article.objects.create(text="six", status=Article.Status.DONE)
    for article in (run_out, held):
        lifecycle.article_claim(article_id=article.pk)
    for article in (without_message, with_message, done):
        _age(article, 11)
    _age(run_out, settings.INGEST_LEASE_SECONDS + 1)

    sent = _sweep_with_broker_holding(monkeypatch, {with_message.pk})

    assert sent == [without_message.pk, run_out.pk]
    assert just_submitted.pk not in sent
    assert held.pk not in sent


def test_the_sweep_leaves_a_run_out_lease_alone_while_a_message_for_it_waits(settings, monkeypatch):
    article = _queued()
    lifecycle.article_claim(article_id=article.pk)
    _age(article, settings.INGEST_LEASE_SECONDS + 1)

    assert _sweep_with_broker_holding(monkeypatch, {article.pk}) == []


def test_without_a_view_of_the_broker_the_sweep_resends_queued_articles_only_after_a_long_while(settings, monkeypatch):
    settings.INGEST_REQUEUE_AFTER_MINUTES = 10
    recent = _queued("one")
    old = _queued("two")
    _age(recent, 60)
    _age(old, 11 * 60)

    assert _sweep_with_broker_holding(monkeypatch, None) == [old.pk]
    assert _sweep_with_broker_holding(monkeypatch, None) == []  # its clock restarted


def test_requeue_stale_says_clearly_that_the_broker_is_down(settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://user:secret@127.0.0.1:1/0"
    article = _queued()
    _age(article, 60 * 60)

    def refuse(article_id):
        raise BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.process_article_task, "delay", refuse)

    with pytest.raises(CommandError) as raised:
        call_command("requeue_stale")
    message = str(raised.value)
    assert message.startswith("the broker at redis://user@127.0.0.1:1/0 is unavailable")
    assert "secret" not in message
    assert "nothing was sent" in message
    assert Article.objects.get(pk=article.pk).status == Article.Status.QUEUED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the heartbeat runs on PostgreSQL (its own connection)")
@pytest.mark.django_db(transaction=True)
def test_a_long_extraction_keeps_its_lease_through_the_heartbeat(settings, monkeypatch, sample_text):
    settings.INGEST_LEASE_SECONDS = 3
    article = _queued(sample_text, published_on=dt.date(2016, 10, 17))
    from ingest.extraction import pipeline

    real = pipeline.Pipeline.extract
    seen = []

    def slow_extract(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        time.sleep(4.5)  # longer than a lease: only the heartbeat's renewals keep it
        seen.append(lifecycle.article_claim(article_id=article.pk))  # a takeover attempt
        return result

    monkeypatch.setattr(pipeline.Pipeline, "extract", slow_extract)

    assert processing.article_process(article_id=article.pk) == Article.Status.DONE
    assert seen == [None]
    assert Evidence.objects.filter(article=article).exists()


MESSAGE_IDS = (987_000_001, 987_000_002, 987_000_003, 987_000_004, 987_000_005)


@requires_services
@pytest.mark.services
def test_the_sweep_reads_which_articles_have_a_message_in_redis(settings):
    from conflict_tracker.celery import app

    waiting, retrying, held, held_for_a_retry, orphaned = MESSAGE_IDS
    tasks.process_article_task.apply_async(args=[waiting])
    tasks.process_article_task.apply_async(args=[retrying], kwargs={"lease": "abc"}, countdown=600)
    now = time.time()
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        client = channel.client
        queue = app.amqp.router.route({}, tasks.process_article_task.name)["queue"].name
        mine = [
            raw
            for raw in client.lrange(queue, 0, -1)
            if broker.article_of(raw, tasks.process_article_task.name) in MESSAGE_IDS
        ]
        template = json.loads(mine[0])
        fakes = {}
        # Delivered to a worker: just now; long ago but with a retry due later; long ago (its worker died).
        for tag, article_id, delivered, eta in (
            ("lease-test-1", held, now - 1, None),
            ("lease-test-2", held_for_a_retry, now - 3600, dt.datetime.fromtimestamp(now + 60, dt.UTC).isoformat()),
            ("lease-test-3", orphaned, now - 3600, None),
        ):
            message = json.loads(json.dumps(template))
            message["headers"]["eta"] = eta
            message["body"] = base64.b64encode(json.dumps([[article_id], {}, {}]).encode()).decode()
            fakes[tag] = delivered
            client.hset(channel.unacked_key, tag, json.dumps([message, "", queue]))
            client.zadd(channel.unacked_index_key, {tag: delivered})
        try:
            found = broker.articles_in_broker(tasks.process_article_task.name, now=now)
        finally:
            for raw in mine:
                client.lrem(queue, 0, raw)
            client.hdel(channel.unacked_key, *fakes)
            client.zrem(channel.unacked_index_key, *fakes)
    assert found is not None
    assert found & set(MESSAGE_IDS) == {waiting, retrying, held, held_for_a_retry}
