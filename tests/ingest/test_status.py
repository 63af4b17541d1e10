"""ingest_status and retrying failed articles."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from events.models import Article
from ingest.lifecycle import article_retry
from ingest.models import Feed
from ingest.processing import article_prepare
from tests.factories import ArticleFactory
from tests.ingest.conftest import fixture_text, page

pytestmark = pytest.mark.django_db


def test_ingest_status_counts_by_status_and_lists_failures(capsys):
    ArticleFactory.create_batch(2)
    ArticleFactory(status=Article.Status.QUEUED)
    ArticleFactory(status=Article.Status.FAILED, status_reason="fetch failed: HTTP 404 from https://x.example/a")
    ArticleFactory(status=Article.Status.SKIPPED, status_reason="too short: 3 words (minimum 20)")
    Feed.objects.create(url="https://x.example/feed", error_count=2, last_error="HTTP 500")

    call_command("ingest_status")

    out = capsys.readouterr().out
    assert "done        2" in out
    assert "queued      1" in out
    assert "fetching    0" in out
    assert "total       5" in out
    assert "1 active, 1 failing" in out
    assert "fetch failed: HTTP 404" in out


def test_retry_refetches_a_failed_url_article(site, allow_localhost, django_capture_on_commit_callbacks):
    site.add("/story", "gone", status=503, content_type="text/plain")
    article = Article.objects.create(url=site.url("/story"))
    article_prepare(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "HTTP 503" in article.status_reason

    site.add("/story", page("Checkpoint attacked", fixture_text("wire.txt")))
    with django_capture_on_commit_callbacks() as queued:
        assert article_retry([article.pk]) == [article.pk]
    assert len(queued) == 1
    article.refresh_from_db()
    assert (article.status, article.status_reason) == (Article.Status.QUEUED, "")

    article_prepare(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING
    assert "Islamic State militants attacked" in article.text


def test_retry_failed_command(capsys, django_capture_on_commit_callbacks):
    failed = ArticleFactory.create_batch(3, status=Article.Status.FAILED, status_reason="boom")
    done = ArticleFactory()

    with django_capture_on_commit_callbacks():
        call_command("retry_failed", str(failed[0].pk), str(done.pk))
    captured = capsys.readouterr()
    assert "requeued 1 article(s)" in captured.out
    assert f"left alone: {done.pk}" in captured.err

    with django_capture_on_commit_callbacks() as queued:
        call_command("retry_failed", "--all")
    assert len(queued) == 2
    assert not Article.objects.filter(status=Article.Status.FAILED).exists()

    with pytest.raises(CommandError):
        call_command("retry_failed")


def test_retry_task_for_callers_outside_ingest(django_capture_on_commit_callbacks):
    from ingest.tasks import retry_failed_articles_task

    failed = ArticleFactory(status=Article.Status.FAILED, status_reason="boom")
    with django_capture_on_commit_callbacks():
        assert retry_failed_articles_task.apply(args=[[failed.pk]]).get() == 1
    failed.refresh_from_db()
    assert failed.status == Article.Status.QUEUED
