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


def test_health_says_down_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from conflict_tracker.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = old
    body = response.json()
    assert response.status_code == 200  # reads still work: degraded, not down
    assert body["status"] == "degraded"
    assert body["broker"]["ok"] is False
    assert body["workers"]["ok"] is False
