"""Writes an editor makes to events (the admin and the services' callers): edit, review, unlock, delete.

Every path locks what the editor changed and recounts the stored event counts it touched in the
same transaction (events/services/counts.py), so the admin's pages and the API are right as it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from events import permissions
from events.fields import concrete_field
from events.models import Actor, Event
from events.selectors.aggregates import aggregate_cache_expire
from events.services.counts import event_count_targets, event_counts_refresh
from events.signals import events_changed_on_commit
from events.typology import cameo_code


def acting(instance: Any, user: AbstractBaseUser | AnonymousUser | None) -> Any:
    """Return the instance, marked as changed by ``user`` for its history row."""
    # simple_history reads _history_user when it writes the history row of a save or delete.
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    return instance


def history_user(user: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    """Return the user to record in bulk history rows, or None for nobody signed in."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None  # type: ignore[return-value]


def check_scope(user: AbstractBaseUser | AnonymousUser | None, allowed: Callable[[], bool], what: str) -> None:
    """Refuse an editor's change outside their countries (events/permissions.py).

    Without a user (management commands, the pipeline) there is nobody to scope.
    """
    if user is not None and not allowed():
        raise PermissionDenied(f"{what} outside your countries ({permissions.describe_scope(user)}).")


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
    attname = concrete_field(Event, name).attname
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
            setattr(event, concrete_field(Event, name).attname, _foreign_key_value(name, value))
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
        if getattr(event, concrete_field(Event, name).attname) != getattr(stored, concrete_field(Event, name).attname)
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
    acting(event, user)
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
    check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    ids = [e.pk for e in rows]
    actors, places = event_count_targets(event_ids=ids)
    # One save per row rather than update(): each change gets its history record.
    for event in rows:
        event.review_status = status
        acting(event, user).save(update_fields=["review_status", "updated_at"])
    if ids:
        event_counts_refresh(actor_ids=actors, location_ids=places)
        _aggregates_expire_on_commit()
        events_changed_on_commit(event_ids=ids, change="updated")
    return ids


@transaction.atomic
def event_unlock_fields(*, events: Iterable[Event], user: AbstractBaseUser | AnonymousUser | None = None) -> list[int]:
    """Release every edited field of the events to re-extraction; return the ids changed (no values change)."""
    rows = [e for e in events if e.locked_fields]
    check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    for event in rows:
        event.locked_fields = []
        acting(event, user).save(update_fields=["locked_fields", "updated_at"])
    return [e.pk for e in rows]


@transaction.atomic
def event_delete(*, events: Iterable[Event], user: AbstractBaseUser | AnonymousUser | None = None) -> int:
    """Delete events (with their evidence) and recount the actors and places they counted towards."""
    rows = list(events)
    check_scope(user, lambda: all(permissions.can_edit_event(user, e) for e in rows), "Some of these events are")
    actors, places = event_count_targets(event_ids=[e.pk for e in rows])
    for event in rows:
        acting(event, user).delete()  # one at a time: each deletion gets its history record
    event_counts_refresh(actor_ids=actors, location_ids=places)
    _aggregates_expire_on_commit()
    return len(rows)


def _aggregates_expire_on_commit() -> None:
    # An edit can change a chart without changing any count (fatalities, a type): expire them all.
    transaction.on_commit(aggregate_cache_expire)
