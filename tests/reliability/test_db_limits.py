"""Database time limits by who opens the connection, and the client-side deadline (dblimits.py)."""

from __future__ import annotations

import time

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from conflict_tracker import dblimits
from conflict_tracker.middleware import DatabaseLimitsMiddleware, database_unreachable

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")


def _connect() -> dblimits.LimitedConnection:
    conn = psycopg2.connect(**connection.get_connection_params())
    assert isinstance(conn, dblimits.LimitedConnection)
    return conn


def _statement_timeout(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_postgresql_connections_get_the_connect_timeout_and_the_limited_classes(monkeypatch):
    from conflict_tracker import settings as settings_module

    options = settings_module.DATABASES["default"].get("OPTIONS", {})
    if settings_module.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        assert options["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
        assert options["connection_factory"] is dblimits.LimitedConnection
        assert options["cursor_factory"] is dblimits.LimitedCursor


@on_postgresql
def test_a_connection_opened_by_a_command_has_no_statement_timeout():
    conn = _connect()
    try:
        assert _statement_timeout(conn) == "0"
        assert conn.wait_limit is None
    finally:
        conn.close()


@on_postgresql
def test_a_connection_opened_by_a_web_request_gets_the_web_limit(settings):
    settings.DB_STATEMENT_TIMEOUT = 2.5
    with dblimits.web_request():
        conn = _connect()
    try:
        assert _statement_timeout(conn) == "2500ms"
        assert conn.wait_limit == 2.5 + dblimits.GRACE_SECONDS
    finally:
        conn.close()


@on_postgresql
def test_a_connection_opened_by_a_worker_task_gets_the_longer_worker_limit(settings, monkeypatch):
    settings.DB_WORKER_STATEMENT_TIMEOUT = 60
    monkeypatch.setattr(dblimits, "_in_worker_task", lambda: True)
    conn = _connect()
    try:
        assert _statement_timeout(conn) == "1min"
    finally:
        conn.close()


@on_postgresql
def test_the_statement_timeout_keeps_options_given_in_the_database_url():
    dsn = psycopg2.extensions.make_dsn(dbname="ct", options="-c search_path=public")
    merged = psycopg2.extensions.parse_dsn(dblimits._with_statement_timeout(dsn, 3))
    assert merged["options"] == "-c search_path=public -c statement_timeout=3000"


@on_postgresql
def test_a_call_past_its_deadline_is_cut_off_by_the_client():
    """A server that never answers: here one busy in pg_sleep, with no statement_timeout to stop it."""
    conn = _connect()
    try:
        with dblimits.wait_cap(0.5), conn.cursor() as cursor:
            started = time.monotonic()
            with pytest.raises(psycopg2.OperationalError, match="did not answer within 0.5s"):
                cursor.execute("SELECT pg_sleep(5)")
            elapsed = time.monotonic() - started
        assert 0.4 < elapsed < 1.5
        assert conn.closed
    finally:
        conn.close()


@on_postgresql
def test_a_call_within_its_deadline_is_untouched():
    conn = _connect()
    try:
        with dblimits.wait_cap(2), conn.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2), 7")
            assert cursor.fetchone()[1] == 7
        assert not conn.closed
        assert not dblimits.WATCHDOG._armed
    finally:
        conn.close()


@on_postgresql
def test_a_cancelled_statement_counts_as_the_database_being_unavailable():
    from django.db import OperationalError

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        with pytest.raises(OperationalError) as raised:
            cursor.execute("SELECT pg_sleep(1)")
    assert dblimits.statement_timed_out(raised.value)
    assert database_unreachable(raised.value)


def test_the_middleware_marks_the_request_for_the_web_limits(settings):
    settings.DB_STATEMENT_TIMEOUT = 3
    seen = []

    def view(request):
        seen.append(dblimits.statement_timeout_for_new_connection())
        return HttpResponse("ok")

    DatabaseLimitsMiddleware(view)(RequestFactory().get("/"))
    assert seen == [3.0]
    assert dblimits.statement_timeout_for_new_connection() is None  # outside a request again


def test_a_zero_web_limit_means_none(settings):
    settings.DB_STATEMENT_TIMEOUT = 0
    with dblimits.web_request():
        assert dblimits.statement_timeout_for_new_connection() is None
