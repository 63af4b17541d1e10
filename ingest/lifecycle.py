"""The article's lifecycle in the database: claim it under a lease, keep the lease, mark the outcome, requeue.

Every state change of an article between "queued" and a final state goes through this module:

* ``article_claim`` moves a queued article (or one whose lease ran out) to fetching/processing
  under a new lease; ``article_lease_renew`` keeps the lease while the work runs, and
  ``article_lease_fence`` tells, inside the writer's transaction, whether it is still the holder;
* ``article_store_fetched``, ``article_mark_duplicate``, ``article_mark_failed`` and
  ``article_fail_unclaimed`` record an outcome; the persist step (``ingest.persist``) marks the
  article done in the same transaction as its rows, behind the fence;
* ``article_requeue``, ``article_retry`` and the sweep ``articles_requeue_stale`` send it round again.

The Celery tasks call this module, never the reverse: the sweep is handed the task it resends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from events.models import Article
from events.services.articles import article_reextract
from ingest.broker import articles_in_broker
from ingest.models import ArticleLease

if TYPE_CHECKING:
    from celery import Task

    from ingest.fetch import Document

logger = logging.getLogger(__name__)

IN_FLIGHT = (Article.Status.FETCHING, Article.Status.PROCESSING)
# An article whose worker was lost mid-article this many times since it was queued (killed, out of
# memory, over the hard time limit) is marked failed instead of being taken over once more.
MAX_TAKEOVERS = 5


@dataclass(frozen=True)
class Lease:
    """The claim a worker holds on an article: its token, when it was last renewed, the takeovers before it."""

    article_id: int
    token: str
    renewed_at: dt.datetime
    takeovers: int = 0

    @property
    def expires_at(self) -> dt.datetime:
        return self.renewed_at + lease_length()


@dataclass(frozen=True)
class Claim:
    """A claimed article as it stands after the claim, and the lease its claimer holds."""

    article: Article
    lease: Lease


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=settings.INGEST_LEASE_SECONDS)


def _lease_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


# article_claim in one round trip. `old` locks the article and reads its state; `claimed` moves it
# on if it is claimable: queued, or in flight with a lease that ran out (last renewed before
# `stale_before`), or in flight under the caller's own lease (`resume`: a retry of its task).
# The decision reads only the locked article row, which PostgreSQL re-reads after waiting for a
# concurrent claimer: of two claimers exactly one wins. `lease` writes the new token; a resume
# whose lease another claimer took meanwhile (the joined lease row may predate that) writes
# nothing there, and the claim returns no row.
_CLAIM_SQL = """
    WITH old AS (
        SELECT a.id, a.status, a.updated_at, l.token
        FROM events_article a LEFT JOIN ingest_articlelease l ON l.article_id = a.id
        WHERE a.id = %(article_id)s
        FOR UPDATE OF a
    ), claimed AS (
        UPDATE events_article a
        SET status = CASE WHEN a.url IS NOT NULL AND a.raw = '' AND a.text = '' THEN %(fetching)s ELSE %(processing)s END,
            status_reason = '',
            updated_at = %(now)s
        FROM old
        WHERE a.id = old.id AND (
            old.status = %(queued)s
            OR (old.status IN (%(fetching)s, %(processing)s)
                AND (old.updated_at < %(stale_before)s OR old.token = %(resume)s))
        )
        RETURNING {columns}, old.status AS old_status,
            COALESCE(old.status <> %(queued)s AND old.token = %(resume)s, false) AS resumed
    ), lease AS (
        INSERT INTO ingest_articlelease AS l (article_id, token, owner, claimed_at, takeovers)
        SELECT id, %(token)s, %(owner)s, %(now)s, 0 FROM claimed
        ON CONFLICT (article_id) DO UPDATE SET
            token = EXCLUDED.token, owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at,
            takeovers = CASE
                WHEN (SELECT old_status FROM claimed) = %(queued)s THEN 0
                WHEN (SELECT resumed FROM claimed) THEN l.takeovers
                ELSE l.takeovers + 1
            END
        WHERE NOT (SELECT resumed FROM claimed) OR l.token = %(resume)s
        RETURNING takeovers
    )
    SELECT claimed.*, lease.takeovers FROM claimed, lease
