"""An incident as the pipeline returns it (``EventResult``), with its one-line summary."""

from __future__ import annotations

from ..result import EventResult
from .candidate import Candidate


def _to_result(c: Candidate) -> EventResult:
    p = c.place.place if c.place else None
    names = [m.name for m in c.assoc if m.name not in {x.name for x in (c.actor1, c.actor2) if x}]
    return EventResult(
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        actor1=c.actor1.name if c.actor1 else None,
        actor2=c.actor2.name if c.actor2 else None,
        assoc_actors=tuple(dict.fromkeys(names)),
        location=p.name if p else None,
        country_code=p.country_code if p else None,
        latitude=p.latitude if p else None,
        longitude=p.longitude if p else None,
        date=c.date.date.isoformat() if c.date else None,
        date_precision=c.date.precision if c.date else "day",
        fatalities=c.fatalities,
        evidence=c.sentence.text,
        start=c.start,
        end=c.end,
        confidence=c.confidence,
        geo_precision=c.geo_precision,
        summary=_summary(c),
        extra_evidence=tuple(c.extra),
    )


def _summary(c: Candidate) -> str:
    who = c.actor1.name if c.actor1 else "Unknown actor"
    whom = f" against {c.actor2.name}" if c.actor2 else ""
    where = f" in {c.place.place.name}" if c.place else ""
    return f"{c.sub_event_type.replace('_', ' ').capitalize()}: {who}{whom}{where}."
