"""Queue articles from files or directories of .txt / .html files for processing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Article
from events.services import article_submit

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


def iter_article_files(paths: list[str]):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"no such file or directory: {path}")


class Command(BaseCommand):
    help = "Store articles from .txt/.html files (or directories of them) and queue their processing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date (YYYY-MM-DD) for all the files")
        parser.add_argument("--publisher", default="")

    def handle(self, *paths, **options):
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD: {exc}") from exc
        counts: dict[str, int] = {}
        for path in iter_article_files(list(paths)):
            kind = SUFFIXES.get(path.suffix.lower(), "text")
            content = path.read_bytes().decode("utf-8", errors="replace")
            article = article_submit(
                **{kind: content}, title="", published=published, publisher=options["publisher"]
            )
            article.refresh_from_db()
            counts[article.status] = counts.get(article.status, 0) + 1
            self.stdout.write(f"{path}: article {article.pk} {article.status}")
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"ingested: {summary}"))
        failed = counts.get(Article.Status.FAILED, 0)
        if failed:
            self.stderr.write(f"{failed} article(s) failed; see their status_reason")
