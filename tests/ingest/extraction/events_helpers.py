"""Helpers the whole-report tests share: pick the one event of a sub-type, list its sentences."""

from __future__ import annotations

from typing import Any


def only_event(result: Any, sub_event_type: str) -> Any:
    """The single event of ``sub_event_type`` in ``result``; fails listing what was found."""
    found = [e for e in result.events if e.sub_event_type == sub_event_type]
    assert len(found) == 1, [(e.sub_event_type, e.evidence[:40]) for e in result.events]
    return found[0]


def event_sentences(event: Any) -> list[str]:
    """The evidence sentence and every extra evidence sentence of ``event``."""
    return [event.evidence, *(s for s, _, _ in event.extra_evidence)]
