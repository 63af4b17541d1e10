"""A real Celery worker on the Redis broker processes an article submitted through the API."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from events.models import Actor, Article, Event, Location, Quote
from tests.conftest import requires_services

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))

pytestmark = [requires_services, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(worker_env, tmp_path):
    """Start `celery worker` as its own process against the test database; stop it afterwards."""
    db = settings.DATABASES["default"]
    env = dict(worker_env)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        # Every queue the task routes use (settings.CELERY_TASK_ROUTES), as a one-worker deployment does.
        [
            CELERY,
            "-A",
            "conflict_tracker",
            "worker",
            "-Q",
            "extract,fetch,celery",
            "--pool",
            "solo",
            "--purge",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _wait_until_ready(proc)
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _wait_until_ready(proc: subprocess.Popen, timeout: float = 120.0) -> None:
    """Block until the worker answers a ping, so its --purge cannot eat the test's message."""
    from conflict_tracker.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"celery worker exited with {proc.returncode}")
        if app.control.ping(timeout=1.0):
            return
    raise AssertionError("celery worker did not become ready")


def _wait_for(article_id: int, timeout: float = 180.0) -> Article:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        article = Article.objects.get(pk=article_id)
        if article.status in (Article.Status.DONE, Article.Status.FAILED, Article.Status.SKIPPED):
            return article
        time.sleep(0.5)
    raise AssertionError(f"article {article_id} still {article.status} after {timeout}s")


def test_submitted_article_is_processed_by_a_real_worker(celery_worker, token_client, sample_text, tmp_path):
    response = token_client.post("/api/v1/articles/", {"text": sample_text, "published": "2016-10-17"}, format="json")
    assert response.status_code == 202, response.content
    article_id = response.json()["id"]

    article = _wait_for(article_id)
    assert article.status == Article.Status.DONE, (article.status_reason, (tmp_path / "worker.log").read_text()[-3000:])
    assert Event.objects.filter(event_type="battles", location__name="Mosul").exists()
    assert Actor.objects.filter(name="Islamic State").exists()
    assert Location.objects.filter(name="Mosul", country_code="IQ").exists()
    assert Quote.objects.filter(article_id=article_id).count() >= 3

    events = token_client.get("/api/v1/events/").json()
    places = {(e.get("location") or {}).get("name") for e in events["results"]}
    assert "Mosul" in places
    detail = token_client.get(f"/api/v1/articles/{article_id}/").json()
    assert detail["status"] == "done"


def _worker_backends() -> set[int]:
    """Return the server pids of the other sessions on the test database (the worker's)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def test_worker_keeps_its_database_connection_from_one_task_to_the_next(celery_worker, tmp_path):
    from events.services.articles import article_submit

    towns = ["Kidal", "Gao", "Timbuktu", "Mopti"]
    texts = [
        f"Gunmen attacked an army post near {town} on Monday, killing {n} soldiers, officials said. "
        f"Residents of {town} said the fighting lasted {n + 1} hours before the attackers withdrew. " * 3
        for n, town in enumerate(towns, start=2)
    ]
    first = _wait_for(article_submit(text=texts[0], published="2024-05-07").pk)
    assert first.status == Article.Status.DONE, first.status_reason
    after_first = _worker_backends()
    for text in texts[1:]:
        article = _wait_for(article_submit(text=text, published="2024-05-07").pk)
        assert article.status == Article.Status.DONE, (article.status_reason, (tmp_path / "worker.log").read_text())
    # Celery's Django fixup used to close the connection after every task: a new session each time.
    assert after_first & _worker_backends(), (after_first, _worker_backends())
