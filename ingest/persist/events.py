"""Match one article's extracted events with stored ones and write them, their evidence and associates.

Everything is decided in memory first (each event in the order the article reports them, seeing
the ones before it as the database would have) and then written with a handful of bulk queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt
from typing import Any

from django.db import models
from django.utils import timezone

from events.fields import concrete_field
from events.models import Actor, Article, Event, Evidence, Location
from events.services.counts import CountChanges, Counted, counted
from events.typology import cameo_code
from ingest.extraction.result import EventResult
from ingest.persist.rows import bulk_update, history_create, history_insert, history_rows

# How far apart two reports of one incident may date it, and place it, and still be merged.
EVENT_MATCH_DAYS = 2
EVENT_MATCH_KM = 25.0
# Stored events looked at per extracted event, the most recent first.
MATCH_CANDIDATES = 50

AssocActor = Event.assoc_actors.through

_CANDIDATES_SQL = """
    SELECT e.*, l.latitude AS place_lat, l.longitude AS place_lon
    FROM events_event e LEFT OUTER JOIN events_location l ON l.id = e.location_id
    WHERE e.review_status <> %s AND ({when})
        AND (e.actor1_id IN ({actors}) OR e.actor2_id IN ({actors})
            OR e.id IN (SELECT event_id FROM events_event_assoc_actors WHERE actor_id IN ({actors})))
    ORDER BY e.date DESC, e.id DESC
    LIMIT %s
