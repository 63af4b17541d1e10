"""The sweep runs in every deployment: beat schedules it within a minute, compose runs beat and restarts what dies."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SWEEP = "ingest.tasks.requeue_stale_articles_task"


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_beat_sends_the_sweep_often_enough_to_deliver_a_stored_article_within_a_minute():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == SWEEP]
    assert len(entries) == 1
    every = entries[0]["schedule"]
    assert every == settings.INGEST_SWEEP_SECONDS
    assert every + settings.INGEST_SWEEP_GRACE_SECONDS < 60
    assert settings.INGEST_LEASE_SECONDS >= 30  # a lease renewed every third of it survives a busy database


def test_compose_runs_one_beat_and_a_worker_on_the_sweep_queue_and_restarts_what_dies():
    from conflict_tracker.celery import app

    services = _services()
    assert services["beat"]["command"][:4] == ["celery", "-A", "conflict_tracker", "beat"]
    assert "--scale" not in str(services["beat"])
    queue = app.amqp.router.route({}, SWEEP)["queue"].name
    consumers = [
        name
        for name, service in services.items()
        if "worker" in service.get("command", []) and queue in service["command"][service["command"].index("-Q") + 1]
    ]
    assert consumers == ["fetcher"]
    for name in ("postgres", "redis", "web", "worker", "fetcher", "beat"):
        assert services[name].get("restart") == "unless-stopped", name
    assert services["migrate"]["restart"] == "no"


def test_the_readme_production_section_says_beat_runs_everywhere():
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("## Production") :]
    assert "exactly one" in production
    assert "beat" in production
    assert "INGEST_SWEEP_SECONDS" in production
