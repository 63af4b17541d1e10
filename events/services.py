"""Writes for the events app: article submission and editorial changes to events."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from events import permissions, selectors
from events.canonical import InvalidURL, canonical_url
from events.counts import event_count_targets, event_counts_refresh
from events.documents import has_visible_text, size_refusal
from events.generic_aliases import is_generic_alias
from events.models import Actor, ActorAlias, Article, Event, Evidence, Quote
from events.normalize import normalize_name
from events.signals import events_changed_on_commit
from events.typology import cameo_code

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
    try:
        tasks[PROCESS_ARTICLE_TASK].delay(article_id)
    finally:
        # A new queued article, and in eager mode its final state: the dashboard's figures change.
        selectors.aggregate_cache_expire()


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


def event_lock_fields(*, event: Event, field_names: Iterable[str]) -> list[str]:
    """Add editable field names to the event's locked fields (in memory) and return the new list."""
    locked = list(event.locked_fields or [])
    for name in field_names:
        if name in Event.EDITABLE_FIELDS and name not in locked:
            locked.append(name)
    event.locked_fields = locked
    return locked


def _foreign_key_value(name: str, value: Any) -> Any:
    """Return what ``Event.<attname>`` holds for ``value``: a related row's pk, else the value."""
    attname = Event._meta.get_field(name).attname
    return value.pk if attname != name and hasattr(value, "pk") else value


# Compared with the stored row on every editorial save; review_status changes counts but is no lock.
_COMPARED_FIELDS = tuple(name for name in Event.EDITABLE_FIELDS if name != "assoc_actors") + ("review_status",)


@transaction.atomic
def event_update_by_editor(
    *, event: Event, changes: Mapping[str, Any], user: AbstractBaseUser | AnonymousUser | None = None
) -> Event:
    """Apply an editor's changes to an event and lock every field whose value changed."""
    unknown = set(changes) - set(Event.EDITABLE_FIELDS) - {"review_status"}
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        if name != "assoc_actors":
            setattr(event, Event._meta.get_field(name).attname, _foreign_key_value(name, value))
    return event_save_by_editor(event=event, assoc_actors=changes.get("assoc_actors"), user=user)


