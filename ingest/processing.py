"""Take one stored article through fetching, the duplicate/quality gate and extraction."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import QuerySet

from events.models import Article
from events.services.articles import content_hash
from ingest import dedupe, lifecycle
from ingest.extraction.language import looks_english
from ingest.fetch import FetchError, extract_html, fetch_article
from ingest.known_actors import known_actors
from ingest.persist import article_persist_result

logger = logging.getLogger(__name__)

# How many recent articles a new one is compared with; syndicated copies arrive within days.
NEAR_DUPLICATE_WINDOW = 5000
# dedupe.prefilter over _recent_originals, done by PostgreSQL: the Hamming distance of two SimHashes
# stored as 16 hex digits (bit_count of a bit string needs PostgreSQL 14). Written out rather than
# compiled from the queryset, which cost the worker another ~1 ms an article; the tests hold the two
# to the same answer. Its inner WHERE is the predicate of the partial index events migration 0011 adds.
_NEAR_DUPLICATE_CANDIDATES_SQL = """
    SELECT id FROM (
        SELECT id, bit_count(('x' || fingerprint)::bit(64) # ('x' || %(fingerprint)s)::bit(64)) AS distance
        FROM events_article
        WHERE fingerprint <> '' AND duplicate_of_id IS NULL AND id <> %(article_id)s
        ORDER BY id DESC
        LIMIT %(window)s
    ) AS recent
    WHERE distance <= %(max_bits)s
    ORDER BY distance, id
"""
# The exact-copy check, written out: through the ORM it cost ~0.45 ms of CPU, this way ~0.06 ms.
_SAME_CONTENT_SQL = (
    "SELECT id, duplicate_of_id FROM events_article WHERE content_hash = %s AND id <> %s ORDER BY id LIMIT 1"
)
ENGLISH_CODES = ("en", "eng")
# Shingle sets of near-duplicate candidates, per process. Wire copies and template-heavy feeds
# bring the same ~15 originals up for article after article, and re-reading and re-shingling each
# cost ~0.4 ms. Keyed by (id, updated_at): every write of an article's raw or text sets
# updated_at, so an edited candidate is a miss, never a stale hit.
CANDIDATE_SHINGLES_CACHE_SIZE = 512
_candidate_shingles_cache: OrderedDict[tuple[int, datetime], set[str]] = OrderedDict()
_candidate_shingles_lock = threading.Lock()
_LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p\b)", re.IGNORECASE)


def _main_text(article: Article) -> str:
    """Return the article's plain main text, extracting it from HTML when only that is stored."""
    if article.text:
        return article.text
    if article.raw and _LOOKS_LIKE_HTML.match(article.raw):
        return extract_html(article.raw).text
    return article.raw


def _declared_language(article: Article) -> str:
    if article.language:
        return article.language
    if article.raw and _LOOKS_LIKE_HTML.match(article.raw):
        return extract_html(article.raw).language
    return ""


def _recent_originals(article_id: int) -> QuerySet[Article]:
    """Return the window a new article is compared with: the latest fingerprinted originals but itself."""
    return (
        Article.objects.exclude(pk=article_id)
        .exclude(fingerprint="")
        .filter(duplicate_of__isnull=True)
        .order_by("-pk")[:NEAR_DUPLICATE_WINDOW]
    )


def near_duplicate_candidates(*, article_id: int, fp: str) -> list[int]:
    """Return the ids in the window whose fingerprint is close to `fp`, closest first (see dedupe.prefilter)."""
    if not fp:
        return []
    if connection.vendor == "postgresql":
        return _near_duplicate_candidates_in_postgresql(article_id=article_id, fp=fp)
    return dedupe.prefilter(fp, _recent_originals(article_id).values_list("pk", "fingerprint"))


def _near_duplicate_candidates_in_postgresql(*, article_id: int, fp: str) -> list[int]:
    # Fetching 5,000 fingerprints to compare them in Python cost the worker ~10 ms an article; the
    # database scores the same window in a few ms and returns the handful of ids that pass.
    params: dict[str, Any] = {
        "fingerprint": fp,
        "article_id": article_id,
        "window": NEAR_DUPLICATE_WINDOW,
        "max_bits": dedupe.PREFILTER_MAX_BITS,
    }
    with connection.cursor() as cursor:
        cursor.execute(_NEAR_DUPLICATE_CANDIDATES_SQL, params)
        return [pk for (pk,) in cursor.fetchall()]


def _candidate_shingles(ids: list[int]) -> list[tuple[int, set[str]]]:
    """Return (id, shingles of the main text) of these articles in id order, from the cache where it can."""
    keys = list(Article.objects.filter(pk__in=ids).values_list("pk", "updated_at"))
    with _candidate_shingles_lock:
        missing = [pk for pk, updated_at in keys if (pk, updated_at) not in _candidate_shingles_cache]
    computed = {}
    if missing:
        # updated_at is read again with the text: an edit between the two reads is cached under
        # its own key, and the newer text decides, as it would have with one read.
        for candidate in Article.objects.filter(pk__in=missing).only("pk", "raw", "text", "updated_at"):
            computed[(candidate.pk, candidate.updated_at)] = dedupe.shingles(_main_text(candidate))
    found: dict[int, set[str]] = {}
    with _candidate_shingles_lock:
        cache = _candidate_shingles_cache
        for key in keys:
            if key in cache:
                cache.move_to_end(key)
                found[key[0]] = cache[key]
        for key, grams in computed.items():
            cache[key] = found[key[0]] = grams
        while len(cache) > CANDIDATE_SHINGLES_CACHE_SIZE:
            cache.popitem(last=False)
    return sorted(found.items())


def _same_content(digest: str, article_id: int) -> tuple[int, int | None] | None:
    """Return (id, duplicate_of_id) of the first other article with this content hash, if any."""
    with connection.cursor() as cursor:
        cursor.execute(_SAME_CONTENT_SQL, [digest, article_id])
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def _gate(article: Article, lease: lifecycle.Lease | None = None) -> str | None:
    """Skip what should not be extracted (too short, not English, a copy); return the skip reason.

    Otherwise store the content hash and fingerprint that let later copies find this article.
    """
    text = _main_text(article)
    words = dedupe.words(text)
    min_words = int(getattr(settings, "INGEST_MIN_WORDS", 20))
    if len(words) < min_words:
        return f"too short: {len(words)} words (minimum {min_words})"
    language = _declared_language(article).lower()
    if language and not language.startswith(ENGLISH_CODES):
        return f"not English (language {language})"
    if not looks_english(words):
        return "not English (too few English words)"

    digest = content_hash(text)
    same = _same_content(digest, article.pk)
    if same is not None:
        lifecycle.article_mark_duplicate(article_id=article.pk, original_id=same[1] or same[0], lease=lease)
        return "duplicate"

    # Only articles that passed this gate carry a fingerprint; one whose extraction failed still
    # counts, as its copies would fail alike and a retry of the original covers them.
    mine = dedupe.word_shingles(words)
    fp = dedupe.shingles_fingerprint(mine)
    threshold = float(getattr(settings, "INGEST_NEAR_DUPLICATE_THRESHOLD", dedupe.DEFAULT_THRESHOLD))
    close_ids = near_duplicate_candidates(article_id=article.pk, fp=fp)
    if close_ids:
        for candidate_id, theirs in _candidate_shingles(close_ids):
            score = dedupe.jaccard(mine, theirs)
            if score >= threshold:
                lifecycle.article_mark_duplicate(
                    article_id=article.pk, original_id=candidate_id, similarity=score, lease=lease
                )
                return "duplicate"

    updates = {"fingerprint": fp}
    if article.content_hash is None:
        updates["content_hash"] = digest
    # One statement is atomic by itself, and a failed one leaves an autocommit connection usable:
    # a transaction of its own cost two more round trips. Inside a caller's transaction a
    # savepoint still keeps the unique-key failure from aborting it.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            Article.objects.filter(pk=article.pk).update(**updates)
    except IntegrityError:
        # The same text was stored by another row between the check and this write.
        same = _same_content(digest, article.pk)
        if same is None:
            raise
        lifecycle.article_mark_duplicate(article_id=article.pk, original_id=same[0], lease=lease)
        return "duplicate"
    article.fingerprint = fp
    return None


class LeaseLost(Exception):
    """Another worker took the article over (this one's lease ran out): stop, write nothing more."""


@dataclass
class Attempt:
    """One run of the pipeline over one article, and the lease it holds once it has claimed it.

    `resume` is the token of the lease an earlier attempt of the same task held (a retry): the
    claim may take that lease back while it runs. The task reads `lease` after a failure, to
    retry under it or to record the failure only if the article is still its own.
    """

    article_id: int
    resume: str | None = None
    lease: lifecycle.Lease | None = None
    renewed: float = 0.0  # time.monotonic() of the last renewal
    lost: bool = False

    def took(self, lease: lifecycle.Lease) -> None:
        self.lease, self.renewed = lease, time.monotonic()

    def held(self) -> lifecycle.Lease:
        """Return the lease this attempt holds (it claimed the article); raise LeaseLost if it holds none."""
        if self.lease is None:
            raise LeaseLost(f"article {self.article_id}: no lease held")
        return self.lease

    def renew_if_due(self) -> None:
        """Renew the lease if a third of it has passed since the last renewal; raise LeaseLost if it was taken."""
        if self.lost:
            raise LeaseLost(f"article {self.article_id}: lease lost to another worker")
        if self.lease is None or time.monotonic() - self.renewed < settings.INGEST_LEASE_SECONDS / 3:
            return
        renewed = lifecycle.article_lease_renew(lease=self.lease)
        if renewed is None:
            self.lost = True
            raise LeaseLost(f"article {self.article_id}: lease lost to another worker")
        self.took(renewed)


@contextmanager
def _heartbeat(attempt: Attempt) -> Iterator[None]:
    """Renew the attempt's lease from a thread every third of a lease while the block runs (a long extraction).

    The thread opens a database connection of its own only when it first renews, and closes it on
    its way out: an extraction shorter than a third of a lease costs nothing. Not inside a caller's
    transaction (eager tasks in tests), whose rows another connection cannot see, nor on SQLite.
    """
    if attempt.lease is None or connection.vendor == "sqlite" or connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.INGEST_LEASE_SECONDS / 3):
                try:
                    renewed = lifecycle.article_lease_renew(lease=attempt.held())
                except Exception:  # the database blinked: the next beat, or the fence, will tell
                    logger.warning("article %s: lease renewal failed", attempt.article_id, exc_info=True)
                    continue
                if renewed is None:
                    attempt.lost = True
                    logger.warning("article %s: lease lost to another worker mid-extraction", attempt.article_id)
                    return
                attempt.took(renewed)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"lease-{attempt.article_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def article_fetch(*, article: Article, lease: lifecycle.Lease | None = None) -> bool:
    """Fetch the page of a URL-only article; return False (and mark it failed) if that fails."""
    started = time.perf_counter()
    try:
        document = fetch_article(article.url or "")
    except FetchError as exc:
        lifecycle.article_mark_failed(article_id=article.pk, reason=f"fetch failed: {exc}", lease=lease)
        logger.info("article %s: fetch failed: %s", article.pk, exc)
        return False
    lifecycle.article_store_fetched(article=article, document=document)
    logger.info("article %s fetched from %s in %.2fs", article.pk, document.url, time.perf_counter() - started)
    return True


