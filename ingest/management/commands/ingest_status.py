"""Show how ingestion is going: articles by status, failing feeds, the latest failures."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Count

from events.models import Article
from ingest.models import Feed


class Command(BaseCommand):
    help = "Print article counts by status, feed health and the last failures with their reasons."

    def add_arguments(self, parser):
        parser.add_argument("--failures", type=int, default=10, help="how many recent failures to list")

    def handle(self, *args, **options):
        counts = dict(Article.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        self.stdout.write("articles by status:")
        for status in Article.Status:
            self.stdout.write(f"  {status.value:<11} {counts.get(status.value, 0)}")
        self.stdout.write(f"  {'total':<11} {sum(counts.values())}")
        duplicates = Article.objects.filter(duplicate_of__isnull=False).count()
        self.stdout.write(f"  (of which {duplicates} skipped as copies of another article)")

        feeds = Feed.objects.all()
        failing = feeds.filter(error_count__gt=0)
        self.stdout.write(f"feeds: {feeds.filter(is_active=True).count()} active, {failing.count()} failing")
        for feed in failing.order_by("-error_count")[:10]:
            self.stdout.write(
                f"  feed {feed.pk} {feed}: {feed.error_count} error(s), next {feed.next_poll_at}: "
                f"{feed.last_error[:200]}"
            )

        failures = Article.objects.filter(status=Article.Status.FAILED).order_by("-updated_at", "-pk")
        failures = failures[: options["failures"]]
        self.stdout.write(f"last {len(failures)} failure(s):")
        for article in failures:
            where = article.url or article.title or "(text)"
            self.stdout.write(
                f"  {article.pk} {article.updated_at:%Y-%m-%d %H:%M} {where}: {article.status_reason[:300]}"
            )
