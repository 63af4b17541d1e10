"""What a newcomer meets first, in the embedded mode (SQLite, Celery eager): issue 18.

Counts that are right straight after an ingest, a titled sample article, an `ingest` summary that
agrees with itself, and a server that loads the pipeline at start and answers the README's first
submission, as the README shows it, within 2 s.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from django.core.management import call_command
from django.db.models import Min, Q

from events.models import Actor, Article, Event
from tests.conftest import ROOT, SAMPLE_ARTICLE

README = ROOT / "README.md"


@pytest.mark.django_db(transaction=True)
def test_embedded_ingest_shows_correct_counts_on_the_actor_page_api_and_dashboard(client, settings):
    settings.AGGREGATE_CACHE_SECONDS = 60  # as served: the cache must not hide the new article
    call_command("load_actors", stdout=StringIO())
    seeds = Actor.objects.count()
    assert client.get("/").status_code == 200  # cache the empty dashboard first

    out = StringIO()
    call_command("ingest", "--published", "2016-10-17", str(SAMPLE_ARTICLE), stdout=out)

    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    assert "summary: 1 done, 0 duplicate, 0 rejected" in out.getvalue()
    assert article.title == "ISIS ON THE RUN Jihadists flee Mosul in face of massive military operation"

    isis = Actor.objects.get(name="Islamic State")
    live = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).filter(
        Q(actor1=isis) | Q(actor2=isis) | Q(assoc_actors=isis)
    )
    expected = live.values("pk").distinct().count()
    first_seen = live.aggregate(first=Min("date"))["first"]
    assert expected > 0

    page = client.get(isis.get_absolute_url()).content.decode()
    assert re.search(rf"<dt>Events</dt><dd>{expected} ·", page), page[:3000]
    body = client.get(f"/api/v1/actors/{isis.pk}/").json()
    assert (body["event_count"], body["first_seen"]) == (expected, first_seen.isoformat())

    dashboard = client.get("/").content.decode()
    in_events = Actor.objects.filter(event_count__gt=0).count()
    assert 0 < in_events < seeds
    assert re.search(rf"<dt>Actors in events</dt><dd>{in_events}</dd>", dashboard)
    assert re.search(rf"<dt>Events</dt><dd>{Event.objects.count()}</dd>", dashboard)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _readme_answer() -> tuple[int, dict]:
    """The README's "→ 202 {…}" line under the text submission."""
    match = re.search(r"# → (\d{3}) (\{.*\})", README.read_text(encoding="utf-8"))
    assert match, "README shows no answer to the submission"
    return int(match.group(1)), json.loads(match.group(2))


def _manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the embedded (SQLite) mode")
def test_server_loads_the_pipeline_at_start_and_answers_the_readme_submission_in_2s(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_SUPERUSER_PASSWORD="pw-alice-first-run-1")
    _manage("migrate", "--noinput", "-v0", env=env)
    # The README's token steps, in order: a user first, then its token.
    _manage("createsuperuser", "--noinput", "--username", "alice", "--email", "alice@example.org", env=env)
    token = re.search(r"Generated token (\w+) for user alice", _manage("drf_create_token", "alice", env=env))
    assert token, "drf_create_token printed no token"

    port = _free_port()
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urlopen(f"http://127.0.0.1:{port}/health/", timeout=5):  # noqa: S310 - our own server
                    break
            except OSError:
                time.sleep(0.5)
        logged = Path(log.name).read_text()
        assert "extraction pipeline loaded" in logged, logged[-3000:]

        payload = json.dumps({"text": SAMPLE_ARTICLE.read_text(encoding="utf-8"), "published": "2016-10-17"})
        request = Request(
            f"http://127.0.0.1:{port}/api/v1/articles/",
            data=payload.encode(),
            headers={"Authorization": f"Token {token.group(1)}", "Content-Type": "application/json"},
        )
        started = time.monotonic()
        with urlopen(request, timeout=60) as response:  # noqa: S310
            code, answer = response.status, json.loads(response.read())
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = Path(log.name).read_text()

    readme_code, readme_answer = _readme_answer()
    assert elapsed < 2.0, f"{elapsed:.1f}s\n{logged[-3000:]}"
    assert code == readme_code
    assert set(answer) == set(readme_answer)
    assert answer["status"] == readme_answer["status"] == "done"
    assert answer["url"] == f"http://127.0.0.1:{port}/api/v1/articles/{answer['id']}/"
    assert "No hostname was supplied" not in logged