def article_prepare(*, article_id: int, attempt: Attempt | None = None) -> Article | str:
    """Claim one article, fetch it if only its URL is known and skip copies.

    Return the article, ready for extraction, or its status when there is nothing to extract:
    final (fetch failed, skipped, …), or `fetching`/`processing` when another worker's lease
    holds it (the task waits for that lease). `attempt` receives the lease.
    """
    attempt = attempt or Attempt(article_id)
    claim = lifecycle.article_claim(article_id=article_id, resume=attempt.resume)
    if claim is None:
        status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
        logger.info("article %s not claimable (status %s)", article_id, status)
        return status or "missing"
    article, lease = claim.article, claim.lease
    attempt.took(lease)
    if lease.takeovers > lifecycle.MAX_TAKEOVERS:
        reason = (
            f"gave up: its worker was lost {lease.takeovers} times mid-article "
            "(killed, out of memory or over the hard time limit)"
        )
        lifecycle.article_mark_failed(article_id=article_id, reason=reason, lease=lease)
        logger.warning("article %s: %s", article_id, reason)
        return Article.Status.FAILED
    if article.status == Article.Status.FETCHING:
        if not article_fetch(article=article, lease=lease):
            return Article.Status.FAILED
        attempt.renew_if_due()
    skip = _gate(article, lease=lease)
    if skip is not None:
        if skip != "duplicate":
            lifecycle.article_mark_failed(
                article_id=article_id, reason=skip, status=Article.Status.SKIPPED, lease=lease
            )
        logger.info("article %s skipped: %s", article_id, skip)
        return Article.Status.SKIPPED
    return article


