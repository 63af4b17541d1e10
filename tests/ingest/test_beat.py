"""A real `celery beat` and `celery worker` poll a locally served feed: each item becomes one article."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Article
from ingest.feeds import feed_create
from ingest.models import Feed, FeedEntry
from tests.conftest import requires_services
from tests.ingest.conftest import fixture_text
from tests.ingest.test_feeds import rss

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))

pytestmark = [requires_services, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beat_and_worker(worker_env, tmp_path):
    db = settings.DATABASES["default"]
    env = dict(worker_env)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["INGEST_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    env["FEED_POLL_EVERY_SECONDS"] = "1"
    logs = []
    procs = []
    for name, args in (
        (
            "worker",
            [
                "worker",
                "-Q",
                "extract,fetch,celery",
                "--pool",
                "solo",
                "--purge",
                "--without-gossip",
                "--without-mingle",
            ],
        ),
        ("beat", ["beat", "--schedule", str(tmp_path / "beat-schedule")]),
    ):
        log = (tmp_path / f"{name}.log").open("w")
        logs.append(log)
        procs.append(
            subprocess.Popen(
                [CELERY, "-A", "conflict_tracker", *args, "--loglevel", "INFO"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    yield tmp_path
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    for log in logs:
        log.close()


def _wait(condition, what: str, logs: Path, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    tail = "\n".join((logs / f"{n}.log").read_text()[-2000:] for n in ("beat", "worker"))
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def _last_polled(feed: Feed):
    """When the feed's last poll finished (it records this, with the next due time, at its end)."""
    return Feed.objects.filter(pk=feed.pk).values_list("last_polled_at", flat=True).first()


def test_beat_polls_feed_and_items_become_articles_exactly_once(site, beat_and_worker):
    logs = beat_and_worker
    for slug in "abc":
        site.add(
            f"/news/{slug}",
            fixture_text("wire.txt" if slug == "a" else "unrelated.txt" if slug == "b" else "same_incident.txt"),
            content_type="text/plain; charset=utf-8",
        )
    site.add("/feed.xml", rss(site, [("a", "A", None), ("b", "B", None)]), content_type="application/rss+xml")
    feed = feed_create(url=site.url("/feed.xml"), poll_interval=60)

    _wait(lambda: FeedEntry.objects.filter(feed=feed).count() == 2, "the first poll", logs)
    _wait(lambda: _last_polled(feed) is not None, "the first poll to finish", logs)

    # The feed changes; make it due again twice (beat runs every second, the feed's own
    # interval is an hour) and check nothing is queued twice.
    site.add("/feed.xml", rss(site, [("b", "B", None), ("c", "C", None)]), content_type="application/rss+xml")
    for polls in (2, 3):
        before = _last_polled(feed)
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
        _wait(lambda polls=polls: site.hits("/feed.xml") >= polls, f"poll {polls}", logs)
        # A poll saves the feed's next due time as its last step: making the feed due again
        # before that would be overwritten, so wait for the poll to finish first.
        _wait(lambda before=before: _last_polled(feed) != before, f"poll {polls} to finish", logs)
    _wait(lambda: FeedEntry.objects.filter(feed=feed).count() == 3, "the new entry", logs)

    urls = sorted(Article.objects.values_list("url", flat=True))
    assert urls == [site.url(f"/news/{slug}") for slug in "abc"]
    finished = (Article.Status.DONE, Article.Status.FAILED, Article.Status.SKIPPED)
    _wait(
        lambda: Article.objects.filter(status__in=finished).count() == 3,
        "the articles to be processed",
        logs,
        timeout=180,
    )
    for article in Article.objects.all():
        assert article.text, article.status_reason
        assert not article.status_reason.startswith("fetch failed"), article.status_reason
        assert site.hits(article.url.replace(site.url(""), "")) == 1
    assert Article.objects.count() == 3
