"""Celery entry points of the ingest app; each takes ids and delegates to a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, close_old_connections

from ingest import services
from ingest.processing import article_process

logger = logging.getLogger(__name__)

# Only failures that a later attempt can fix are retried: the database or broker blinking.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="ingest.tasks.process_article",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def process_article(self, article_id: int) -> str:
    """Extract events, actors, places and quotes from one article and store them."""
    try:
        return article_process(article_id=article_id)
    except TRANSIENT_ERRORS as exc:
        # A connection the server killed stays broken for the rest of the task: drop it, so the
        # requeue below (and the retry's claim) reconnect instead of leaving the row `processing`.
        close_old_connections()
        if self.request.retries >= self.max_retries:
            services.article_mark_failed(article_id=article_id, reason=f"gave up after retries: {exc}")
            return "failed"
        # Let the next attempt claim the article again.
        services.article_requeue(article_id=article_id)
        raise
    except SoftTimeLimitExceeded:
        services.article_mark_failed(article_id=article_id, reason="processing exceeded its time limit")
        return "failed"
    except Exception as exc:  # bad input or a pipeline bug: keep the row, record why, don't retry
        logger.exception("article %s failed", article_id)
        services.article_mark_failed(article_id=article_id, reason=f"{type(exc).__name__}: {exc}")
        return "failed"


@shared_task(name="ingest.tasks.poll_due_feeds_task", acks_late=True, ignore_result=True)
def poll_due_feeds_task() -> int:
    """Poll every feed that is due (run by Celery beat); return how many new entries were queued."""
    from ingest.feeds import feeds_poll_due

    results = feeds_poll_due()
    return sum(r.new_entries for r in results)


@shared_task(name="ingest.tasks.poll_feed_task", acks_late=True, ignore_result=True)
def poll_feed_task(feed_id: int, force: bool = True) -> int:
    """Poll one feed now (the admin's "poll now"); return how many new entries were queued."""
    from ingest.feeds import feed_poll
    from ingest.models import Feed

    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return 0
    return feed_poll(feed=feed, force=force).new_entries


@shared_task(name="ingest.tasks.retry_failed_articles_task", ignore_result=True)
def retry_failed_articles_task(article_ids: list[int] | None = None) -> int:
    """Requeue failed articles (all when article_ids is None); for callers that look tasks up by name."""
    return len(services.article_retry(article_ids))


@shared_task(name="ingest.tasks.requeue_stale_articles_task", ignore_result=True)
def requeue_stale_articles_task() -> int:
    """Send lost articles to processing again (run by Celery beat); return how many were sent."""
    return len(services.articles_requeue_stale())
