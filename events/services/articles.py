"""Writes for articles: submission (API, commands, feeds) and queueing re-extraction."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import unicodedata
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from events.canonical import InvalidURL, canonical_url
from events.documents import has_visible_text, size_refusal
from events.fields import concrete_field
from events.models import Article
from events.selectors.aggregates import aggregate_cache_expire

logger = logging.getLogger(__name__)

PROCESS_ARTICLE_TASK = "ingest.tasks.process_article"


def normalize_text(text: str) -> str:
    """Fold Unicode forms and whitespace so trivially different copies of a text hash alike."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def _existing_article(*, url: str | None, digest: str | None) -> Article | None:
    match = Q(pk__in=[])
    if url:
        match |= Q(url=url)
    if digest:
        match |= Q(content_hash=digest)
    return Article.objects.filter(match).order_by("id").first()


def _queue_processing(article_id: int) -> None:
    tasks = current_app.tasks
    if PROCESS_ARTICLE_TASK not in tasks:
        # Outside a worker Celery imports the apps' tasks modules only on demand: do it now so
        # eager mode (the embedded default) finds the task in the web process too.
        current_app.autodiscover_tasks(force=True)
    try:
        tasks[PROCESS_ARTICLE_TASK].delay(article_id)
    finally:
        # A new queued article, and in eager mode its final state: the dashboard's figures change.
        aggregate_cache_expire()


def article_submit(
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str = "",
    published: dt.date | None = None,
    publisher: str = "",
) -> Article:
    """Store a submitted article as queued and queue its processing; return the existing row for a repeat."""
    text = text or None
    html = html or None
    url = (url or "").strip() or None
    if url:
        try:
            url = canonical_url(url)
        except InvalidURL as exc:
            raise ValidationError(f"Invalid URL: {exc}") from exc
        limit = concrete_field(Article, "url").max_length
        if limit is not None and len(url) > limit:  # canonical form (percent-encoded) can grow
            raise ValidationError(f"URL too long once canonical ({len(url)} characters).")
    if not (text or html or url):
        raise ValidationError("Submit the article's text, its HTML or its URL.")
    if text and html:
        raise ValidationError("Submit either text or HTML, not both.")
    body = text or html
    if body is not None and not has_visible_text(body):
        raise ValidationError("The submitted document is empty.")
    # The one article size limit, for every way in (API, manage.py ingest, feeds): refused, not stored.
    too_large = size_refusal(body, int(settings.INGEST_MAX_BYTES))
    if too_large:
        raise ValidationError(too_large)
    digest = content_hash(body) if body else None
    refusal = ""
    if body and "\x00" in body:
        # NUL bytes mean binary data, and PostgreSQL text cannot hold them: keep a marked copy
        # of what was sent, say why, and never queue it.
        body = body.replace("\x00", "\ufffd")
        text = text and body
        refusal = "binary input (NUL bytes): not a text or HTML document"

    existing = _existing_article(url=url, digest=digest)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            article = Article.objects.create(
                url=url,
                title=title[:500],
                publisher=publisher[:200],
                published_on=published,
                raw=body or "",
                text=text or "",
                content_hash=digest,
                status=Article.Status.FAILED if refusal else Article.Status.QUEUED,
                status_reason=refusal,
            )
            if not refusal:
                # robust: a broker outage must not turn a stored submission into a 500; the row stays queued.
                transaction.on_commit(lambda: _queue_processing(article.id), robust=True)
    except IntegrityError:
        # Two clients submitted the same document at once; the other insert won.
        existing = _existing_article(url=url, digest=digest)
        if existing is None:
            raise
        return existing
    logger.info("Article %s stored (url=%s)", article.pk, url)  # in eager mode it is processed by now
    return article


def article_reextract(*, article_ids: Iterable[int]) -> list[int]:
    """Queue extraction again for stored articles (not ones in flight); return the ids queued.

    Events an editor changed keep their locked fields: the persistence step never writes them.
    """
    in_flight = [Article.Status.FETCHING, Article.Status.PROCESSING]
    with transaction.atomic():
        ids = list(
            Article.objects.select_for_update()
            .filter(pk__in=list(article_ids))
            .exclude(status__in=in_flight)
            .exclude(Q(raw="") & Q(text="") & Q(url__isnull=True))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.QUEUED, status_reason="", updated_at=timezone.now()
        )
        for pk in ids:
            transaction.on_commit(functools.partial(_queue_processing, pk), robust=True)
    logger.info("re-extraction queued for %d article(s)", len(ids))
    return ids
