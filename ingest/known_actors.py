"""Feed the actor table back into the pipeline, so editors' actors and aliases are recognised."""

from __future__ import annotations

import threading
import time

from events.models import Actor

# Seconds a worker reuses its copy of the table; new aliases reach extraction within this time.
MAX_AGE = 60.0
# People are left out: a name seen once in one story is too weak a pattern for every other story.
MAX_ACTORS = 20_000

_lock = threading.Lock()
_cache: tuple[float, tuple] = (0.0, ())


def known_actors() -> tuple[tuple[str, list[str], str, str | None], ...]:
    """Return (name, aliases, kind, country) for the stored non-person actors, cached briefly."""
    global _cache
    with _lock:
        loaded_at, rows = _cache
        if time.monotonic() - loaded_at < MAX_AGE:
            return rows
        actors = (
            Actor.objects.exclude(kind=Actor.Kind.PERSON)
            .prefetch_related("aliases")
            .order_by("-updated_at")[:MAX_ACTORS]
        )
        rows = tuple(
            (actor.name, [alias.alias for alias in actor.aliases.all()], actor.kind, actor.country_code or None)
            for actor in actors
        )
        _cache = (time.monotonic(), rows)
        return rows


def forget() -> None:
    """Drop the cached table (tests, and after bulk edits)."""
    global _cache
    with _lock:
        _cache = (0.0, ())
