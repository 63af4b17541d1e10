"""Celery entry points of the ingest app; each takes ids and delegates to a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

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