def article_process(*, article_id: int, attempt: Attempt | None = None) -> str:
    """Claim, fetch, dedupe, extract and persist one article; return the article's status.

    Raise LeaseLost if another worker took the article over meanwhile (nothing was written then).
    """
    attempt = attempt or Attempt(article_id)
    began = time.perf_counter()
    article = article_prepare(article_id=article_id, attempt=attempt)
    if isinstance(article, str):
        return article

    attempt.renew_if_due()
    started = time.perf_counter()
    source = article.raw or article.text
    # The heartbeat covers the imports too: the first article of a process loads spaCy and its model.
    with _heartbeat(attempt):
        # Imported here: spaCy is heavy, and the web process imports this module without needing it.
        from ingest.extraction.normalize import RejectedInput
        from ingest.extraction.pipeline import get_pipeline

        try:
            result = get_pipeline().extract(
                source,
                title=article.title,
                published=article.published_on.isoformat() if article.published_on else None,
                extra_actors=known_actors(),
            )
        except RejectedInput as exc:
            lifecycle.article_mark_failed(
                article_id=article_id, reason=str(exc), status=Article.Status.SKIPPED, lease=attempt.lease
            )
            return Article.Status.SKIPPED
    elapsed = time.perf_counter() - began
    if elapsed > settings.CELERY_TASK_SOFT_TIME_LIMIT:
        # Celery's soft limit is an exception raised wherever the code happens to be; a library's
        # broad `except Exception` can swallow it, so the budget is also checked here.
        reason = f"processing exceeded its time limit ({elapsed:.0f}s > {settings.CELERY_TASK_SOFT_TIME_LIMIT}s)"
        lifecycle.article_mark_failed(article_id=article_id, reason=reason, lease=attempt.lease)
        return Article.Status.FAILED
    attempt.renew_if_due()
    lease = attempt.held()
    # The fence and the write in one transaction: only the lease's holder writes, and exactly once.
    with transaction.atomic():
        if not lifecycle.article_lease_fence(lease=lease):
            attempt.lost = True
            raise LeaseLost(f"article {article_id}: lease lost to another worker before persisting")
        stats = article_persist_result(article=article, result=result)
    logger.info(
        "article %s processed in %.2fs: %d new events, %d matched, %d quotes",
        article_id,
        time.perf_counter() - started,
        stats.events_created,
        stats.events_matched,
        stats.quotes,
    )
    return Article.Status.DONE
