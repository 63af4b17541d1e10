"""Send lost articles (queued too long, or stuck in processing) to processing again."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from ingest.services import articles_requeue_stale


class Command(BaseCommand):
    help = (
        "Send the processing task again for articles still queued after --minutes (default "
        "INGEST_REQUEUE_AFTER_MINUTES) or processing for longer than the task's hard time limit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None, help="how long `queued` counts as lost")

    def handle(self, *args, **options):
        minutes = options["minutes"]
        sent = articles_requeue_stale(queued_for=None if minutes is None else dt.timedelta(minutes=minutes))
        self.stdout.write(self.style.SUCCESS(f"requeued {len(sent)} article(s)"))
