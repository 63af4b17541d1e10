"""Celery entry points of the ingest app; each takes ids and delegates to ingest.processing, ingest.lifecycle or ingest.feeds.

The tasks import those modules, never the reverse: the only module that needs a task object is
the sweep (lifecycle.articles_requeue_stale), and it is handed one. IngestConfig.ready imports
this module, so the tasks are registered in every process that sets Django up: events queues
process_article_task by its registered name (events never imports ingest), eager mode included.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection

from events.models import Article
from ingest import lifecycle
from ingest.feeds import feed_poll, feeds_poll_due
from ingest.models import Feed
from ingest.processing import Attempt, LeaseLost, article_process

logger = logging.getLogger(__name__)

# Only failures that a later attempt can fix are retried: the database or broker blinking.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# A task that finds the article under another worker's live lease checks again when that lease
# runs out, this many times at most; then it leaves the article to its holder, or to the sweep.
LEASE_WAITS = 20


# The name a broker's messages carry stays what it was before the function took the _task suffix
# (queued and retrying messages, task_routes and events.services.articles.PROCESS_ARTICLE_TASK use it).
@shared_task(name="ingest.tasks.process_article", bind=True, acks_late=True, reject_on_worker_lost=True)
def process_article_task(self: Task[Any, Any], article_id: int, lease: str | None = None) -> str:
    """Extract events, actors, places and quotes from one article and store them.

    `lease` is the token of the lease an earlier attempt of this task held (its retry resumes it).
    Every way out leaves the article final, or re-queueable by the sweep: `queued`, or in flight
    under a lease that runs out.
    """
    attempt = Attempt(article_id, resume=lease)
    try:
        status = article_process(article_id=article_id, attempt=attempt)
    except LeaseLost as exc:
        logger.warning("%s; its new holder finishes it", exc)
        return "lost"
    except TRANSIENT_ERRORS as exc:
        return _after_transient_error(self, attempt, exc)
    except SoftTimeLimitExceeded:
        return _record_failure(attempt, "processing exceeded its time limit")
    except Exception as exc:  # bad input or a pipeline bug: keep the row, record why, don't retry
        logger.exception("article %s failed", article_id)
        return _record_failure(attempt, f"{type(exc).__name__}: {exc}")
    if status in lifecycle.IN_FLIGHT:
        return _wait_for_lease(self, article_id, status)
    return status


def _after_transient_error(task: Task[Any, Any], attempt: Attempt, exc: Exception) -> str:
    """Retry with back-off under the same lease; out of retries, record the failure if the database answers."""
    # A connection the server killed stays broken for the rest of the task: drop it, so the retry
    # (and the checks below) reconnect.
    _drop_broken_connection()
    retries = task.request.retries
    token = attempt.lease.token if attempt.lease else attempt.resume
    if retries < settings.INGEST_TASK_RETRIES:
        countdown = get_exponential_backoff_interval(factor=2, retries=retries, maximum=300, full_jitter=True)
        logger.warning("article %s: %s; retry %d in %.0fs", attempt.article_id, exc, retries + 1, countdown)
        try:
            raise task.retry(
                args=(attempt.article_id,), kwargs={"lease": token}, exc=exc, countdown=countdown, max_retries=None
            )
        except Retry:
            raise
        except Exception as publish_error:  # the broker is down too: nothing can carry the retry
            logger.warning("article %s: retry not sent (%s); left to the sweep", attempt.article_id, publish_error)
            return "deferred"
    if not _database_answers():
        # Nothing can be recorded: the article stays queued (the claim never ran) or in flight under a
        # lease that runs out, and the sweep sends it again once the database is back.
        logger.warning(
            "article %s: database unavailable after %d retries (%s); left to the sweep",
            attempt.article_id,
            retries,
            exc,
        )
        return "deferred"
    return _record_failure(attempt, f"gave up after {retries} retries: {exc}")


def _record_failure(attempt: Attempt, reason: str) -> str:
    """Mark the article failed if it is still this attempt's (or was never claimed); keep it re-queueable otherwise."""
    try:
        if attempt.lease is None:
            # Never claimed: only a row still waiting is this task's to mark.
            changed = lifecycle.article_fail_unclaimed(article_id=attempt.article_id, reason=reason)
        else:
            changed = lifecycle.article_mark_failed(article_id=attempt.article_id, reason=reason, lease=attempt.lease)
    except TRANSIENT_ERRORS as exc:
        _drop_broken_connection()
        logger.warning(
            "article %s: could not record the failure (%s): %s; left to the sweep", attempt.article_id, exc, reason
        )
        return "deferred"
    if not changed:
        logger.warning("article %s: not marked failed, another worker holds it: %s", attempt.article_id, reason)
        return "lost"
    return Article.Status.FAILED


def _database_answers() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except TRANSIENT_ERRORS:
        _drop_broken_connection()
        return False


def _drop_broken_connection() -> None:
    """Close this process's connection if it is broken; not inside a caller's transaction (an eager task)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _wait_for_lease(task: Task[Any, Any], article_id: int, status: str) -> str:
    """Another worker's lease holds the article: check again when it runs out (it may have died)."""
    if task.request.retries >= LEASE_WAITS:
        logger.info("article %s still %s under another lease; left to its holder and the sweep", article_id, status)
        return status
    try:
        left = lifecycle.article_lease_seconds_left(article_id=article_id)
    except TRANSIENT_ERRORS as exc:  # the holder's lease runs out all the same, and the sweep sends it
        _drop_broken_connection()
        logger.warning("article %s: lease not read (%s); left to its holder and the sweep", article_id, exc)
        return status
    if left is None:  # finished meanwhile: claim again at once, which reads the final status
        left = 0.0
    countdown = min(left, settings.INGEST_LEASE_SECONDS) + 1
    try:
        raise task.retry(args=(article_id,), kwargs={}, countdown=countdown, max_retries=None)
    except Retry:
        raise
    except Exception as publish_error:
        logger.warning("article %s: lease check not sent (%s); left to the sweep", article_id, publish_error)
        return status


@shared_task(name="ingest.tasks.poll_due_feeds_task", acks_late=True, ignore_result=True)
def poll_due_feeds_task() -> int:
    """Poll every feed that is due (run by Celery beat); return how many new entries were queued."""
    results = feeds_poll_due()
    return sum(r.new_entries for r in results)


@shared_task(name="ingest.tasks.poll_feed_task", acks_late=True, ignore_result=True)
def poll_feed_task(feed_id: int, force: bool = True) -> int:
    """Poll one feed now (the admin's "poll now"); return how many new entries were queued."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return 0
    return feed_poll(feed=feed, force=force).new_entries


@shared_task(name="ingest.tasks.retry_failed_articles_task", ignore_result=True)
def retry_failed_articles_task(article_ids: list[int] | None = None) -> int:
    """Requeue failed articles (all when article_ids is None); for callers that look tasks up by name."""
    return len(lifecycle.article_retry(article_ids))


@shared_task(name="ingest.tasks.requeue_stale_articles_task", ignore_result=True)
def requeue_stale_articles_task() -> int:
    """Send lost articles to processing again (run by Celery beat); return how many were sent."""
    return len(lifecycle.articles_requeue_stale(task=process_article_task))
