"""Celery entry points of the events app."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from events.filters import EventFilter
from events.models import Actor
from events.selectors.actors import actor_activity_cached
from events.selectors.aggregates import dashboard_aggregates
from events.selectors.events import event_list_light
from events.selectors.maps import map_data
from events.services.counts import event_counts_refresh

logger = logging.getLogger(__name__)

# The actors whose pages beat keeps warm: the busiest one's cold page took ~1.5 s at 1M events,
# the tenth busiest's is a few hundred ms at most.
WARM_BUSIEST_ACTORS = 10


@shared_task(name="events.tasks.refresh_event_counts_task", acks_late=True, ignore_result=True)
def refresh_event_counts_task() -> int:
    """Recount every actor's and place's events, then warm the costliest pages (run by Celery beat).

    Return how many rows' counts changed.
    """
    refreshed = event_counts_refresh()
    if refreshed.actors or refreshed.locations:
        logger.info("event counts changed for %d actor(s), %d place(s)", refreshed.actors, refreshed.locations)
    aggregates_warm()
    return refreshed.actors + refreshed.locations


def aggregates_warm() -> int:
    """Recompute the cached aggregates of the busiest actors' pages, the map and the dashboard; return how many.

    Only worth it with a cache the web processes share (CACHE_URL): a process-local cache would
    warm this worker's own memory. The entries are kept until the next run is due and a little
    after, so a page never meets an expired one between runs.
    """
    if settings.AGGREGATE_CACHE_SECONDS <= 0 or settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return 0
    seconds = settings.AGGREGATE_CACHE_SECONDS + settings.EVENT_COUNTS_REFRESH_SECONDS
    actors = list(Actor.objects.filter(event_count__gt=0).order_by("-event_count", "id")[:WARM_BUSIEST_ACTORS])
    for actor in actors:
        actor_activity_cached(actor, refresh=True, seconds=seconds)
    # The unfiltered map, as /map/data/ with no query string filters and keys it.
    map_data(EventFilter(None, queryset=event_list_light()).qs, query="", list_query="", refresh=True, seconds=seconds)
    dashboard_aggregates(refresh=True, seconds=seconds)
    return len(actors) + 2
