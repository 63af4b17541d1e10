"""PostgreSQL restarts under a running worker and web server: both reconnect by themselves.

The machine's shared PostgreSQL (port 5432) is used by other suites at the same time, so these
tests start a private cluster of their own (initdb into a temporary directory, a free port, trust
auth), migrate it, and run a real Celery worker and a real gunicorn against it and the Redis
broker the suite is given. Then they restart or stop that cluster while both keep running.

What production relies on here: in gunicorn, CONN_MAX_AGE (conflict_tracker/settings.py) keeps
one connection per worker across requests, and conn_health_checks=True makes Django test that
reused connection before the first query of a request, so a connection the server killed is
replaced instead of failing the request. The Celery worker keeps its connection from task to task
the same way (conflict_tracker/celery.py runs close_old_connections around each task, which drops a
broken or too old one and health-checks the rest before the task's first query). A task that does meet a dead
database retries with backoff (ingest/tasks.py), and the requeue sweep sends articles that are
still queued again (ingest.lifecycle.articles_requeue_stale).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import SAMPLE_ARTICLE
from tests.reliability.pg_cluster import (
    BIN,
    ROOT,
    Cluster,
    Web,
    http_request,
    manage_shell,
    private_cluster,
    running_gunicorn,
    stop_process,
    submitter_token,
)
from tests.reliability.pg_cluster import stack_env as migrated_env

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not (settings.CELERY_BROKER_URL or "").startswith("redis://"),
        reason="needs CELERY_BROKER_URL=redis://… (a real broker for the worker)",
    ),
]

SHORT_ARTICLE = (
    "Militants of Boko Haram attacked a military base near Maiduguri in Borno State on Sunday, "
    "killing four soldiers, the army said on Monday."
)

# Not a near-duplicate of the others (it would be skipped as one).
OUTAGE_ARTICLE = (
    "Police fired tear gas at protesters in Baghdad's Tahrir Square on Friday, and two demonstrators "
    "died of their wounds, a medical source said."
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with private_cluster("ct_pg_restart") as instance:
        yield instance


@pytest.fixture(scope="module")
def stack_env(cluster) -> dict[str, str]:
    """The environment of every subprocess: the private cluster, the suite's Redis broker, no eager tasks."""
    # The sweep (sent by the test, as beat would) may requeue an article at once.
    return migrated_env(cluster, broker_url=settings.CELERY_BROKER_URL, INGEST_REQUEUE_AFTER_MINUTES="0")


@pytest.fixture(scope="module")
def api_token(stack_env) -> str:
    return submitter_token(stack_env, "restart-submitter")


