"""A frozen PostgreSQL (every server process SIGSTOPped) is answered with 503 within seconds.

A stopped server refuses connections at once; a frozen one accepts them (the kernel completes the
handshake) and then never answers, and the kernel still acknowledges what is sent on a kept
connection, so only the client's own limits end the wait: libpq's connect_timeout for a new
connection and the deadline of conflict_tracker/dblimits.py for a kept one. The test
freezes a private cluster (tests/reliability/pg_cluster.py) under a running gunicorn, never the
shared server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflict_tracker.middleware import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from tests.reliability.pg_cluster import (
    BIN,
    ROOT,
    Cluster,
    Web,
    http_request,
    manage_shell,
    private_cluster,
    running_gunicorn,
    stack_env,
)

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # refused at once: the broker is not what is tested
LIMIT_SECONDS = 5.0
PATHS = [
    ("/events/", "text/html"),
    ("/api/v1/events/", "application/json"),
    ("/api/v1/events/?format=csv", "text/csv"),
    ("/health/", "application/json"),
]

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with private_cluster("ct_frozen") as instance:
        yield instance


@pytest.fixture(scope="module")
def web(cluster, tmp_path_factory) -> Iterator[Web]:
    static = tmp_path_factory.mktemp("frozen-static")
    env = stack_env(
        cluster,
        broker_url=UNREACHABLE_BROKER,
        DB_CONNECT_TIMEOUT="3",
        DB_STATEMENT_TIMEOUT="3",
        STATIC_ROOT=str(static),  # DEBUG is off: pages need the collected, hashed assets
    )
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    with running_gunicorn(env, tmp_path_factory.mktemp("frozen-web")) as server:
        yield server


def _server_pids(cluster: Cluster) -> list[int]:
    """The postmaster and every process under it (backends, checkpointer, …)."""
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    pids, todo = [], [postmaster]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            todo += [int(child) for child in children.read_text().split()]
    return pids


@contextlib.contextmanager
def frozen(cluster: Cluster) -> Iterator[None]:
    pids = _server_pids(cluster)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def _timed(web: Web, path: str, accept: str):
    started = time.monotonic()
    reply = http_request(web, "GET", path, accept=accept)
    return reply, time.monotonic() - started


@pytest.mark.parametrize(("path", "accept"), PATHS)
def test_a_frozen_database_gives_503_with_retry_after_within_5_seconds(cluster, web, path, accept):
    warm, _ = _timed(web, path, accept)
    assert warm.status == 200, warm  # the worker now holds a connection it will reuse
    timings = []
    with frozen(cluster):
        # First on the kept connection (the client deadline), then on a new one (connect_timeout).
        for attempt in ("kept connection", "new connection"):
            reply, elapsed = _timed(web, path, accept)
            timings.append((attempt, round(elapsed, 2)))
            assert reply.status == 503, (attempt, reply)
            assert reply.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert elapsed < LIMIT_SECONDS, (attempt, elapsed)
            if path != "/health/":
                body = reply.body if isinstance(reply.body, str) else reply.body["detail"]
                assert DATABASE_UNAVAILABLE in body
    print(f"\n{path}: 503 after {timings}")  # noqa: T201 - the figure the issue asks for
    # Thawed, the same gunicorn worker answers again at once.
    reply, _ = _timed(web, path, accept)
    assert reply.status == 200, reply
    assert web.proc.poll() is None


def test_a_statement_over_the_web_limit_is_cancelled_and_answered_503(cluster, web):
    import psycopg2

    assert http_request(web, "GET", "/api/v1/events/").status == 200
    # Hold a lock the event list needs: its query waits, and the server cancels it at 3 s.
    locker = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname=cluster.db_name)
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE events_event IN ACCESS EXCLUSIVE MODE")
            reply, elapsed = _timed(web, "/api/v1/events/", "application/json")
    finally:
        locker.rollback()
        locker.close()
    assert reply.status == 503, reply
    assert reply.body["detail"] == DATABASE_UNAVAILABLE
    assert reply.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert 2.5 < elapsed < LIMIT_SECONDS
    assert http_request(web, "GET", "/api/v1/events/").status == 200


def test_a_management_command_connection_has_no_statement_timeout(cluster):
    env = stack_env(cluster, broker_url=UNREACHABLE_BROKER)
    script = "from django.db import connection\nc = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    assert manage_shell(env, script) == "0"
