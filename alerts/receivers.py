"""Listeners on events' signals: they only queue work."""

from __future__ import annotations

from typing import Any


def queue_matching(*, event_ids: list[int], change: str, **_: Any) -> None:
    from alerts.tasks import match_events_task

    match_events_task.delay(list(event_ids), change)