@pytest.fixture(scope="module")
def worker(stack_env, tmp_path_factory) -> Iterator[tuple[subprocess.Popen, Path]]:
    """One Celery worker process (solo pool: the tasks run in this very process) on every queue."""
    from conflict_tracker.celery import app

    hostname = f"pg-restart-{os.getpid()}@{socket.gethostname()}"
    log_path = tmp_path_factory.mktemp("pg-restart") / "worker.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "celery"),
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
            "--hostname",
            hostname,
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=stack_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not app.control.ping(destination=[hostname], timeout=1.0):
            if proc.poll() is not None:
                raise AssertionError(f"celery worker exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError("celery worker did not become ready")
        yield proc, log_path
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture(scope="module")
def web(stack_env, tmp_path_factory) -> Iterator[Web]:
    with running_gunicorn(stack_env, tmp_path_factory.mktemp("pg-restart-web")) as server:
        yield server


def _get(web: Web, path: str) -> tuple[int, dict | str]:
    reply = http_request(web, "GET", path)
    return reply.status, reply.body


def _request(web: Web, method: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict | str]:
    reply = http_request(web, method, path, body, token)
    return reply.status, reply.body


def _submit(web: Web, token: str, text: str) -> int:
    status, body = _request(web, "POST", "/api/v1/articles/", {"text": text, "published": "2016-10-17"}, token)
    assert status == 202, (status, body)
    return body["id"]


def _wait_done(cluster: Cluster, article_id: int, timeout: float = 180, nudge: Callable[[], None] | None = None) -> str:
    deadline = time.monotonic() + timeout
    status = None
    next_nudge = time.monotonic() + 15
    while time.monotonic() < deadline:
        rows = None
        with contextlib.suppress(Exception):  # the database may be coming back
            rows = cluster.query("SELECT status, status_reason FROM events_article WHERE id = %s", (article_id,))
        if rows:
            status, reason = rows[0]
            if status in ("done", "failed", "skipped"):
                assert status == "done", (status, reason)
                return status
        if nudge is not None and time.monotonic() > next_nudge:
            nudge()
            next_nudge = time.monotonic() + 15
        time.sleep(0.5)
    raise AssertionError(f"article {article_id} still {status} after {timeout}s")


def _until_ok(web: Web, path: str, tries: int = 10) -> list[int]:
    """GET ``path`` until it answers 200 (a second apart at most); return every status seen."""
    seen = []
    for _ in range(tries):
        status, _body = _get(web, path)
        seen.append(status)
        if status == 200:
            return seen
        time.sleep(1)
    raise AssertionError(f"{path} did not recover: {seen}")


def _worker_pid(worker_proc: subprocess.Popen) -> int:
    from conflict_tracker.celery import app

    stats = app.control.inspect(timeout=2.0).stats() or {}
    pids = [s["pid"] for name, s in stats.items() if name.startswith("pg-restart-")]
    assert pids == [worker_proc.pid], stats.keys()
    return pids[0]


def test_worker_and_web_reconnect_after_a_postgres_restart(cluster, worker, web, api_token):
    worker_proc, worker_log = worker
    web_pids = web.worker_pids()
    assert len(web_pids) == 1, web_pids

    # Both work, and both hold a connection to the cluster the restart will cut.
    status, health = _get(web, "/health/")
    assert (status, health["status"], health["database"]["ok"]) == (200, "ok", True), health
    assert _get(web, "/api/v1/events/")[0] == 200
    first = _submit(web, api_token, SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert _wait_done(cluster, first) == "done", worker_log.read_text()[-3000:]
    pid_before = _worker_pid(worker_proc)
    events_before = cluster.query("SELECT count(*) FROM events_event")[0][0]
    assert events_before > 0

    cluster.restart()

    # The same gunicorn worker answers again at once: its connection, dead since the restart, is
    # health-checked and replaced before the first query (conn_health_checks=True).
    health_statuses = _until_ok(web, "/health/")
    api_statuses = _until_ok(web, "/api/v1/events/")
    assert health_statuses == [200], f"first requests after the restart: /health/ {health_statuses}"
    assert api_statuses == [200], f"first requests after the restart: /api/v1/events/ {api_statuses}"
    status, body = _get(web, "/api/v1/events/")
    assert status == 200
    assert body["results"], body
    assert web.worker_pids() == web_pids, "gunicorn replaced its worker instead of reconnecting"
    status, health = _get(web, "/health/")
    assert health["database"]["ok"], health

    # The same Celery worker process processes an article submitted after the restart, at the
    # first attempt: its task opens a fresh connection.
    log_start = worker_log.stat().st_size
    second = _submit(web, api_token, SHORT_ARTICLE)
    assert _wait_done(cluster, second, timeout=120) == "done", worker_log.read_text()[-3000:]
    assert " retry: " not in worker_log.read_text(errors="replace")[log_start:]
    assert worker_proc.poll() is None
    assert _worker_pid(worker_proc) == pid_before
    assert cluster.query("SELECT count(*) FROM events_event")[0][0] > events_before


def test_an_article_whose_task_meets_a_stopped_database_is_processed_when_it_returns(cluster, stack_env, worker, web):
    """The database is down when the worker takes the task: it retries, and the article ends done."""
    from conflict_tracker.celery import app

    worker_proc, worker_log = worker
    pid_before = _worker_pid(worker_proc)
    # Stored, but its task not sent yet: the test sends it once the database is down.
    script = (
        "from events.models import Article\n"
        f"print(Article.objects.create(text={OUTAGE_ARTICLE!r}, status='queued').pk)\n"
    )
    article_id = int(manage_shell(stack_env, script))
    log_start = worker_log.stat().st_size

    cluster.stop()
    try:
        # The web server says so, and does not hang or die.
        status, health = _get(web, "/health/")
        assert status == 503, (status, health)
        assert health["database"]["ok"] is False
        # An answer that says so, not a server error (events/api/exceptions.py).
        status, body = _get(web, "/api/v1/events/")
        assert status == 503, (status, body)
        assert body["detail"] == "The database is unavailable; try again shortly."

        app.send_task("ingest.tasks.process_article", args=[article_id])
        deadline = time.monotonic() + 30
        while "OperationalError" not in worker_log.read_text(errors="replace")[log_start:]:
            assert time.monotonic() < deadline, worker_log.read_text()[log_start:][-3000:]
            time.sleep(0.3)
        time.sleep(2)  # down a little longer: the first retries meet it too
    finally:
        cluster.start()

    # The task's retries (backoff) or, failing those, the requeue sweep that beat runs bring it through.
    def sweep() -> None:
        app.send_task("ingest.tasks.requeue_stale_articles_task")

    assert _wait_done(cluster, article_id, timeout=240, nudge=sweep) == "done", worker_log.read_text()[-3000:]
    assert worker_proc.poll() is None
    assert _worker_pid(worker_proc) == pid_before
    assert _until_ok(web, "/health/") == [200]
