"""Queue articles by URL: each page is fetched, checked and extracted by the ingest task."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.canonical import InvalidURL, canonical_url
from events.services.articles import article_submit


class Command(BaseCommand):
    help = "Store articles by URL and queue their fetching and processing (a repeat URL is not stored twice)."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")

    def handle(self, *args, **options):
        urls = options["urls"]
        rejected = 0
        for raw in urls:
            try:
                url = canonical_url(raw)
                article = article_submit(url=url)
            except (InvalidURL, ValidationError) as exc:
                rejected += 1
                self.stderr.write(f"{raw}: rejected: {exc}")
                continue
            article.refresh_from_db()
            reason = f" ({article.status_reason})" if article.status_reason else ""
            self.stdout.write(f"{url}: article {article.pk} {article.status}{reason}")
        if rejected:
            raise CommandError(f"{rejected} URL(s) rejected")
