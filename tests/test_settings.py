"""Settings come from the environment, with the embedded defaults and clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY")
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | env | {"DJANGO_SETTINGS_MODULE": "conflict_tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_is_sqlite_eager_debug():
    out = _settings()
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '["django.db.backends.sqlite3", true, true]'


def test_database_and_broker_urls_switch_to_real_services():
    out = _settings(DATABASE_URL="postgres://u@db:5432/x", CELERY_BROKER_URL="redis://r:6379/0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '["django.db.backends.postgresql", false, true]'


@pytest.mark.parametrize(
    ("env", "message"),
    [({"DEBUG": "0"}, "SECRET_KEY must be set"), ({"DEBUG": "maybe"}, "DEBUG must be a boolean")],
)
def test_bad_configuration_is_refused_with_a_clear_error(env, message):
    out = _settings(**env)
    assert out.returncode != 0
    assert message in out.stderr