"""


def article_claim(*, article_id: int, resume: str | None = None) -> Claim | None:
    """Mark a claimable article as fetching (URL only) or processing under a new lease; return the
    claim, or None if another worker's lease holds it or it is not waiting (done, failed, …).

    `resume` is the token of a lease the caller held before (a retry of the same task): it may
    claim again while that lease runs. An article in flight whose lease ran out (its worker died)
    is taken over.
    """
    stale_before = timezone.now() - lease_length()
    if connection.vendor == "postgresql":
        return _claim_returning(article_id=article_id, stale_before=stale_before, resume=resume)
    return _claim_orm(article_id=article_id, stale_before=stale_before, resume=resume)


def _claim_orm(*, article_id: int, stale_before: dt.datetime, resume: str | None = None) -> Claim | None:
    now = timezone.now()
    with transaction.atomic():
        old = Article.objects.filter(pk=article_id).values_list("status", "updated_at").first()
        if old is None:
            return None
        old_status, updated_at = old
        held = ArticleLease.objects.filter(article_id=article_id).first()
        resumed = old_status in IN_FLIGHT and held is not None and resume is not None and held.token == resume
        if not (
            old_status == Article.Status.QUEUED or (old_status in IN_FLIGHT and (updated_at < stale_before or resumed))
        ):
            return None
        # Only a URL was submitted: the page has to be fetched before anything can be extracted.
        needs_fetch = Q(url__isnull=False, raw="", text="")
        status = Case(When(needs_fetch, then=Value(Article.Status.FETCHING)), default=Value(Article.Status.PROCESSING))
        changed = Article.objects.filter(pk=article_id, status=old_status, updated_at=updated_at).update(
            status=status, status_reason="", updated_at=now
        )
        if not changed:
            return None
        if old_status == Article.Status.QUEUED or held is None:
            takeovers = 0
        else:
            takeovers = held.takeovers if resumed else held.takeovers + 1
        lease = Lease(article_id, uuid.uuid4().hex, now, takeovers)
        ArticleLease.objects.update_or_create(
            article_id=article_id,
            defaults={"token": lease.token, "owner": _lease_owner(), "claimed_at": now, "takeovers": takeovers},
        )
    return Claim(Article.objects.get(pk=article_id), lease)


def _claim_returning(*, article_id: int, stale_before: dt.datetime, resume: str | None = None) -> Claim | None:
    fields = Article._meta.concrete_fields
    sql = _CLAIM_SQL.format(columns=", ".join("a." + connection.ops.quote_name(f.column or f.attname) for f in fields))
    now = timezone.now()
    token = uuid.uuid4().hex
    params: dict[str, Any] = {
        "article_id": article_id,
        "now": now,
        "stale_before": stale_before,
        "resume": resume or "",
        "token": token,
        "owner": _lease_owner(),
        "queued": Article.Status.QUEUED,
        "fetching": Article.Status.FETCHING,
        "processing": Article.Status.PROCESSING,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    article = Article.from_db(connection.alias, [f.attname for f in fields], list(row[: len(fields)]))
    return Claim(article, Lease(article_id, token, now, row[-1]))


# A renewal touches the article's updated_at, the lease's clock, while the lease is still the caller's.
_RENEW_SQL = """
    UPDATE events_article SET updated_at = %s
    WHERE id = %s AND status IN (%s, %s)
        AND EXISTS (SELECT 1 FROM ingest_articlelease WHERE article_id = %s AND token = %s)
"""


def article_lease_renew(*, lease: Lease) -> Lease | None:
    """Extend a lease the caller still holds by INGEST_LEASE_SECONDS from now; None if it was lost.

    A renewal racing a takeover may extend the new holder's lease instead: harmless, and the old
    holder's final write is refused by article_lease_fence all the same.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_RENEW_SQL, [now, lease.article_id, *IN_FLIGHT, lease.article_id, lease.token])
        renewed = cursor.rowcount
    return dataclasses.replace(lease, renewed_at=now) if renewed else None


def article_lease_fence(*, lease: Lease) -> bool:
    """Inside the caller's transaction: lock the article, and say whether the caller's lease still holds it.

    Two statements on purpose: a takeover changes the article row and the lease row together, so
    once this transaction holds the article's row lock, a fresh read of the lease sees every
    takeover that happened, and none can happen until the caller commits (the takeover's claim
    then finds the article finished). One joined statement could read a lease row older than the lock.
    """
    lock = "SELECT 1 FROM events_article WHERE id = %s AND status IN (%s, %s)"
    if connection.features.has_select_for_update:
        lock += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(lock, [lease.article_id, *IN_FLIGHT])
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT token FROM ingest_articlelease WHERE article_id = %s", [lease.article_id])
        row = cursor.fetchone()
    return row is not None and row[0] == lease.token


def article_lease_seconds_left(*, article_id: int) -> float | None:
    """Seconds until the lease on an article in flight runs out (0 if it has); None if it is not in flight."""
    updated_at = (
        Article.objects.filter(pk=article_id, status__in=IN_FLIGHT).values_list("updated_at", flat=True).first()
    )
    if updated_at is None:
        return None
    return max(0.0, (updated_at + lease_length() - timezone.now()).total_seconds())


def _held_by(lease: Lease | None) -> Q:
    """Rows a final write may change: any (no lease given), or only those still in flight under `lease`."""
    if lease is None:
        return Q()
    return Q(status__in=IN_FLIGHT) & Q(
        Exists(ArticleLease.objects.filter(article_id=OuterRef("pk"), token=lease.token))
    )


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


