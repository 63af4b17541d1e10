"""Signals other apps listen to; events itself never imports them (alerts listens here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that wrote the events has committed, with keyword arguments
# ``event_ids`` (a list of ints) and ``change`` ("created", "updated" or "merged").
events_changed = Signal()


def events_changed_on_commit(*, event_ids: Iterable[int], change: str) -> None:
    """Send ``events_changed`` for these events after the current transaction commits."""
    ids = sorted({int(pk) for pk in event_ids if pk is not None})
    if ids:
        # robust: a listener's failure (a broker outage) must not fail the write that committed.
        transaction.on_commit(
            lambda: events_changed.send_robust(sender=None, event_ids=ids, change=change), robust=True
        )
