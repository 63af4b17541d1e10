"""Persist one article's extraction result: actors, places, events, evidence and quotes, in bulk.

A typical article costs a fixed couple of dozen queries however many actors and events it names
(see tests/ingest/test_persist_batch.py); per-row history is written in bulk alongside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from events.models import Article, Event, Evidence, Quote
from events.selectors.aggregates import aggregate_cache_expire
from events.services.counts import event_counts_apply
from events.signals import events_changed_on_commit
from ingest.extraction.result import ExtractionResult
from ingest.persist.actors import actors_upsert
from ingest.persist.events import EVENT_MATCH_DAYS, EVENT_MATCH_KM, delete_orphaned_events, events_persist
from ingest.persist.places import locations_upsert
from ingest.persist.rows import bulk_update, delete_with_history

__all__ = ["EVENT_MATCH_DAYS", "EVENT_MATCH_KM", "PersistStats", "article_persist_result"]

T = TypeVar("T")


# Locks the article for the rest of the transaction and reads, in the same round trip, the few
# columns the final write depends on and which rows an earlier run left: on a first extraction
# (nearly every one) the four queries that would read and replace them are skipped. Written out:
# the ORM's select_for_update().get() read the whole row, raw HTML included, for 0.3 ms of CPU.
_LOCK_SQL = """
    SELECT a.title, a.language, a.text, a.publisher,
        EXISTS (SELECT 1 FROM events_evidence WHERE article_id = a.id),
        EXISTS (SELECT 1 FROM events_quote WHERE article_id = a.id),
        EXISTS (SELECT 1 FROM events_article_actors WHERE article_id = a.id),
        EXISTS (SELECT 1 FROM events_article_locations WHERE article_id = a.id)
    FROM events_article a
    WHERE a.id = %s
"""


@dataclass(frozen=True)
class PersistStats:
    events_created: int
    events_matched: int
    quotes: int


@dataclass(frozen=True)
class _Locked:
    """The locked article as stored, and which of its rows an earlier run left."""

    article: Article
    has_evidence: bool
    has_quotes: bool
    has_actors: bool
    has_locations: bool


def _lock(article_id: int) -> _Locked:
    sql = _LOCK_SQL
    # OF: the rows the EXISTS look at are not to be locked. SQLite has no row locks.
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF a"
    elif connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id])
        row = cursor.fetchone()
    if row is None:
        raise Article.DoesNotExist(f"article {article_id} does not exist")
    title, language, text, publisher, *flags = row
    # from_db takes the values in the model's field order.
    article = Article.from_db(
        connection.alias,
        ["id", "title", "publisher", "language", "text"],
        [article_id, title, publisher, language, text],
    )
    return _Locked(article, *map(bool, flags))


def _forget_previous_extraction(locked: _Locked) -> dict[int, list[Event]]:
    """Drop what an earlier run took from this article; return {sentence start: events it supported}."""
    previous: dict[int, list[Event]] = {}
    if locked.has_evidence:
        rows = list(
            Evidence.objects.filter(article=locked.article)
            .select_related("event__location")
            .order_by("start", "event_id")
        )
        events: dict[int, Event] = {}  # one object per event, so the batch can tell them apart by identity
        for row in rows:
            previous.setdefault(row.start, []).append(events.setdefault(row.event_id, row.event))
        delete_with_history(rows)
    if locked.has_quotes:
        delete_with_history(list(Quote.objects.filter(article=locked.article)))
    return previous


@transaction.atomic
def article_persist_result(*, article: Article, result: ExtractionResult) -> PersistStats:
    """Upsert the actors, places, events and quotes of one article in one transaction."""
    locked = _lock(article.pk)
    article = locked.article
    previous = _forget_previous_extraction(locked)
    actors = actors_upsert(result.actors)
    locations = locations_upsert(result.locations)
    batch = events_persist(
        article=article, results=result.events, actors=actors, locations=locations, previous=previous
    )
    deleted = delete_orphaned_events(previous)
    # In this transaction, so the figures are right the moment the events are visible, in every
    # mode: beat's full recount only reconciles what bypassed the services (events/services/counts.py).
    event_counts_apply(batch.count_changes(deleted))
    Quote.objects.bulk_create(
        [
            Quote(
                article=article,
                text=q.text,
                speaker=actors.get(q.speaker or ""),
                speaker_name=(q.speaker or "")[:300],
                speaker_role=(q.speaker_role or "")[:300],
                cue=(q.cue or "")[:40],
                start=q.start,
                end=q.end,
            )
            for q in _unique_by_start(result.quotes)
        ]
    )
    # Without earlier links there is nothing to replace: add() skips set()'s read of the current ones.
    if locked.has_actors:
        article.actors.set(actors.values())
    else:
        article.actors.add(*actors.values())
    if locked.has_locations:
        article.locations.set(locations.values())
    else:
        article.locations.add(*locations.values())
    _finish(article, result)
    # The dashboard counts articles by state: its cached figures are stale from the commit on.
    transaction.on_commit(aggregate_cache_expire)
    events_changed_on_commit(event_ids=[e.pk for e in batch.new], change="created")
    events_changed_on_commit(event_ids=[e.pk for e in batch.changed.values() if e.pk not in deleted], change="updated")
    return PersistStats(events_created=batch.created, events_matched=batch.matched, quotes=len(result.quotes))


def _finish(article: Article, result: ExtractionResult) -> None:
    """Mark the article done with the normalised text; write only the columns that change.

    A save() wrote every column, the text and raw HTML included, on every run.
    """
    changed = []
    for name, value in (
        ("text", result.text),
        # What the submitter or the fetched page said wins; else the text's headline or the page's own metadata.
        ("title", article.title or result.article.title[:500]),
        ("publisher", article.publisher or result.article.site_name[:200]),
        ("language", result.article.language or article.language),
    ):
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed.append(name)
    article.extractor_version = result.version
    article.status = Article.Status.DONE
    article.status_reason = ""
    article.processed_at = article.updated_at = timezone.now()
    bulk_update([article], [*changed, "extractor_version", "status", "status_reason", "processed_at", "updated_at"])


def _unique_by_start(items: Iterable[T]) -> list[T]:
    return list({item.start: item for item in items}.values())  # type: ignore[attr-defined]
