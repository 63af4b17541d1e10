"""Run the current extraction pipeline again over stored articles, synchronously."""

from __future__ import annotations

import logging
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from events.models import Article
from ingest.lifecycle import article_mark_failed, article_requeue
from ingest.processing import article_process

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Re-run extraction over stored articles (the given ids, or all with --all), one after another in "
        "this process. Fields an editor changed are locked and stay as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--all", action="store_true", help="every article with stored text")

    def handle(self, *args, **options):
        ids = options["ids"]
        if bool(ids) == bool(options["all"]):
            raise CommandError("give article ids or --all (not both)")
        # Only what is stored: an article known by its URL alone would be fetched from the network.
        articles = Article.objects.exclude(Q(raw="") & Q(text=""))
        if ids:
            articles = articles.filter(pk__in=ids)
        # Oldest first, so an original is extracted before the copies that point to it.
        todo = list(articles.order_by("pk").values_list("pk", flat=True))
        missing = sorted(set(ids) - set(todo))
        if missing:
            self.stderr.write(f"missing or without stored text, left alone: {', '.join(map(str, missing))}")

        counts: Counter[str] = Counter()
        for article_id in todo:
            article_requeue(article_id=article_id)
            try:
                status = article_process(article_id=article_id)
            except Exception as exc:  # one bad article must not stop the run; record why, as the task does
                logger.exception("article %s failed", article_id)
                article_mark_failed(article_id=article_id, reason=f"{type(exc).__name__}: {exc}")
                status = Article.Status.FAILED
            counts[status] += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"article {article_id}: {status}")
        summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "nothing to do"
        self.stdout.write(self.style.SUCCESS(f"re-extracted {len(todo)} article(s): {summary}"))
