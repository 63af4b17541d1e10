"""Recount the denormalised event counts of every actor and place (what Celery beat does each minute)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from events.services.counts import event_counts_refresh


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        refreshed = event_counts_refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Counts changed for {refreshed.actors} actor(s) and {refreshed.locations} place(s) "
                f"in {time.perf_counter() - started:.1f}s"
            )
        )
