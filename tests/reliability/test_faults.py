"""Faults against the real services: a killed worker, Redis down, PostgreSQL connections cut, time limits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from conflict_tracker.celery import app
from events.models import Article, Evidence
from events.services import articles as article_services
from tests.conftest import SAMPLE_ARTICLE, requires_services

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")
OTHER_REPORT = (
    "Government forces shelled rebel positions near the northern city of Aleppo on Tuesday, killing at least "
    "twelve fighters, a monitoring group said. The army said its artillery had targeted a weapons depot used by "
    "the insurgents, and that two of its soldiers were wounded in the clashes that followed.\n\n"
    "Residents reported heavy fighting through the night. Aid agencies said hundreds of families had fled the "
    "villages around the front line towards the Turkish border over the past week."
)

pytestmark = [requires_services, pytest.mark.services, pytest.mark.django_db(transaction=True)]


class Worker:
    """A `celery worker` subprocess against the test database, with extra environment."""

    def __init__(self, env: dict[str, str], log: Path, purge: bool = True, pool: str = "solo"):
        self.log = log
        self._file = log.open("a")
        args = [
            CELERY,
            "-A",
            "conflict_tracker",
            "worker",
            "-Q",
            "extract,fetch,celery",
            "--pool",
            pool,
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ]
        self.proc = subprocess.Popen(
            args + (["--purge"] if purge else []), cwd=ROOT, env=env, stdout=self._file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"worker exited: {self.output()[-2000:]}"
            if app.control.ping(timeout=1.0):
                return
        raise AssertionError("worker did not become ready")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._file.close()


@pytest.fixture
def start_worker(worker_env, tmp_path):
    db = settings.DATABASES["default"]
    base = dict(worker_env)
    base["DATABASE_URL"] = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    workers: list[Worker] = []

    def start(purge: bool = True, pool: str = "solo", **env: str) -> Worker:
        worker = Worker({**base, **env}, tmp_path / f"worker{len(workers)}.log", purge=purge, pool=pool)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def _submit(text: str) -> Article:
    return article_services.article_submit(text=text, published=None)


def _wait_for(article_id: int, statuses: set[str], timeout: float, worker: Worker | None = None) -> Article:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        article = Article.objects.get(pk=article_id)
        if article.status in statuses:
            return article
        time.sleep(0.1)
    log = worker.output()[-3000:] if worker else ""
    raise AssertionError(f"article {article_id} still {article.status} after {timeout}s\n{log}")


def _use_broker(url: str) -> None:
    """Point this process's producer at another broker (the pools are keyed by the old URL)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def test_worker_killed_mid_task_article_is_processed_exactly_once_by_the_next_worker(start_worker):
    # Short limits so the redelivered message finds the row stale within seconds; the hard limit
    # stays well above one run (model load + a three-copy article, slower on a loaded machine)
    # so the second run completes.
    hard = 40
    limits = {
        "CELERY_TASK_TIME_LIMIT": str(hard),
        "CELERY_TASK_SOFT_TIME_LIMIT": str(hard - 1),
        "CELERY_VISIBILITY_TIMEOUT": "1",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "INGEST_LEASE_SECONDS": str(hard),  # the killed worker's lease runs out when the wait below ends
    }
    first = start_worker(**limits)
    text = "\n\n".join(f"{SAMPLE}\n\n(Update {n}.)" for n in range(3))
    article = _submit(text)
    processing = _wait_for(article.pk, {"processing", "done", "failed", "skipped"}, timeout=30, worker=first)
    assert processing.status == "processing"
    time.sleep(1.5)  # into the pipeline: model load and extraction
    assert Article.objects.get(pk=article.pk).status == "processing", "the task finished before the kill"
    first.kill()

    # Redis keeps the unacked message; the claim takes the row over once its lease has run out.
    stale_at = processing.updated_at.timestamp() + hard + 1
    time.sleep(max(0.0, stale_at - time.time()))
    second = start_worker(purge=False, **limits)
    done = _wait_for(article.pk, {"done", "failed", "skipped"}, timeout=90)

    assert done.status == "done", (done.status_reason, second.output()[-3000:])
    assert f"article {article.pk} processed" not in first.output()
    assert second.output().count(f"article {article.pk} processed") == 1
    rows = list(Evidence.objects.filter(article=done).values_list("event_id", "start"))
    assert rows
    assert len(rows) == len(set(rows))


def test_redis_down_reads_work_submission_is_queued_and_swept_when_it_returns(start_worker, client, token_client):
    real = app.conf.broker_url
    _use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        assert client.get("/api/v1/events/").status_code == 200
        assert client.get("/").status_code == 200
        health = client.get("/health/")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        response = token_client.post("/api/v1/articles/", {"text": SAMPLE}, format="json")
        assert response.status_code == 202, response.content
    finally:
        _use_broker(real)
    article = Article.objects.get(pk=response.json()["id"])
    assert article.status == "queued"

    # No grace: the sweep may send an article queued a moment ago.
    worker = start_worker(INGEST_REQUEUE_AFTER_MINUTES="0", INGEST_SWEEP_GRACE_SECONDS="0")
    time.sleep(1)  # nothing arrives on its own: the message was never sent
    assert Article.objects.get(pk=article.pk).status == "queued"
    app.send_task("ingest.tasks.requeue_stale_articles_task")  # what beat sends every INGEST_SWEEP_SECONDS
    done = _wait_for(article.pk, {"done", "failed", "skipped"}, timeout=60)
    assert done.status == "done", (done.status_reason, worker.output()[-3000:])


def _kill_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_worker_survives_its_database_connections_being_killed(start_worker):
    worker = start_worker()
    first = _submit(SAMPLE)
    # Mid-task: the worker holds its connection from the claim through the extraction.
    _wait_for(first.pk, {"processing"}, timeout=30, worker=worker)
    assert _kill_other_connections() >= 1, "the worker held a connection to cut"
    done = _wait_for(first.pk, {"done", "failed", "skipped"}, timeout=60, worker=worker)
    assert done.status == "done", (done.status_reason, worker.output()[-3000:])

    # Between tasks (Celery closes connections after each task; nothing to cut is fine too).
    _kill_other_connections()
    second = _submit(OTHER_REPORT)
    done = _wait_for(second.pk, {"done", "failed", "skipped"}, timeout=60, worker=worker)
    assert done.status == "done", (done.status_reason, worker.output()[-3000:])
    assert worker.proc.poll() is None


def test_task_over_its_soft_time_limit_ends_failed_with_the_reason(start_worker):
    # The first task also loads the NLP model: far more than a one-second budget. Time limits
    # need a pool that can signal its child (prefork, as in production); the solo pool has none.
    worker = start_worker(pool="prefork", CELERY_TASK_SOFT_TIME_LIMIT="1", CELERY_TASK_TIME_LIMIT="30")
    article = _submit("\n\n".join(f"{SAMPLE}\n\n(Update {n}.)" for n in range(6)))
    failed = _wait_for(article.pk, {"done", "failed", "skipped"}, timeout=60)

    assert failed.status == "failed", worker.output()[-3000:]
    assert "time limit" in failed.status_reason
    assert worker.proc.poll() is None
