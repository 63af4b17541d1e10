"""The health endpoint reports the database, the broker and the workers."""

from __future__ import annotations

import pytest

from tests.conftest import uses_real_services

pytestmark = pytest.mark.django_db


def test_health_reports_each_part(client):
    body = client.get("/health/").json()

    assert body["database"]["ok"] is True
    assert set(body) == {"status", "database", "broker", "workers"}
    if not uses_real_services():
        assert body["broker"]["mode"] == "eager"
        assert body["status"] == "ok"


def test_health_says_degraded_when_the_broker_is_unreachable(client, monkeypatch):
    from conflict_tracker.celery import app

    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    # Celery prefers the CELERY_BROKER_URL environment variable over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", dead)
    old = app.conf.broker_url
    app.conf.broker_url = dead
    app.conf.task_always_eager = False
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = old
    body = response.json()
    assert response.status_code == 200  # reads still work: degraded, not down
    assert body["status"] == "degraded"
    assert body["broker"]["ok"] is False
    assert body["workers"]["ok"] is False
