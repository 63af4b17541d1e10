"""docker-compose.yml and .ci/run describe the same stack the suite runs against."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_fetcher_and_beat():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "fetcher", "beat"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["web"]["command"][0] == "gunicorn"
    assert "conflict_tracker.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "conflict_tracker", "worker"]
    assert services["fetcher"]["command"][:4] == ["celery", "-A", "conflict_tracker", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "conflict_tracker", "beat"]


def test_compose_app_services_point_at_the_compose_database_and_broker():
    services = _compose()["services"]
    for name in ("web", "worker", "fetcher", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert env["DEBUG"] == "0"
        assert "SECRET_KEY" in env
        assert set(services[name]["depends_on"]) == {"postgres", "redis"}


def test_ci_runs_the_readme_test_command_on_the_same_services():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "make run" in readme
    assert ci.count("make test") >= 2
    assert "postgres://" in ci
    assert "redis://" in ci


def _queues(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(","))


def test_compose_workers_consume_every_routed_queue_between_them():
    from django.conf import settings

    services = _compose()["services"]
    assert _queues(services["worker"]["command"]) == {"extract"}
    assert _queues(services["fetcher"]["command"]) == {"fetch", "celery"}
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    consumed = _queues(services["worker"]["command"]) | _queues(services["fetcher"]["command"])
    assert routed | {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")} <= consumed


def test_extraction_and_fetching_are_routed_to_their_own_queues():
    from conflict_tracker.celery import app

    def queue_of(name: str) -> str:
        route = app.amqp.router.route({}, name, args=(1,), kwargs={})
        return route["queue"].name

    assert queue_of("ingest.tasks.process_article") == "extract"
    assert queue_of("ingest.tasks.poll_due_feeds_task") == "fetch"
    assert queue_of("ingest.tasks.poll_feed_task") == "fetch"
    assert queue_of("ingest.tasks.retry_failed_articles_task") == "celery"
