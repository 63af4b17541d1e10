"""Merging duplicate actors or events into one, and splitting an event's evidence off into a new one."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from events import permissions
from events.fields import concrete_field
from events.generic_aliases import is_generic_alias
from events.models import Actor, ActorAlias, Article, Event, Evidence, Quote
from events.normalize import normalize_name
from events.services.counts import event_count_targets, event_counts_refresh
from events.services.editing import acting, check_scope, history_user
from events.signals import events_changed_on_commit

logger = logging.getLogger(__name__)


class MergeError(ValidationError):
    """A merge or split that cannot be done as asked (nothing to merge, foreign evidence, …)."""


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
    check_scope(user, lambda: permissions.can_merge_actors(user, loser_rows), "The merged actors name events or quotes")
    reason = f"merged actor(s) {', '.join(str(pk) for pk in loser_ids)} into {winner.pk}"
    recorded_user = history_user(user)

    aliases = list(ActorAlias.objects.filter(actor_id__in=loser_ids))
    for alias in aliases:
        alias.actor = winner
    bulk_update_with_history(aliases, ActorAlias, ["actor"], default_user=recorded_user, default_change_reason=reason)
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
            acting(ActorAlias(actor=winner, alias=loser.name[:300]), user).save()
        taken.add(key)

    for role in ("actor1", "actor2"):
        events = list(Event.objects.filter(**{f"{role}_id__in": loser_ids}))
        for event in events:
            setattr(event, f"{role}_id", winner.pk)
        bulk_update_with_history(events, Event, [role], default_user=recorded_user, default_change_reason=reason)
    for event in Event.objects.filter(assoc_actors__in=loser_ids).distinct():
        acting(event, user)
        event._change_reason = reason  # type: ignore[attr-defined]
        event.assoc_actors.remove(*loser_ids)
        event.assoc_actors.add(winner.pk)

    quotes = list(Quote.objects.filter(speaker_id__in=loser_ids))
    for quote in quotes:
        quote.speaker_id = winner.pk
    bulk_update_with_history(quotes, Quote, ["speaker"], default_user=recorded_user, default_change_reason=reason)

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
        acting(winner, user)
        winner._change_reason = reason  # type: ignore[attr-defined]
        winner.save()
    for loser in loser_rows:
        acting(loser, user)
        loser._change_reason = reason  # type: ignore[attr-defined]
        loser.delete()  # remaining article links of the losers cascade away
    event_counts_refresh(actor_ids=[winner.pk], location_ids=[])
    logger.info("%s", reason)
    return winner


def _merged_value(target: Event, others: list[Event], name: str) -> tuple[Any, bool]:
    """Return the merged value of one field and whether it stays locked."""
    attname = concrete_field(Event, name).attname
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
    check_scope(
        user,
        lambda: all(permissions.can_edit_event(user, e) for e in [target, *other_rows]),
        "Some of these events are",
    )
    reason = f"merged event(s) {', '.join(str(pk) for pk in other_ids)} into {target.pk}"
    counted_actors, counted_places = event_count_targets(event_ids=[target.pk, *other_ids])
    recorded_user = history_user(user)

    locked = list(target.locked_fields or [])
    for name in Event.EDITABLE_FIELDS:
        if name == "assoc_actors":
            continue
        value, is_locked = _merged_value(target, other_rows, name)
        setattr(target, concrete_field(Event, name).attname, value)
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
    bulk_update_with_history(moving, Evidence, ["event"], default_user=recorded_user, default_change_reason=reason)
    for evidence in duplicates:
        acting(evidence, user).delete()

    quotes = list(Quote.objects.filter(event_id__in=other_ids))
    for quote in quotes:
        quote.event = target
    bulk_update_with_history(quotes, Quote, ["event"], default_user=recorded_user, default_change_reason=reason)

    assoc = set(Event.assoc_actors.through.objects.filter(event_id__in=other_ids).values_list("actor_id", flat=True))
    acting(target, user)
    target._change_reason = reason  # type: ignore[attr-defined]
    target.save()
    if assoc:
        target.assoc_actors.add(*assoc)
    for other in other_rows:
        acting(other, user)
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
    check_scope(user, lambda: permissions.can_edit_event(user, event), "This event is")
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
    acting(new, user)
    new._change_reason = reason  # type: ignore[attr-defined]
    new.save()
    new.assoc_actors.set(event.assoc_actors.all())

    for item in moving:
        item.event = new
    bulk_update_with_history(moving, Evidence, ["event"], default_user=history_user(user), default_change_reason=reason)
    actors, places = event_count_targets(event_ids=[new.pk])
    event_counts_refresh(actor_ids=actors, location_ids=places)
    events_changed_on_commit(event_ids=[new.pk], change="created")
    logger.info("split %d evidence row(s) of event %s into event %s", len(moving), event.pk, new.pk)
    return new
