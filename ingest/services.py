"""Article lifecycle: claim, store the fetched page, mark failed or duplicate, requeue; persist results."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from events.models import Article
from events.services import article_reextract

# Persisting a result lives in ingest.persist; callers keep importing it from here.
from ingest.persist import (  # noqa: F401
    EVENT_MATCH_DAYS,
    EVENT_MATCH_KM,
    PersistStats,
    article_persist_result,
)

if TYPE_CHECKING:
    from ingest.fetch import Document

logger = logging.getLogger(__name__)


class ArticleRejected(Exception):
    """The article cannot be processed (empty, binary, too large, …); not worth a retry."""


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


# article_claim's conditional update in one round trip: the ORM needs an UPDATE and then a SELECT.
_CLAIM_SQL = """
    UPDATE events_article
    SET status = CASE WHEN url IS NOT NULL AND raw = '' AND text = '' THEN %(fetching)s ELSE %(processing)s END,
        status_reason = '',
        updated_at = %(now)s
    WHERE id = %(article_id)s
        AND (status = %(queued)s OR (status IN (%(fetching)s, %(processing)s) AND updated_at < %(stale_before)s))
    RETURNING {columns}
"""


def article_claim(*, article_id: int) -> Article | None:
    """Mark a queued article as fetching (URL only) or processing; return it, or None if another
    worker owns it or it is done.

    A row left in `fetching`/`processing` by a worker that died is claimable again once it is
    older than the task's hard time limit (the broker redelivers the message after its
    visibility timeout).
    """
    if connection.vendor == "postgresql":
        return _claim_returning(article_id=article_id, stale_before=_stale_before())
    return _claim_orm(article_id=article_id, stale_before=_stale_before())


def _claim_orm(*, article_id: int, stale_before: dt.datetime) -> Article | None:
    in_flight = [Article.Status.FETCHING, Article.Status.PROCESSING]
    claimable = Q(status=Article.Status.QUEUED) | Q(status__in=in_flight, updated_at__lt=stale_before)
    # Only a URL was submitted: the page has to be fetched before anything can be extracted.
    needs_fetch = Q(url__isnull=False, raw="", text="")
    status = Case(When(needs_fetch, then=Value(Article.Status.FETCHING)), default=Value(Article.Status.PROCESSING))
    changed = Article.objects.filter(Q(pk=article_id) & claimable).update(
        status=status, status_reason="", updated_at=timezone.now()
    )
    return Article.objects.get(pk=article_id) if changed else None


def _claim_returning(*, article_id: int, stale_before: dt.datetime) -> Article | None:
    fields = Article._meta.concrete_fields
    sql = _CLAIM_SQL.format(columns=", ".join(connection.ops.quote_name(f.column) for f in fields))
    params = {
        "article_id": article_id,
        "now": timezone.now(),
        "stale_before": stale_before,
        "queued": Article.Status.QUEUED,
        "fetching": Article.Status.FETCHING,
        "processing": Article.Status.PROCESSING,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else Article.from_db(connection.alias, [f.attname for f in fields], list(row))


def article_store_fetched(*, article: Article, document: Document) -> Article:
    """Keep a fetched page's HTML, main text and metadata on the article and move it to processing."""
    article.raw = document.raw
    article.text = document.text
    article.title = article.title or document.title[:500]
    article.publisher = article.publisher or document.sitename[:200]
    article.language = article.language or document.language[:8]
    if article.published_on is None and document.date:
        try:
            article.published_on = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            logger.info("article %s: unreadable page date %r", article.pk, document.date)
    article.status = Article.Status.PROCESSING
    article.save(
        update_fields=["raw", "text", "title", "publisher", "language", "published_on", "status", "updated_at"]
    )
    return article


def article_mark_duplicate(*, article_id: int, original_id: int, similarity: float | None = None) -> None:
    """Skip an article that repeats an already processed one; the link makes it an extra source."""
    if similarity is None or similarity >= 0.9995:
        reason = f"duplicate of article {original_id}"
    else:
        reason = f"near-duplicate of article {original_id} (similarity {similarity:.2f})"
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.SKIPPED, status_reason=reason, duplicate_of_id=original_id, updated_at=timezone.now()
    )


def article_retry(article_ids: Iterable[int] | None = None) -> list[int]:
    """Requeue failed articles (all of them when article_ids is None) and queue their processing.

    An article that failed before its page was fetched is fetched again; one that failed later
    keeps the fetched page and is only processed again. Return the ids requeued.
    """
    failed = Article.objects.filter(status=Article.Status.FAILED)
    if article_ids is not None:
        failed = failed.filter(pk__in=list(article_ids))
    return article_reextract(article_ids=failed.values_list("pk", flat=True))


def article_mark_failed(*, article_id: int, reason: str, status: str = Article.Status.FAILED) -> None:
    """Record why an article could not be processed; the row and its text are kept."""
    Article.objects.filter(pk=article_id).update(status=status, status_reason=reason[:2000], updated_at=timezone.now())


def article_requeue(*, article_id: int) -> None:
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.QUEUED, status_reason="", updated_at=timezone.now()
    )


def articles_requeue_stale(*, queued_for: dt.timedelta | None = None) -> list[int]:
    """Send the processing task again for articles whose message was lost; return their ids.

    Lost means: still `queued` after `queued_for` (INGEST_REQUEUE_AFTER_MINUTES; the broker was
    down when the article was submitted), or `fetching`/`processing` for longer than the task's
    hard time limit (its worker died; article_claim takes such a row over). A message that was
    only slow is harmless to duplicate: the claim lets one run through and the other returns.
    """
    from ingest.tasks import process_article  # tasks import this module

    if queued_for is None:
        queued_for = dt.timedelta(minutes=settings.INGEST_REQUEUE_AFTER_MINUTES)
    stale = Article.objects.filter(
        Q(status=Article.Status.QUEUED, updated_at__lt=timezone.now() - queued_for)
        | Q(status__in=[Article.Status.FETCHING, Article.Status.PROCESSING], updated_at__lt=_stale_before())
    )
    sent = []
    for article_id in stale.order_by("pk").values_list("pk", flat=True):
        # Raises if the broker is still down: the rows stay as they are for the next sweep.
        process_article.delay(article_id)
        # Restart the clock, so the next sweep leaves a message that waits in a long backlog alone.
        Article.objects.filter(pk=article_id, status=Article.Status.QUEUED).update(updated_at=timezone.now())
        sent.append(article_id)
    if sent:
        logger.warning("requeued %d stale article(s): %s", len(sent), sent[:50])
    return sent
