"""Poll feeds now: the due ones (what Celery beat does every minute), or all with --all."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ingest.feeds import feeds_poll_due
from ingest.models import Feed


class Command(BaseCommand):
    help = "Poll the feeds that are due now (--all: every active feed) and queue their new entries."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="poll every active feed, due or not")

    def handle(self, *args, **options):
        results = feeds_poll_due(force=options["all"])
        names = {f.pk: str(f) for f in Feed.objects.filter(pk__in=[r.feed_id for r in results])}
        for r in results:
            if r.skipped:
                outcome = "skipped (being polled elsewhere)"
            elif r.error:
                outcome = f"failed: {r.error}"
            elif r.not_modified:
                outcome = "not modified"
            else:
                outcome = f"{r.new_entries} new"
            self.stdout.write(f"feed {r.feed_id} {names.get(r.feed_id, '')}: {outcome}")
        new = sum(r.new_entries for r in results)
        failed = sum(1 for r in results if r.error)
        self.stdout.write(self.style.SUCCESS(f"polled {len(results)} feed(s): {new} new entries, {failed} failed"))
