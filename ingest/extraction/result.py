"""Frozen dataclasses the pure extraction pipeline returns (no Django anywhere here).

The shape mirrors ../shared/eval/SCHEMA.md so `manage.py extract` is a plain serialisation and
the persistence step (ingest/services.py) can upsert it without guessing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PIPELINE_VERSION = "0.2.0"


@dataclass(frozen=True)
class ArticleMeta:
    title: str = ""
    published: str | None = None  # ISO date, the base for relative dates
    language: str = "en"
    site_name: str = ""  # the outlet, from an HTML page's metadata; not part of SCHEMA.md's article


@dataclass(frozen=True)
class ActorResult:
    name: str  # canonical name
    kind: str = "other"  # see events.models.Actor.Kind values
    country_code: str | None = None
    aliases: tuple[str, ...] = ()  # surface forms seen in this text


@dataclass(frozen=True)
class LocationResult:
    name: str
    country_code: str | None = None
    admin1: str | None = None
    feature: str = "city"  # country | admin1 | city | region | other
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventResult:
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actors: tuple[str, ...]
    location: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    date: str | None
    date_precision: str  # day | week | month | year
    fatalities: int | None
    evidence: str
    start: int
    end: int
    confidence: float
    geo_precision: int = 1  # 1 exact place, 2 near/region, 3 coarse (admin1/country)
    summary: str = ""
    # further evidence sentences of the same incident in this article: (sentence, start, end)
    extra_evidence: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class QuoteResult:
    text: str
    speaker: str | None
    start: int
    end: int
    cue: str | None = None
    speaker_role: str | None = None


@dataclass(frozen=True)
class ExtractionResult:
    article: ArticleMeta
    text: str
    actors: tuple[ActorResult, ...] = ()
    locations: tuple[LocationResult, ...] = ()
    events: tuple[EventResult, ...] = ()
    quotes: tuple[QuoteResult, ...] = ()
    version: str = PIPELINE_VERSION
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def to_schema(self) -> dict[str, Any]:
        """Return the JSON object SCHEMA.md specifies."""
        return {
            "article": {
                "title": self.article.title,
                "published": self.article.published,
                "language": self.article.language,
            },
            "actors": [
                {"name": a.name, "aliases": list(a.aliases), "kind": a.kind, "country_code": a.country_code}
                for a in self.actors
            ],
            "locations": [
                {
                    "name": loc.name,
                    "aliases": list(loc.aliases),
                    "country_code": loc.country_code,
                    "admin1": loc.admin1,
                    "feature": loc.feature,
                    "latitude": loc.latitude,
                    "longitude": loc.longitude,
                    "geonames_id": loc.geonames_id,
                }
                for loc in self.locations
            ],
            "events": [
                {k: v for k, v in asdict(e).items() if k not in ("extra_evidence",)}
                | {"assoc_actors": list(e.assoc_actors)}
                for e in self.events
            ],
            "quotes": [asdict(q) for q in self.quotes],
        }
