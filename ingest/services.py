"""Persist extraction results: claim an article, run the pipeline, upsert what it found."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.normalize import normalize_name
from events.services import article_reextract
from events.typology import cameo_code
from ingest.extraction.result import ActorResult, EventResult, ExtractionResult, LocationResult

if TYPE_CHECKING:
    from ingest.fetch import Document

logger = logging.getLogger(__name__)

# How far apart two reports of one incident may date it, and place it, and still be merged.
EVENT_MATCH_DAYS = 2
EVENT_MATCH_KM = 25.0


class ArticleRejected(Exception):
    """The article cannot be processed (empty, binary, too large, …); not worth a retry."""


@dataclass(frozen=True)
class PersistStats:
    events_created: int
    events_matched: int
    quotes: int


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def article_claim(*, article_id: int) -> Article | None:
    """Mark a queued article as fetching (URL only) or processing; return it, or None if another
    worker owns it or it is done.

    A row left in `fetching`/`processing` by a worker that died is claimable again once it is
    older than the task's hard time limit (the broker redelivers the message after its
    visibility timeout).
    """
    stale_before = _stale_before()
    in_flight = [Article.Status.FETCHING, Article.Status.PROCESSING]
    claimable = Q(status=Article.Status.QUEUED) | Q(status__in=in_flight, updated_at__lt=stale_before)
    # Only a URL was submitted: the page has to be fetched before anything can be extracted.
    needs_fetch = Q(url__isnull=False, raw="", text="")
    for condition, status in ((needs_fetch, Article.Status.FETCHING), (~needs_fetch, Article.Status.PROCESSING)):
        changed = Article.objects.filter(Q(pk=article_id) & claimable & condition).update(
            status=status, status_reason="", updated_at=timezone.now()
        )
        if changed:
            return Article.objects.get(pk=article_id)
    return None


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


def _actor_upsert(result: ActorResult) -> Actor:
    keys = [normalize_name(result.name), *(normalize_name(a) for a in result.aliases)]
    keys = [k for k in keys if k]
    known = list(ActorAlias.objects.select_related("actor").filter(normalized__in=keys))  # ordered by alias
    by_key = {alias.normalized: alias for alias in known}
    # Prefer the alias equal to the canonical name: aliases can be shared loosely ("IS").
    match = (by_key.get(keys[0]) if keys else None) or (known[0] if known else None)
    actor = match.actor if match else None
    if actor is None:
        actor, _ = Actor.objects.get_or_create(
            name=result.name[:300],
            defaults={"kind": result.kind or Actor.Kind.OTHER, "country_code": result.country_code or ""},
        )
    taken = set(by_key)
    for surface in dict.fromkeys([result.name, *result.aliases]):
        key = normalize_name(surface)
        if key and key not in taken:
            ActorAlias.objects.create(actor=actor, alias=surface[:300])
            taken.add(key)
    return actor


def _location_upsert(result: LocationResult) -> Location:
    fields = {
        "name": result.name[:200],
        "country_code": result.country_code or "",
        "admin1": result.admin1 or "",
        "feature": result.feature or Location.Feature.OTHER,
        "latitude": result.latitude,
        "longitude": result.longitude,
        "population": result.population,
    }
    if result.geonames_id:
        location, _ = Location.objects.get_or_create(geonames_id=result.geonames_id, defaults=fields)
        return location
    existing = Location.objects.filter(
        normalized=normalize_name(result.name), country_code=fields["country_code"], feature=fields["feature"]
    ).first()
    return existing or Location.objects.create(**fields)


def _km(a: Location | None, b: Location | None) -> float | None:
    from math import asin, cos, radians, sin, sqrt

    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    p1, p2 = radians(a.latitude), radians(b.latitude)
    dp, dl = p2 - p1, radians(b.longitude - a.longitude)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(min(1.0, h)))


def _find_matching_event(
    *, result: EventResult, date: dt.date | None, location: Location | None, actor_ids: set[int]
) -> Event | None:
    """Return a stored event that reports the same incident, if any (cross-article dedupe)."""
    if not actor_ids:
        return None
    candidates = Event.objects.filter(event_type=result.event_type).exclude(review_status=Event.ReviewStatus.REJECTED)
    if date:
        window = dt.timedelta(days=EVENT_MATCH_DAYS)
        candidates = candidates.filter(date__range=(date - window, date + window))
    else:
        candidates = candidates.filter(date__isnull=True)
    candidates = (
        candidates.filter(Q(actor1_id__in=actor_ids) | Q(actor2_id__in=actor_ids) | Q(assoc_actors__in=actor_ids))
        .select_related("location")
        .distinct()
    )
    for candidate in candidates[:50]:
        if candidate.location_id == (location.pk if location else None):
            return candidate
        distance = _km(candidate.location, location)
        if distance is not None and distance <= EVENT_MATCH_KM:
            return candidate
    return None


def _apply_unlocked(event: Event, values: dict[str, object]) -> list[str]:
    """Set the extracted values an editor has not locked; return the names changed."""
    changed = []
    for name, value in values.items():
        if event.is_locked(name) or getattr(event, name) == value:
            continue
        setattr(event, name, value)
        changed.append(name)
    return changed


def _persist_event(
    *,
    article: Article,
    result: EventResult,
    actors: dict[str, Actor],
    locations: dict[str, Location],
    previous: dict[int, list[Event]],
    claimed: set[int],
) -> bool:
    """Store one extracted event, or add evidence to its match. Return True if it was new.

    `previous` maps sentence offsets of this article to the events they supported before this
    run: a re-extraction puts each sentence back where it was, so an editor's merge, split or
    moved place is not undone by the matching heuristics.
    """
    actor1 = actors.get(result.actor1 or "")
    actor2 = actors.get(result.actor2 or "")
    assoc = [actors[name] for name in result.assoc_actors if name in actors]
    location = locations.get(result.location or "")
    date = dt.date.fromisoformat(result.date[:10]) if result.date else None
    actor_ids = {a.pk for a in (actor1, actor2, *assoc) if a}
    values = {
        "event_type": result.event_type,
        "sub_event_type": result.sub_event_type,
        "cameo_code": cameo_code(result.event_type, result.sub_event_type),
        "date": date,
        "date_precision": result.date_precision or Event.DatePrecision.DAY,
        "actor1": actor1,
        "actor2": actor2,
        "location": location,
        "geo_precision": result.geo_precision,
        "fatalities": result.fatalities,
        "summary": result.summary or result.evidence[:500],
        "confidence": max(0.0, min(1.0, result.confidence)),
    }
    sentences = [(result.evidence, result.start, result.end), *result.extra_evidence]
    event = _previous_event(result, [start for _, start, _ in sentences], previous, claimed)
    if event is None:
        event = _find_matching_event(result=result, date=date, location=location, actor_ids=actor_ids)
    created = event is None
    if created:
        event = Event.objects.create(**values)
        event.assoc_actors.set(assoc)
    else:
        # Another report of a known incident: fill gaps, keep what an editor fixed, and keep
        # the larger fatality figure until an editor decides (sources often update tolls).
        if event.fatalities is not None and result.fatalities is not None:
            values["fatalities"] = max(event.fatalities, result.fatalities)
        elif result.fatalities is None:
            values["fatalities"] = event.fatalities
        for keep_if_missing in ("actor2", "location", "date"):
            if values[keep_if_missing] is None:
                values[keep_if_missing] = getattr(event, keep_if_missing)
        if _apply_unlocked(event, values):
            event.save()
        if not event.is_locked("assoc_actors"):
            event.assoc_actors.add(*assoc)
    claimed.add(event.pk)
    for sentence, start, end in sentences:
        before = previous.get(start, [])
        # A sentence an editor split off into another event goes back there.
        home = event if not before or any(e.pk == event.pk for e in before) else before[0]
        Evidence.objects.get_or_create(
            event=home,
            article=article,
            start=start,
            defaults={"sentence": sentence, "end": max(end, start), "fatalities": result.fatalities},
        )
    return created


def _previous_event(
    result: EventResult, starts: list[int], previous: dict[int, list[Event]], claimed: set[int]
) -> Event | None:
    """Return the event these sentences supported before, preferring one of the same type."""
    candidates = [e for start in starts for e in previous.get(start, []) if e.pk not in claimed]
    same_type = [e for e in candidates if e.event_type == result.event_type]
    return (same_type or candidates or [None])[0]


def _forget_previous_extraction(article: Article) -> dict[int, list[Event]]:
    """Drop what an earlier run took from this article; return {sentence start: events it supported}."""
    previous: dict[int, list[Event]] = {}
    for row in Evidence.objects.filter(article=article).select_related("event").order_by("start", "event_id"):
        previous.setdefault(row.start, []).append(row.event)
    Evidence.objects.filter(article=article).delete()
    Quote.objects.filter(article=article).delete()
    return previous


def _delete_orphaned_events(event_ids: set[int]) -> None:
    """Delete events no evidence supports any more, unless an editor has touched them."""
    orphans = Event.objects.filter(pk__in=event_ids, evidence__isnull=True, review_status=Event.ReviewStatus.AUTO)
    Event.objects.filter(pk__in=[e.pk for e in orphans if not e.locked_fields]).delete()


@transaction.atomic
def article_persist_result(*, article: Article, result: ExtractionResult) -> PersistStats:
    """Upsert the actors, places, events and quotes of one article in one transaction."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    previous = _forget_previous_extraction(article)
    claimed: set[int] = set()
    actors = {a.name: _actor_upsert(a) for a in result.actors}
    locations = {loc.name: _location_upsert(loc) for loc in result.locations}
    created = matched = 0
    for event_result in result.events:
        if _persist_event(
            article=article, result=event_result, actors=actors, locations=locations, previous=previous,
            claimed=claimed,
        ):
            created += 1
        else:
            matched += 1
    _delete_orphaned_events({event.pk for events in previous.values() for event in events})
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


def _unique_by_start(items: Iterable) -> list:
    return list({item.start: item for item in items}.values())
