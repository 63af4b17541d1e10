"""Operations: JSON logs, check --deploy, no secrets in git, the stale sweep, backup/restore."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from conflict_tracker.logging import JsonFormatter
from events.models import Article
from tests.conftest import ROOT, requires_services
from tests.factories import ArticleFactory


def test_json_formatter_writes_one_object_a_line_with_extras_and_exception():
    record = logging.LogRecord("ingest.tasks", logging.ERROR, __file__, 1, "article %s failed", (7,), None)
    record.article_id = 7
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "ingest.tasks"
    assert entry["message"] == "article 7 failed"
    assert entry["article_id"] == 7
    assert "ValueError: boom" in entry["exception"]
    dt.datetime.fromisoformat(entry["time"])


def test_log_format_json_switches_the_stderr_handler():
    code = "import logging, django; django.setup(); logging.getLogger('probe').warning('hello %s', 'json')"
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "conflict_tracker.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "probe", "message": "hello json"}.items() <= lines[-1].items(), result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    # The browser tests allow sync ORM calls under Playwright's loop; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "k3y" * 20,
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr.replace("WARNING django", "")


SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    # The whole value a literal (a prefix joined to a random part, as in settings.py, is fine).
    "hard-coded SECRET_KEY": re.compile(r"""SECRET_KEY\s*=\s*['"][^'"]{8,}['"]\s*(?:#.*)?$""", re.MULTILINE),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
}


def test_no_secrets_in_tracked_files():
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    found = []
    for name in filter(None, files.decode().split("\0")):
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or name.startswith("tests/reliability/"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}: {what}" for what, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    assert not found


@pytest.mark.django_db
def test_requeue_stale_sends_lost_articles_again(settings, django_capture_on_commit_callbacks, monkeypatch):
    from ingest import tasks

    sent: list[int] = []
    monkeypatch.setattr(tasks.process_article_task, "delay", sent.append)
    old = timezone.now() - dt.timedelta(hours=1)
    lost = ArticleFactory(status=Article.Status.QUEUED)
    fresh = ArticleFactory(status=Article.Status.QUEUED)
    stuck = ArticleFactory(status=Article.Status.PROCESSING)
    working = ArticleFactory(status=Article.Status.PROCESSING)
    done = ArticleFactory(status=Article.Status.DONE)
    Article.objects.filter(pk__in=[lost.pk, stuck.pk, done.pk]).update(updated_at=old)

    call_command("requeue_stale")
    assert sorted(sent) == sorted([lost.pk, stuck.pk])
    assert fresh.pk not in sent
    assert working.pk not in sent
    assert tasks.requeue_stale_articles_task() == 1  # only `stuck`: `lost` got a fresh clock
    assert "requeue-stale-articles" in settings.CELERY_BEAT_SCHEDULE


@requires_services
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_every_row():
    ArticleFactory.create_batch(3)
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    result = subprocess.run(
        ["scripts/backup_restore_check.sh", url], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "row counts match" in result.stdout
    assert re.search(r"events_article 3\b", result.stdout)