def article_mark_duplicate(
    *, article_id: int, original_id: int, similarity: float | None = None, lease: Lease | None = None
) -> bool:
    """Skip an article that repeats an already processed one; the link makes it an extra source.

    With `lease`, only while that lease holds the article; return whether the row changed.
    """
    if similarity is None or similarity >= 0.9995:
        reason = f"duplicate of article {original_id}"
    else:
        reason = f"near-duplicate of article {original_id} (similarity {similarity:.2f})"
    return bool(
        Article.objects.filter(_held_by(lease), pk=article_id).update(
            status=Article.Status.SKIPPED, status_reason=reason, duplicate_of_id=original_id, updated_at=timezone.now()
        )
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


def article_mark_failed(
    *, article_id: int, reason: str, status: str = Article.Status.FAILED, lease: Lease | None = None
) -> bool:
    """Record why an article could not be processed; the row and its text are kept.

    With `lease`, only while that lease holds the article (a worker that lost it to another
    must not overwrite the new holder's work); return whether the row changed.
    """
    return bool(
        Article.objects.filter(_held_by(lease), pk=article_id).update(
            status=status, status_reason=reason[:2000], updated_at=timezone.now()
        )
    )


def article_fail_unclaimed(*, article_id: int, reason: str) -> bool:
    """Mark an article failed that no attempt ever claimed, if it is still waiting; return whether it changed."""
    return bool(
        Article.objects.filter(pk=article_id, status=Article.Status.QUEUED).update(
            status=Article.Status.FAILED, status_reason=reason[:2000], updated_at=timezone.now()
        )
    )


def article_requeue(*, article_id: int) -> None:
    """Put an article back in the queue (its task is sent by the caller)."""
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.QUEUED, status_reason="", updated_at=timezone.now()
    )


class BrokerUnavailable(Exception):
    """The broker could not be read or written; `sent` says which articles went out before it failed."""

    def __init__(self, message: str, sent: list[int]):
        super().__init__(message)
        self.sent = sent


# At most this many articles are sent a sweep (broker.SCAN_LIMIT bounds the messages read to tell
# which are missing; a longer queue is a backlog, whose articles are resent only after
# INGEST_REQUEUE_AFTER_MINUTES).
SWEEP_BATCH = 5000


def articles_requeue_stale(*, task: Task[Any, Any], queued_for: dt.timedelta | None = None) -> list[int]:
    """Send `task` (the processing task) again for articles whose message is missing; return their ids.

    Submitting an article stores it `queued` and then sends its message; this sweep (Celery beat,
    every INGEST_SWEEP_SECONDS) is the delivery guarantee. It sends the task again for

    * articles `queued` for at least `queued_for` (INGEST_SWEEP_GRACE_SECONDS) whose message is not
      in the broker: never sent (the broker was down at submission), lost (Redis restarted), or
      consumed by a task that gave up while the database was down;
    * articles `fetching`/`processing` whose lease ran out (their worker died, or gave up while the
      database was down): the claim of the task sent takes them over.

    A message counts as in the broker while it waits in the queue, or is held by a worker that is
    running it, waiting for its retry's countdown, or received it less than a lease ago. When the
    broker's messages cannot be read (eager mode, another transport, a backlog over
    broker.SCAN_LIMIT), `queued` articles are resent only after INGEST_REQUEUE_AFTER_MINUTES (or
    `queued_for`, when given), and their clock restarts. A duplicate message is harmless: the
    claim lets one run through. Raise BrokerUnavailable if the broker cannot be reached.

    The task is a parameter because the tasks module imports this one: the sweep's own task, and
    the requeue_stale command, hand it the processing task.
    """
    now = timezone.now()
    grace = queued_for if queued_for is not None else dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS)
    queued = set(
        Article.objects.filter(status=Article.Status.QUEUED, updated_at__lt=now - grace)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    expired = set(
        Article.objects.filter(status__in=IN_FLIGHT, updated_at__lt=now - lease_length())
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if not (queued or expired):
        return []
    try:
        present = articles_in_broker(task.name, now=time.time())
    except Exception as exc:
        raise BrokerUnavailable(f"cannot read the broker's queue: {exc}", []) from exc
    known = present is not None
    if present is None:
        # Cannot tell which messages exist: a queued article counts as lost only after a long while.
        if queued_for is None:
            queued_for = dt.timedelta(minutes=settings.INGEST_REQUEUE_AFTER_MINUTES)
        queued = _queued_before(queued, now - queued_for)
        present = set()
    sent: list[int] = []
    for article_id in sorted((queued | expired) - present):
        try:
            task.delay(article_id)
        except Exception as exc:  # the broker went away: the rows stay as they are for the next sweep
            raise BrokerUnavailable(f"cannot send to the broker: {exc}", sent) from exc
        sent.append(article_id)
    if sent and not known:
        # Restart the clock, so the next sweep leaves a message that waits in a long backlog alone.
        Article.objects.filter(pk__in=sent, status=Article.Status.QUEUED).update(updated_at=timezone.now())
    if sent:
        logger.warning(
            "sweep: sent %d article(s) again (%d queued without a message, %d with a lease that ran out): %s",
            len(sent),
            len(set(sent) & queued),
            len(set(sent) & expired),
            sent[:50],
        )
    return sent


def _queued_before(ids: set[int], before: dt.datetime) -> set[int]:
    return set(
        Article.objects.filter(pk__in=ids, status=Article.Status.QUEUED, updated_at__lt=before).values_list(
            "pk", flat=True
        )
    )
