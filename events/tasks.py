"""Celery entry points of the events app."""

from __future__ import annotations

import logging

from celery import shared_task

from events.counts import event_counts_refresh

logger = logging.getLogger(__name__)


@shared_task(name="events.tasks.refresh_event_counts_task", acks_late=True, ignore_result=True)
def refresh_event_counts_task() -> int:
    """Recount every actor's and place's events (run by Celery beat); return how many rows changed."""
    refreshed = event_counts_refresh()
    if refreshed.actors or refreshed.locations:
        logger.info("event counts changed for %d actor(s), %d place(s)", refreshed.actors, refreshed.locations)
    return refreshed.actors + refreshed.locations
