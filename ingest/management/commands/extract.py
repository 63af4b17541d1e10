"""``manage.py extract``: print the extraction of one or more articles as JSON (SCHEMA.md).

Needs no database rows and makes no query: the pipeline is pure Python over the text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Extract actors, places, events and quotes from article files (PATH '-' reads stdin) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--published", help="publication date YYYY-MM-DD (base for relative dates)")
        parser.add_argument("--title", default="", help="article title")

    def handle(self, *args: Any, **options: Any) -> None:
        from ingest.extraction.normalize import RejectedInput
        from ingest.extraction.pipeline import get_pipeline

        paths: list[str] = options["paths"]
        published = options.get("published")
        if published:
            import datetime as dt

            try:
                dt.date.fromisoformat(published)
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD, not {published!r}") from exc
        pipeline = get_pipeline()
        single = len(paths) == 1
        failures = 0
        for path in paths:
            try:
                data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
                result = pipeline.extract(data, title=options.get("title") or "", published=published)
                obj: dict[str, Any] = result.to_schema()
            except (OSError, RejectedInput) as exc:
                if single:
                    raise CommandError(f"{path}: {exc}") from exc
                failures += 1
                self.stderr.write(f"{path}: {exc}")
                obj = {"error": str(exc)}
            if not single:
                obj = {"path": path, **obj}
            self.stdout.write(json.dumps(obj, ensure_ascii=False) + ("\n" if not single else ""), ending="")
            self.stdout.flush()
        if single:
            self.stdout.write("\n", ending="")
        if failures:
            self.stderr.write(f"{failures} of {len(paths)} inputs failed")
