"""Persist one article's extraction result: actors, places, events, evidence and quotes, in bulk.

A typical article costs a fixed couple of dozen queries however many actors and events it names
(see tests/ingest/test_persist_batch.py); per-row history is written in bulk alongside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from events.models import Article, Event, Evidence, Quote
from ingest.extraction.result import ExtractionResult
from ingest.persist.actors import actors_upsert
from ingest.persist.events import EVENT_MATCH_DAYS, EVENT_MATCH_KM, delete_orphaned_events, events_persist
from ingest.persist.places import locations_upsert
from ingest.persist.rows import delete_with_history

__all__ = ["EVENT_MATCH_DAYS", "EVENT_MATCH_KM", "PersistStats", "article_persist_result"]

T = TypeVar("T")


@dataclass(frozen=True)
class PersistStats:
    events_created: int
    events_matched: int
    quotes: int


def _forget_previous_extraction(article: Article) -> dict[int, list[Event]]:
    """Drop what an earlier run took from this article; return {sentence start: events it supported}."""
    rows = list(
        Evidence.objects.filter(article=article).select_related("event__location").order_by("start", "event_id")
    )
    events: dict[int, Event] = {}  # one object per event, so the batch can tell them apart by identity
    previous: dict[int, list[Event]] = {}
    for row in rows:
        previous.setdefault(row.start, []).append(events.setdefault(row.event_id, row.event))
    delete_with_history(rows)
    delete_with_history(list(Quote.objects.filter(article=article)))
    return previous


@transaction.atomic
def article_persist_result(*, article: Article, result: ExtractionResult) -> PersistStats:
    """Upsert the actors, places, events and quotes of one article in one transaction."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    previous = _forget_previous_extraction(article)
    actors = actors_upsert(result.actors)
    locations = locations_upsert(result.locations)
    created, matched = events_persist(
        article=article, results=result.events, actors=actors, locations=locations, previous=previous
    )
    delete_orphaned_events(previous)
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
    article.actors.set(actors.values())
    article.locations.set(locations.values())
    article.text = result.text
    article.title = article.title or result.article.title
    article.language = result.article.language or article.language
    article.extractor_version = result.version
    article.status = Article.Status.DONE
    article.status_reason = ""
    article.processed_at = timezone.now()
    article.save()
    return PersistStats(events_created=created, events_matched=matched, quotes=len(result.quotes))


def _unique_by_start(items: Iterable[T]) -> list[T]:
    return list({item.start: item for item in items}.values())  # type: ignore[attr-defined]
