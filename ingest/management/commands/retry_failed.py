"""Requeue failed articles (given ids, or --all)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ingest.lifecycle import article_retry


class Command(BaseCommand):
    help = "Requeue failed articles for fetching/processing: the given ids, or every failed one with --all."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ID")
        parser.add_argument("--all", action="store_true", help="every failed article")

    def handle(self, *args, **options):
        ids = options["ids"]
        if bool(ids) == bool(options["all"]):
            raise CommandError("give article ids or --all (not both)")
        requeued = article_retry(None if options["all"] else list(ids))
        missed = sorted(set(ids) - set(requeued))
        if missed:
            self.stderr.write(f"not failed (or missing), left alone: {', '.join(map(str, missed))}")
        self.stdout.write(self.style.SUCCESS(f"requeued {len(requeued)} article(s)"))
