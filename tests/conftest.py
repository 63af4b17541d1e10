"""Shared fixtures: API clients, users with roles, the sample article, a real Celery worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = ROOT / "sample_data" / "mosul-2016-10-17.txt"


def uses_real_services() -> bool:
    """True when the suite runs against PostgreSQL and a Redis broker (CI), not the embedded mode."""
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and bool(settings.CELERY_BROKER_URL)


requires_services = pytest.mark.skipif(
    not uses_real_services(), reason="needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…"
)


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def submitter(db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("submitter", password="pw-submitter-1")
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    return user


@pytest.fixture
def token_client(submitter):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token = Token.objects.create(user=submitter)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    codenames = [f"{verb}_{model}" for verb in ("view", "change") for model in ("event", "actor", "location", "quote")]
    codenames += ["view_article", "view_evidence", "view_actoralias", "add_actoralias", "change_actoralias"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Run queued tasks in-process, except in the tests about the real queue (marked `services`).

    Without this, a suite pointed at Redis would leave messages no worker consumes.
    """
    from conflict_tracker.celery import app

    if request.node.get_closest_marker("services"):
        yield
        return
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(scope="session")
def worker_env() -> dict[str, str]:
    """Environment for subprocesses (Celery worker, gunicorn) that must see the test database."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db.get('USER') or 'postgres'}:{db.get('PASSWORD') or ''}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}"
        )
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "conflict_tracker.settings"
    return env
