"""The README's first submission, end to end in the embedded mode (issue 18, faults 3 and 6).

`make serve HOST=… PORT=…` starts the server on the port it is given and loads the extraction
pipeline at start; the README's token steps (a user, then its token) give a token that submits;
the first submission answers, as the README shows it, within 2 s; and the article it created opens
in Chromium under its headline with its events.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from tests.conftest import ROOT, SAMPLE_ARTICLE

README = ROOT / "README.md"

pytestmark = [
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the embedded (SQLite) mode"),
    pytest.mark.skipif(shutil.which("make") is None, reason="needs make"),
]


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


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=5):  # noqa: S310 - our own server
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds:.0f}s")


def test_the_readme_submission_answers_in_2s_and_its_article_opens_titled(tmp_path, browser):
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_SUPERUSER_PASSWORD="pw-alice-first-run-1")
    _manage("migrate", "--noinput", "-v0", env=env)
    # The README's token steps, in order: a user first, then its token.
    _manage("createsuperuser", "--noinput", "--username", "alice", "--email", "alice@example.org", env=env)
    token = re.search(r"Generated token (\w+) for user alice", _manage("drf_create_token", "alice", env=env))
    assert token, "drf_create_token printed no token"

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}", f"PY={sys.executable}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # runserver's autoreloader forks: stop the whole group
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        _wait_for(f"{base}/health/", 180)
        logged = Path(log.name).read_text()
        assert "extraction pipeline loaded" in logged, logged[-3000:]

        payload = json.dumps({"text": SAMPLE_ARTICLE.read_text(encoding="utf-8"), "published": "2016-10-17"})
        request = Request(
            f"{base}/api/v1/articles/",
            data=payload.encode(),
            headers={"Authorization": f"Token {token.group(1)}", "Content-Type": "application/json"},
        )
        started = time.monotonic()
        with urlopen(request, timeout=60) as response:  # noqa: S310
            code, answer = response.status, json.loads(response.read())
        elapsed = time.monotonic() - started

        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{base}/articles/{answer['id']}/")
        heading = page.locator("h1").inner_text()
        events_linked = page.locator("a[href^='/events/']").count()
        page.goto(f"{base}/articles/")
        listed = page.locator("main").inner_text()
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    logged = Path(log.name).read_text()

    readme_code, readme_answer = _readme_answer()
    assert elapsed < 2.0, f"{elapsed:.1f}s\n{logged[-3000:]}"
    assert code == readme_code
    assert set(answer) == set(readme_answer)
    assert answer["status"] == readme_answer["status"] == "done"
    assert answer["url"] == f"{base}/api/v1/articles/{answer['id']}/"
    assert "No hostname was supplied" not in logged
    # The article the submission made opens under the headline its text opens with.
    headline = SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines()[0].strip()
    assert headline.lower() in heading.lower(), heading
    assert "Article " + str(answer["id"]) not in heading
    assert headline.lower() in listed.lower()
    assert events_linked > 0, "the submitted article lists no events"
