"""The ingest task end to end in-process: real pipeline, real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from events.models import Actor, Article, Event, Evidence, Location, Quote
from ingest.tasks import process_article_task
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def _queued(text: str, **fields) -> Article:
    return Article.objects.create(text=text, raw="", status=Article.Status.QUEUED, **fields)


def _rows() -> dict[str, list]:
    return {
        "events": sorted(Event.objects.values_list("event_type", "sub_event_type", "location__name", "date")),
        "evidence": sorted(Evidence.objects.values_list("article_id", "start", "end")),
        "quotes": sorted(Quote.objects.values_list("article_id", "start", "speaker_name")),
        "actors": sorted(Actor.objects.values_list("name", flat=True)),
        "locations": sorted(Location.objects.values_list("name", flat=True)),
    }


def test_sample_article_yields_mosul_battle_actors_places_and_quotes(sample_text):
    article = _queued(sample_text, published_on=dt.date(2016, 10, 17))

    assert process_article_task.apply(args=[article.pk]).get() == Article.Status.DONE

    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.extractor_version
    battles = Event.objects.filter(event_type="battles", location__name="Mosul")
    assert battles.exists()
    assert Location.objects.filter(name="Mosul", country_code="IQ").exists()
    actor_names = set(Actor.objects.values_list("name", flat=True))
    assert "Islamic State" in actor_names
    assert Quote.objects.filter(article=article, text__startswith="The beginning of the encirclement").exists()
    evidence = Evidence.objects.filter(article=article).first()
    assert evidence is not None
    assert article.text[evidence.start : evidence.end] == evidence.sentence


def test_processing_twice_leaves_the_same_rows(sample_text):
    article = _queued(sample_text, published_on=dt.date(2016, 10, 17))
    process_article_task.apply(args=[article.pk])
    first = _rows()

    # A redelivered message for a finished article changes nothing…
    process_article_task.apply(args=[article.pk])
    assert _rows() == first
    # …and neither does a full re-run of the extraction over the same article.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED)
    process_article_task.apply(args=[article.pk])
    assert _rows() == first


def test_unprocessable_article_keeps_its_row_with_the_reason():
    article = _queued("   \n\t  ")

    process_article_task.apply(args=[article.pk])

    article.refresh_from_db()
    assert article.status in (Article.Status.FAILED, Article.Status.SKIPPED)
    assert article.status_reason
    assert Article.objects.filter(pk=article.pk).exists()


def test_task_for_a_missing_article_returns_quietly():
    assert process_article_task.apply(args=[987654]).get() == "missing"


def test_editor_locked_fatalities_survive_a_rerun(sample_text):
    article = _queued(sample_text, published_on=dt.date(2016, 10, 17))
    process_article_task.apply(args=[article.pk])
    event = Event.objects.filter(evidence__article=article).first()
    assert event is not None
    event.fatalities = 42
    event.locked_fields = ["fatalities"]
    event.save()

    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED)
    process_article_task.apply(args=[article.pk])

    event.refresh_from_db()
    assert event.fatalities == 42
    assert event.evidence.filter(article=article).exists()


# The processing task was renamed process_article -> process_article_task in Python only: the name
# Celery registers, which every queued or retrying message in the broker carries, stays the same.
def test_the_processing_task_keeps_the_registered_name_queued_messages_and_events_use():
    from events.services.articles import PROCESS_ARTICLE_TASK

    assert process_article_task.name == PROCESS_ARTICLE_TASK == "ingest.tasks.process_article"


def test_django_setup_alone_registers_the_ingest_tasks_without_autodiscovery():
    # A fresh process, as the web server is: nothing imports ingest.tasks but IngestConfig.ready.
    code = (
        "import django; django.setup(); from celery import current_app; "
        "print(sorted(n for n in current_app.tasks if n.startswith('ingest.')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "conflict_tracker.settings"}
    env.pop("CELERY_BROKER_URL", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(
        [
            "ingest.tasks.poll_due_feeds_task",
            "ingest.tasks.poll_feed_task",
            "ingest.tasks.process_article",
            "ingest.tasks.requeue_stale_articles_task",
            "ingest.tasks.retry_failed_articles_task",
        ]
    )
