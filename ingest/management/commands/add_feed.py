"""Add an RSS/Atom feed to poll."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ingest.feeds import feed_create


class Command(BaseCommand):
    help = "Add a feed (RSS or Atom) to poll; it is due at once. An existing feed gets the new name/interval."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--name", default="")
        parser.add_argument("--interval", type=int, default=30, help="minutes between polls (default 30)")

    def handle(self, *args, **options):
        try:
            feed = feed_create(url=options["url"], name=options["name"], poll_interval=options["interval"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"feed {feed.pk}: {feed.url} every {feed.poll_interval} min")