@transaction.atomic
def event_save_by_editor(
    *,
    event: Event,
    assoc_actors: Iterable[Actor | int] | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Event:
    """Save an editor's version of an event, new or stored, and lock every field that differs from the stored row.

    ``event`` carries the editor's values in memory (the admin's form, a history revert, or
    ``event_update_by_editor``); a new event is compared with a blank one, so what the editor
    filled in is locked. Changing the type re-derives the CAMEO code unless it was changed too.
    The actors' and places' stored counts are recounted, before and after, in this transaction.
    """
    is_new = event.pk is None
    stored = Event() if is_new else Event.objects.select_for_update().get(pk=event.pk)
    counted_before = (set(), set()) if is_new else event_count_targets(event_ids=[event.pk])
    changed = [
        name
        for name in _COMPARED_FIELDS
        if getattr(event, Event._meta.get_field(name).attname) != getattr(stored, Event._meta.get_field(name).attname)
    ]
    new_ids: set[int] | None = None
    if assoc_actors is not None:
        new_ids = {a.pk if hasattr(a, "pk") else int(a) for a in assoc_actors}
        old_ids = set() if is_new else set(stored.assoc_actors.values_list("pk", flat=True))
        if new_ids != old_ids:
            changed.append("assoc_actors")
    if {"event_type", "sub_event_type"} & set(changed) and event.cameo_code == stored.cameo_code:
        event.cameo_code = cameo_code(event.event_type, event.sub_event_type)
    # The stored locks, not the in-memory ones: a reverted history version carries its old locks.
    event.locked_fields = list(stored.locked_fields or [])
    event_lock_fields(event=event, field_names=changed)
    _acting(event, user)
    event.full_clean(exclude=["locked_fields"])
    event.save()
    if new_ids is not None and "assoc_actors" in changed:
        event.assoc_actors.set(new_ids)
    if changed or is_new:
        # Before and after: an actor or place the edit removed loses the event.
        actors, places = event_count_targets(event_ids=[event.pk])
        event_counts_refresh(actor_ids=actors | counted_before[0], location_ids=places | counted_before[1])
        _aggregates_expire_on_commit()
        events_changed_on_commit(event_ids=[event.pk], change="created" if is_new else "updated")
    return event


@transaction.atomic
def event_set_review_status(
    *, events: Iterable[Event], status: str, user: AbstractBaseUser | AnonymousUser | None = None
) -> list[int]:
    """Mark events reviewed, rejected or automatic again; recount what they count towards; return the ids changed.

    A rejected event leaves its actors' and places' counts and every chart.
    """
    if status not in Event.ReviewStatus.values:
        raise ValidationError(f"Unknown review status: {status!r}.")
    rows = [e for e in events if e.review_status != status]
    _check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    ids = [e.pk for e in rows]
    actors, places = event_count_targets(event_ids=ids)
    # One save per row rather than update(): each change gets its history record.
    for event in rows:
        event.review_status = status
        _acting(event, user).save(update_fields=["review_status", "updated_at"])
    if ids:
        event_counts_refresh(actor_ids=actors, location_ids=places)
        _aggregates_expire_on_commit()
        events_changed_on_commit(event_ids=ids, change="updated")
    return ids


@transaction.atomic
def event_unlock_fields(*, events: Iterable[Event], user: AbstractBaseUser | AnonymousUser | None = None) -> list[int]:
    """Release every edited field of the events to re-extraction; return the ids changed (no values change)."""
    rows = [e for e in events if e.locked_fields]
    _check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    for event in rows:
        event.locked_fields = []
        _acting(event, user).save(update_fields=["locked_fields", "updated_at"])
    return [e.pk for e in rows]


@transaction.atomic
def event_delete(*, events: Iterable[Event], user: AbstractBaseUser | AnonymousUser | None = None) -> int:
    """Delete events (with their evidence) and recount the actors and places they counted towards."""
    rows = list(events)
    _check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    actors, places = event_count_targets(event_ids=[e.pk for e in rows])
    for event in rows:
        _acting(event, user).delete()  # one at a time: each deletion gets its history record
    event_counts_refresh(actor_ids=actors, location_ids=places)
    _aggregates_expire_on_commit()
    return len(rows)


def _aggregates_expire_on_commit() -> None:
    # An edit can change a chart without changing any count (fatalities, a type): expire them all.
    transaction.on_commit(selectors.aggregate_cache_expire)


class MergeError(ValidationError):
    """A merge or split that cannot be done as asked (nothing to merge, foreign evidence, …)."""


def _acting(instance: Any, user: AbstractBaseUser | AnonymousUser | None) -> Any:
    # simple_history reads _history_user when it writes the history row of a save or delete.
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    return instance


def _history_user(user: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return user if user is not None and getattr(user, "is_authenticated", False) else None  # type: ignore[return-value]


def _check_scope(user: AbstractBaseUser | AnonymousUser | None, allowed: Callable[[], bool], what: str) -> None:
    """Refuse an editor's change outside their countries (events/permissions.py).

    Without a user (management commands, the pipeline) there is nobody to scope.
    """
    if user is not None and not allowed():
        raise PermissionDenied(f"{what} outside your countries ({permissions.describe_scope(user)}).")


@transaction.atomic
def actor_merge(
    *, winner: Actor, losers: Iterable[Actor], user: AbstractBaseUser | AnonymousUser | None = None
) -> Actor:
    """Fold the losers into the winner: aliases, event roles, quotes and article links move; losers go."""
    loser_ids = sorted({a.pk for a in losers} - {winner.pk})
    if not loser_ids:
        raise MergeError("Choose at least one other actor to merge into the winner.")
    winner = Actor.objects.select_for_update().get(pk=winner.pk)
    loser_rows = list(Actor.objects.select_for_update().filter(pk__in=loser_ids).order_by("pk"))
    if len(loser_rows) != len(loser_ids):
        raise MergeError("Some of the actors to merge no longer exist.")
    _check_scope(
        user, lambda: permissions.can_merge_actors(user, loser_rows), "The merged actors name events or quotes"
    )
    reason = f"merged actor(s) {', '.join(str(pk) for pk in loser_ids)} into {winner.pk}"
    history_user = _history_user(user)

    aliases = list(ActorAlias.objects.filter(actor_id__in=loser_ids))
    for alias in aliases:
        alias.actor = winner
    bulk_update_with_history(aliases, ActorAlias, ["actor"], default_user=history_user, default_change_reason=reason)
    # The losers' names keep resolving, now to the winner; aliases are unique by normalised form.
    # A generic name ("Troops") is no alias of anyone: see events.generic_aliases.
    taken = set(ActorAlias.objects.filter(actor=winner).values_list("normalized", flat=True))
    for loser in loser_rows:
        key = normalize_name(loser.name)
        if (
            key
            and key not in taken
            and not is_generic_alias(key)
            and not ActorAlias.objects.filter(normalized=key).exists()
        ):
            _acting(ActorAlias(actor=winner, alias=loser.name[:300]), user).save()
        taken.add(key)

    for role in ("actor1", "actor2"):
        events = list(Event.objects.filter(**{f"{role}_id__in": loser_ids}))
        for event in events:
            setattr(event, f"{role}_id", winner.pk)
        bulk_update_with_history(events, Event, [role], default_user=history_user, default_change_reason=reason)
    for event in Event.objects.filter(assoc_actors__in=loser_ids).distinct():
        _acting(event, user)
        event._change_reason = reason  # type: ignore[attr-defined]
        event.assoc_actors.remove(*loser_ids)
        event.assoc_actors.add(winner.pk)

    quotes = list(Quote.objects.filter(speaker_id__in=loser_ids))
    for quote in quotes:
        quote.speaker_id = winner.pk
    bulk_update_with_history(quotes, Quote, ["speaker"], default_user=history_user, default_change_reason=reason)

    links = Article.actors.through
    for loser_id in loser_ids:  # one at a time: two losers may share an article
        linked = links.objects.filter(actor_id=winner.pk).values("article_id")
        links.objects.filter(actor_id=loser_id).exclude(article_id__in=linked).update(actor_id=winner.pk)

    changed = []
    for loser in loser_rows:
        for field in ("country_code", "description"):
            if not getattr(winner, field) and getattr(loser, field):
                setattr(winner, field, getattr(loser, field))
                changed.append(field)
        if winner.kind == Actor.Kind.OTHER and loser.kind != Actor.Kind.OTHER:
            winner.kind = loser.kind
            changed.append("kind")
    if changed:
        _acting(winner, user)
        winner._change_reason = reason  # type: ignore[attr-defined]
        winner.save()
    for loser in loser_rows:
        _acting(loser, user)
        loser._change_reason = reason  # type: ignore[attr-defined]
        loser.delete()  # remaining article links of the losers cascade away
    event_counts_refresh(actor_ids=[winner.pk], location_ids=[])
    logger.info("%s", reason)
    return winner


def _merged_value(target: Event, others: list[Event], name: str) -> tuple[Any, bool]:
    """Return the merged value of one field and whether it stays locked."""
    attname = Event._meta.get_field(name).attname
    if target.is_locked(name):
        return getattr(target, attname), True
    # An editor's decision on any of the duplicates beats what the machine said on the others.
    for other in others:
        if other.is_locked(name):
            return getattr(other, attname), True
    value = getattr(target, attname)
    if name == "fatalities":
        figures = [f for f in [value, *(o.fatalities for o in others)] if f is not None]
        return (max(figures) if figures else None), False
    if value in (None, ""):
        for other in others:
            candidate = getattr(other, attname)
            if candidate not in (None, ""):
                return candidate, False
    return value, False


@transaction.atomic
def event_merge(
    *, target: Event, others: Iterable[Event], user: AbstractBaseUser | AnonymousUser | None = None
) -> Event:
    """Fold duplicate events into the target: evidence and quotes move, associated actors unite.

    The target keeps its values and locks; a field only a duplicate had locked comes over locked,
    empty fields are filled from the duplicates, and the largest fatality figure is kept.
    """
    other_ids = sorted({e.pk for e in others} - {target.pk})
    if not other_ids:
        raise MergeError("Choose at least one other event to merge into the target.")
    target = Event.objects.select_for_update().get(pk=target.pk)
    other_rows = list(Event.objects.select_for_update().filter(pk__in=other_ids).order_by("pk"))
    if len(other_rows) != len(other_ids):
        raise MergeError("Some of the events to merge no longer exist.")
    _check_scope(
        user,
        lambda: all(permissions.can_edit_event(user, e) for e in [target, *other_rows]),
        "Some of these events are",
    )
    reason = f"merged event(s) {', '.join(str(pk) for pk in other_ids)} into {target.pk}"
    counted_actors, counted_places = event_count_targets(event_ids=[target.pk, *other_ids])
    history_user = _history_user(user)

    locked = list(target.locked_fields or [])
    for name in Event.EDITABLE_FIELDS:
        if name == "assoc_actors":
            continue
        value, is_locked = _merged_value(target, other_rows, name)
        setattr(target, Event._meta.get_field(name).attname, value)
        if is_locked and name not in locked:
            locked.append(name)
    if any(o.is_locked("assoc_actors") for o in other_rows) and "assoc_actors" not in locked:
        locked.append("assoc_actors")
    target.locked_fields = locked
    target.confidence = max([target.confidence, *(o.confidence for o in other_rows)])

    # Evidence is unique per (event, article, start): a sentence both events cite is kept once.
    present = set(Evidence.objects.filter(event=target).values_list("article_id", "start"))
    moving, duplicates = [], []
    for evidence in Evidence.objects.filter(event_id__in=other_ids).order_by("pk"):
        key = (evidence.article_id, evidence.start)
        if key in present:
            duplicates.append(evidence)
            continue
        present.add(key)
        evidence.event = target
        moving.append(evidence)
    bulk_update_with_history(moving, Evidence, ["event"], default_user=history_user, default_change_reason=reason)
    for evidence in duplicates:
        _acting(evidence, user).delete()

    quotes = list(Quote.objects.filter(event_id__in=other_ids))
    for quote in quotes:
        quote.event = target
    bulk_update_with_history(quotes, Quote, ["event"], default_user=history_user, default_change_reason=reason)

    assoc = set(Event.assoc_actors.through.objects.filter(event_id__in=other_ids).values_list("actor_id", flat=True))
    _acting(target, user)
    target._change_reason = reason  # type: ignore[attr-defined]
    target.save()
    if assoc:
        target.assoc_actors.add(*assoc)
    for other in other_rows:
        _acting(other, user)
        other._change_reason = reason  # type: ignore[attr-defined]
        other.delete()
    event_counts_refresh(actor_ids=counted_actors, location_ids=counted_places)
    events_changed_on_commit(event_ids=[target.pk], change="merged")
    logger.info("%s", reason)
    return target


@transaction.atomic
def event_split(
    *, event: Event, evidence: Iterable[Evidence], user: AbstractBaseUser | AnonymousUser | None = None
) -> Event:
    """Move the chosen evidence of an event to a new event that starts as a copy of it; return the new one.

    The new event takes the largest fatality figure its evidence reported, if any did.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_scope(user, lambda: permissions.can_edit_event(user, event), "This event is")
    evidence_ids = sorted({e.pk for e in evidence})
    moving = list(Evidence.objects.filter(pk__in=evidence_ids, event=event).order_by("pk"))
    if not moving or len(moving) != len(evidence_ids):
        raise MergeError("Choose evidence of this event to split off.")
    if len(moving) == event.evidence.count():
        raise MergeError("Leave at least one evidence sentence with the original event.")
    reason = f"split from event {event.pk}"

    copied = {
        f.attname: getattr(event, f.attname)
        for f in Event._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at", "review_status")
    }
    new = Event(**copied)
    reported = [e.fatalities for e in moving if e.fatalities is not None]
    if reported and not event.is_locked("fatalities"):
        new.fatalities = max(reported)
    new.locked_fields = list(event.locked_fields or [])
    _acting(new, user)
    new._change_reason = reason  # type: ignore[attr-defined]
    new.save()
    new.assoc_actors.set(event.assoc_actors.all())

    for item in moving:
        item.event = new
    bulk_update_with_history(
        moving, Evidence, ["event"], default_user=_history_user(user), default_change_reason=reason
    )
    actors, places = event_count_targets(event_ids=[new.pk])
    event_counts_refresh(actor_ids=actors, location_ids=places)
    events_changed_on_commit(event_ids=[new.pk], change="created")
    logger.info("split %d evidence row(s) of event %s into event %s", len(moving), event.pk, new.pk)
    return new


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
            transaction.on_commit(lambda pk=pk: _queue_processing(pk), robust=True)
    logger.info("re-extraction queued for %d article(s)", len(ids))
    return ids
