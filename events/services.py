"""Writes for the events app: article submission and editorial changes to events."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from celery import current_app
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from events.models import Article, Event

logger = logging.getLogger(__name__)

# Looked up by name: events must not import ingest (dependencies point ingest -> events).
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
    tasks[PROCESS_ARTICLE_TASK].delay(article_id)


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
    if not (text or html or url):
        raise ValidationError("Submit the article's text, its HTML or its URL.")
    if text and html:
        raise ValidationError("Submit either text or HTML, not both.")
    body = text or html
    if body is not None and not normalize_text(body):
        raise ValidationError("The submitted document is empty.")
    digest = content_hash(body) if body else None

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
                status=Article.Status.QUEUED,
            )
            # robust: a broker outage must not turn a stored submission into a 500; the row stays queued.
            transaction.on_commit(lambda: _queue_processing(article.id), robust=True)
    except IntegrityError:
        # Two clients submitted the same document at once; the other insert won.
        existing = _existing_article(url=url, digest=digest)
        if existing is None:
            raise
        return existing
    logger.info("Article %s queued (url=%s)", article.pk, url)
    return article


def event_lock_fields(*, event: Event, field_names: Iterable[str]) -> list[str]:
    """Add editable field names to the event's locked fields (in memory) and return the new list."""
    locked = list(event.locked_fields or [])
    for name in field_names:
        if name in Event.EDITABLE_FIELDS and name not in locked:
            locked.append(name)
    event.locked_fields = locked
    return locked


@transaction.atomic
def event_update_by_editor(
    *, event: Event, changes: Mapping[str, Any], user: AbstractBaseUser | AnonymousUser | None = None
) -> Event:
    """Apply an editor's changes to an event and lock every field whose value changed."""
    unknown = set(changes) - set(Event.EDITABLE_FIELDS) - {"review_status"}
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    changed: list[str] = []
    assoc_actors = changes.get("assoc_actors")
    for name, value in changes.items():
        if name == "assoc_actors":
            continue
        attname = Event._meta.get_field(name).attname
        new = value.pk if attname != name and hasattr(value, "pk") else value
        if getattr(event, attname) != new:
            setattr(event, attname, new)
            changed.append(name)
    if assoc_actors is not None:
        new_ids = {a.pk if hasattr(a, "pk") else int(a) for a in assoc_actors}
        old_ids = set(event.assoc_actors.values_list("pk", flat=True)) if event.pk else set()
        if new_ids != old_ids:
            changed.append("assoc_actors")
    event_lock_fields(event=event, field_names=changed)
    if user is not None and getattr(user, "is_authenticated", False):
        event._history_user = user  # read by simple_history when it writes the history row
    event.full_clean(exclude=["locked_fields"])
    event.save()
    if assoc_actors is not None and "assoc_actors" in changed:
        event.assoc_actors.set(new_ids)
    return event