"""


def km(a: Location | None, b: Location | None) -> float | None:
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = a.latitude, a.longitude, b.latitude, b.longitude
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(min(1.0, h)))


@dataclass(frozen=True)
class _Resolved:
    """An extracted event with its names turned into stored actors and places."""

    result: EventResult
    actor1: Actor | None
    actor2: Actor | None
    assoc: tuple[Actor, ...]
    location: Location | None
    date: dt.date | None

    @property
    def actor_ids(self) -> set[int]:
        return {a.pk for a in (self.actor1, self.actor2, *self.assoc) if a}


def _candidates(resolved: Sequence[_Resolved], limit: int) -> list[Event]:
    """Read the most recent stored events that may report the same incident as any of these.

    One condition per (type, date) the article reports, with the actors of all its events (an
    exact condition per event cost more than the extra rows it saves); `_qualifies` says which.
    Written out: building and compiling this query through the ORM cost ~1.3 ms of CPU an article.
    Each event gets its place's coordinates, all `_match` reads of it, one object a place.
    """
    ids = sorted(set().union(*(r.actor_ids for r in resolved)))
    window = dt.timedelta(days=EVENT_MATCH_DAYS)
    when, params = [], []
    for event_type, date in sorted({(r.result.event_type, r.date or dt.date.min) for r in resolved}):
        if date > dt.date.min:
            when.append("(e.event_type = %s AND e.date BETWEEN %s AND %s)")
            params += [event_type, date - window, date + window]
        else:
            when.append("(e.event_type = %s AND e.date IS NULL)")
            params.append(event_type)
    actors = ", ".join(["%s"] * len(ids))
    # A subquery, not a join: a join repeats an event per associate and needs DISTINCT.
    sql = _CANDIDATES_SQL.format(when=" OR ".join(when), actors=actors)
    rows = Event.objects.raw(sql, [Event.ReviewStatus.REJECTED, *params, *ids, *ids, *ids, limit])
    places: dict[int, Location] = {}
    events = list(rows)
    for event in events:
        # The raw query's extra columns, taken off the event again.
        lat, lon = event.__dict__.pop("place_lat"), event.__dict__.pop("place_lon")
        place = None
        if event.location_id is not None:
            place = places.get(event.location_id)
            if place is None:
                place = places[event.location_id] = Location.from_db(
                    rows.db, ["id", "latitude", "longitude"], [event.location_id, lat, lon]
                )
        Event.location.field.set_cached_value(event, place)
    return events


def _apply_unlocked(event: Event, values: dict[str, object]) -> list[str]:
    """Set the extracted values an editor has not locked; return the names changed."""
    changed = []
    for name, value in values.items():
        if event.is_locked(name):
            continue
        # Compare keys, not related objects: reading event.actor1 would cost a query.
        current = getattr(event, concrete_field(Event, name).attname)
        if current == (value.pk if isinstance(value, models.Model) else value):
            continue
        setattr(event, name, value)
        changed.append(name)
    return changed


class EventBatch:
    """The events one article supports: found, matched or new, written together by `write`.

    `previous` maps sentence offsets of this article to the events they supported before this
    run: a re-extraction puts each sentence back where it was, so an editor's merge, split or
    moved place is not undone by the matching heuristics. Events are tracked by object identity,
    as the new ones have no key until they are inserted.
    """

    def __init__(
        self,
        *,
        article: Article,
        actors: dict[str, Actor],
        locations: dict[str, Location],
        previous: dict[int, list[Event]],
    ) -> None:
        self.article, self.actors, self.locations, self.previous = article, actors, locations, previous
        self.stored: dict[int, Event] = {e.pk: e for events in previous.values() for e in events}
        self.new: list[Event] = []
        self.assoc: dict[int, set[int]] = {}  # id(event) → its associated actors, as they will be
        self.assoc_added: dict[int, set[int]] = {}  # id(stored event) → associates to insert
        self.changed: dict[int, Event] = {}  # id(stored event) → event whose fields changed
        self.changed_fields: set[str] = set()
        self.claimed: set[int] = set()  # id(event) already given an extracted event
        self.created = self.matched = 0
        self.evidence: dict[tuple[int, int], Evidence] = {}
        self.counted_before: dict[int, Counted | None] = {}  # stored event id → what it counted as

    def _counted(self, event: Event) -> Counted | None:
        return counted(
            actor_ids=(event.actor1_id, event.actor2_id, *self.assoc[id(event)]),
            location_id=event.location_id,
            date=event.date,
            review_status=event.review_status,
        )

    def resolve(self, result: EventResult) -> _Resolved:
        return _Resolved(
            result=result,
            actor1=self.actors.get(result.actor1 or ""),
            actor2=self.actors.get(result.actor2 or ""),
            assoc=tuple(self.actors[name] for name in result.assoc_actors if name in self.actors),
            location=self.locations.get(result.location or ""),
            date=dt.date.fromisoformat(result.date[:10]) if result.date else None,
        )

    def load_candidates(self, resolved: Sequence[_Resolved]) -> None:
        """Read every stored event any of these may match, and the associates of all known events."""
        matchable = [r for r in resolved if r.actor_ids]
        if matchable:
            limit = MATCH_CANDIDATES * len(matchable)
            rows = _candidates(matchable, limit + 1)
            if len(rows) > limit:
                # A busy window: read each event's own most recent candidates, one query each.
                rows = [e for r in matchable for e in _candidates([r], MATCH_CANDIDATES)]
            for event in rows:
                self.stored.setdefault(event.pk, event)
        for event in self.stored.values():
            self.assoc[id(event)] = set()
        if self.stored:
            pairs = AssocActor.objects.filter(event_id__in=list(self.stored)).values_list("event_id", "actor_id")
            for event_id, actor_id in pairs:
                self.assoc[id(self.stored[event_id])].add(actor_id)
        # As stored before this run: what the counts hold for these events (events/services/counts.py).
        self.counted_before = {pk: self._counted(event) for pk, event in self.stored.items()}

    def add(self, r: _Resolved) -> bool:
        """Attach one extracted event to its previous or matching event, or plan a new one.

        Return True if it is new.
        """
        result = r.result
        values: dict[str, object] = {
            "event_type": result.event_type,
            "sub_event_type": result.sub_event_type,
            "cameo_code": cameo_code(result.event_type, result.sub_event_type),
            "date": r.date,
            "date_precision": result.date_precision or Event.DatePrecision.DAY,
            "actor1": r.actor1,
            "actor2": r.actor2,
            "location": r.location,
            "geo_precision": result.geo_precision,
            "fatalities": result.fatalities,
            "summary": result.summary or result.evidence[:500],
            "confidence": max(0.0, min(1.0, result.confidence)),
        }
        sentences = [(result.evidence, result.start, result.end), *result.extra_evidence]
        event = self._previous_event(result, [start for _, start, _ in sentences]) or self._match(r)
        created = event is None
        if event is None:
            event = Event(**values)
            self.new.append(event)
            self.assoc[id(event)] = {a.pk for a in r.assoc}
        else:
            self._update(event, values, {a.pk for a in r.assoc})
        self.claimed.add(id(event))
        for sentence, start, end in sentences:
            before = self.previous.get(start, [])
            # A sentence an editor split off into another event goes back there.
            home = event if not before or any(e is event for e in before) else before[0]
            self.evidence.setdefault(
                (id(home), start),
                Evidence(
                    event=home,
                    article=self.article,
                    sentence=sentence,
                    start=start,
                    end=max(end, start),
                    fatalities=result.fatalities,
                ),
            )
        return created

    def _update(self, event: Event, values: dict[str, object], assoc: set[int]) -> None:
        # Another report of a known incident: fill gaps, keep what an editor fixed, and keep
        # the larger fatality figure until an editor decides (sources often update tolls).
        if event.fatalities is not None and values["fatalities"] is not None:
            values["fatalities"] = max(event.fatalities, values["fatalities"])  # type: ignore[call-overload]
        elif values["fatalities"] is None:
            values["fatalities"] = event.fatalities
        for keep_if_missing in ("actor2", "location", "date"):
            if values[keep_if_missing] is None:
                del values[keep_if_missing]
        changed = _apply_unlocked(event, values)
        added = set() if event.is_locked("assoc_actors") else assoc - self.assoc[id(event)]
        self.assoc[id(event)] |= added
        if event.pk is None:
            return  # planned in this run: inserted with its final values
        if changed:
            self.changed[id(event)] = event
            self.changed_fields.update(changed)
        if added:
            self.assoc_added.setdefault(id(event), set()).update(added)

    def _previous_event(self, result: EventResult, starts: list[int]) -> Event | None:
        """Return the event these sentences supported before, preferring one of the same type."""
        candidates = [e for start in starts for e in self.previous.get(start, []) if id(e) not in self.claimed]
        same_type = [e for e in candidates if e.event_type == result.event_type]
        return next(iter(same_type or candidates), None)

    def _match(self, r: _Resolved) -> Event | None:
        """Return a known event that reports the same incident, if any (cross-article dedupe)."""
        ids = r.actor_ids
        if not ids:
            return None
        order = {id(e): n for n, e in enumerate(self.new)}
        candidates = [e for e in [*self.stored.values(), *self.new] if self._qualifies(e, r, ids)]
        # The database's -date, -id order; the events planned in this run get the highest ids.
        candidates.sort(key=lambda e: (e.date or dt.date.min, e.pk is None, e.pk or order[id(e)]), reverse=True)
        for candidate in candidates[:MATCH_CANDIDATES]:
            if candidate.location_id == (r.location.pk if r.location else None):
                return candidate
            distance = km(candidate.location, r.location)
            if distance is not None and distance <= EVENT_MATCH_KM:
                return candidate
        return None

    def _qualifies(self, event: Event, r: _Resolved, ids: set[int]) -> bool:
        if event.event_type != r.result.event_type or event.review_status == Event.ReviewStatus.REJECTED:
            return False
        if event.pk is None and event.sub_event_type != r.result.sub_event_type:
            # planned from this article: the pipeline already told its incidents apart
            return False
        if r.date is None:
            if event.date is not None:
                return False
        elif event.date is None or abs((event.date - r.date).days) > EVENT_MATCH_DAYS:
            return False
        return event.actor1_id in ids or event.actor2_id in ids or not self.assoc[id(event)].isdisjoint(ids)

    def write(self) -> None:
        """Insert the new events, update the changed ones, add associates and evidence, with history."""
        Event.objects.bulk_create(self.new)
        changed = sorted(self.changed.values(), key=lambda e: e.pk)
        if changed:
            now = timezone.now()
            for event in changed:
                event.updated_at = now  # bulk_update does not apply auto_now
            bulk_update(changed, sorted(self.changed_fields | {"updated_at"}))
        links = [
            AssocActor(event_id=event.pk, actor_id=actor_id)
            for event in self.new
            for actor_id in sorted(self.assoc[id(event)])
        ] + [
            AssocActor(event_id=event.pk, actor_id=actor_id)
            for event in sorted(self.stored.values(), key=lambda e: e.pk)
            for actor_id in sorted(self.assoc_added.get(id(event), ()))
        ]
        # Another worker may add the same associate to a matched event at the same time.
        AssocActor.objects.bulk_create(links, ignore_conflicts=True)
        touched = [e for e in self.stored.values() if id(e) in self.changed or id(e) in self.assoc_added]
        history = history_insert(history_rows(self.new, "+") + history_rows(touched, "~"))
        self._write_history([*self.new, *touched], history)
        # bulk_create takes the keys the new events have now from the related objects.
        history_create(Evidence.objects.bulk_create(list(self.evidence.values())))

    def count_changes(self, deleted: set[int]) -> CountChanges:
        """Return what this run changed in the counts: new events, matched ones that changed, orphans deleted."""
        changes = CountChanges()
        for event in self.new:
            changes.add(None, self._counted(event))
        for pk, event in self.stored.items():
            before = self.counted_before.get(pk)
            after = None if pk in deleted else self._counted(event)
            if before != after:
                changes.add(before, after)
        return changes

    def _write_history(self, events: list[Event], history: Sequence[Any]) -> None:
        """Record each history row's associated actors, as django-simple-history does for a save."""
        if not any(self.assoc[id(e)] for e in events):
            return
        through: dict[int, list[Any]] = {}
        for link in AssocActor.objects.filter(event_id__in=[e.pk for e in events]).order_by("pk"):
            through.setdefault(link.event_id, []).append(link)
        snapshot = Event.history.model.assoc_actors.model
        snapshot.objects.bulk_create(
            [
                snapshot(history=row, id=link.pk, event_id=link.event_id, actor_id=link.actor_id)
                for row in history
                for link in through.get(row.id, [])
            ]
        )


def events_persist(
    *,
    article: Article,
    results: Sequence[EventResult],
    actors: dict[str, Actor],
    locations: dict[str, Location],
    previous: dict[int, list[Event]],
) -> EventBatch:
    """Store the events of one article, or add evidence to their matches; return the written batch."""
    batch = EventBatch(article=article, actors=actors, locations=locations, previous=previous)
    resolved = [batch.resolve(result) for result in results]
    batch.load_candidates(resolved)
    batch.created = sum(batch.add(r) for r in resolved)
    batch.matched = len(resolved) - batch.created
    batch.write()
    return batch


def delete_orphaned_events(previous: dict[int, list[Event]]) -> set[int]:
    """Delete events no evidence supports any more, unless an editor has touched them; return their ids."""
    event_ids = {event.pk for events in previous.values() for event in events}
    if not event_ids:
        return set()
    orphans = Event.objects.filter(pk__in=event_ids, evidence__isnull=True, review_status=Event.ReviewStatus.AUTO)
    deleted = {e.pk for e in orphans if not e.locked_fields}
    if deleted:
        Event.objects.filter(pk__in=sorted(deleted)).delete()
    return deleted
