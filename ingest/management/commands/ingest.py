"""Queue articles from .txt/.html files, or bulk from .jsonl/.csv files, for processing.

A .jsonl line or .csv row carries `text` or `url` (or `html`), and optionally `title`,
`published` (YYYY-MM-DD) and `source` (the publisher). Re-running an interrupted import is
safe: rows already stored are recognised by canonical URL or content hash and counted as
duplicates.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.canonical import InvalidURL, canonical_url
from events.documents import size_refusal, too_large_message
from events.models import Article
from events.services.articles import article_submit

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
BULK_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
MAX_REJECTIONS_LISTED = 20


def iter_article_files(paths: list[str]):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            wanted = set(SUFFIXES) | BULK_SUFFIXES
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted and p.is_file())
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"no such file or directory: {path}")


class RowRejected(Exception):
    pass


@dataclass
class Summary:
    queued: int = 0
    duplicate: int = 0
    rejected: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    seen_ids: set[int] = field(default_factory=set)
    max_id_before: int = 0

    def count(self, article: Article) -> str:
        """Tell a newly stored article from one already stored (by an earlier run or an earlier row)."""
        if article.pk > self.max_id_before and article.pk not in self.seen_ids:
            self.seen_ids.add(article.pk)
            self.queued += 1
            return "queued"
        self.duplicate += 1
        return "duplicate"

    def reject(self, where: str, reason: str) -> None:
        self.rejected[reason.split(":")[0]] += 1
        if len(self.examples) < MAX_REJECTIONS_LISTED:
            self.examples.append(f"{where}: {reason}")


def _parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise RowRejected(f"bad published date: {value!r} is not YYYY-MM-DD") from exc


def _submit_row(row: dict[str, Any], *, default_published: dt.date | None, default_publisher: str) -> Article:
    text = str(row.get("text") or "").strip()
    html = str(row.get("html") or "").strip()
    url = str(row.get("url") or "").strip()
    if not (text or html or url):
        raise RowRejected("no text or url")
    if url:
        try:
            url = canonical_url(url)
        except InvalidURL as exc:
            raise RowRejected(f"bad url: {exc}") from exc
    published = _parse_date(row.get("published")) or default_published
    too_large = size_refusal(text or html, int(settings.INGEST_MAX_BYTES))
    if too_large:
        raise RowRejected(too_large)
    try:
        return article_submit(
            text=text or None,
            html=None if text else html or None,
            url=url or None,
            title=str(row.get("title") or "").strip(),
            published=published,
            publisher=str(row.get("source") or row.get("publisher") or default_publisher).strip(),
        )
    except ValidationError as exc:
        raise RowRejected(f"invalid: {'; '.join(exc.messages)}") from exc


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line or row number, row dict) — or the reason as a string for an unreadable row."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not ({"text", "url", "html"} & {f.strip() for f in reader.fieldnames}):
                raise CommandError(f"{path}: the CSV header needs a 'text' or 'url' column")
            for number, row in enumerate(reader, start=2):
                yield number, {(k or "").strip(): v for k, v in row.items()}
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"bad JSON: {exc.msg}"
                continue
            yield number, row if isinstance(row, dict) else "bad JSON: a line must be an object"


def _status_order(status: str) -> int:
    values = [value for value, _label in Article.Status.choices]
    return values.index(status) if status in values else len(values)


class Command(BaseCommand):
    help = (
        "Store articles from .txt/.html files (or directories of them) and .jsonl/.csv bulk files "
        "(text or url, title, published, source) and queue their processing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date (YYYY-MM-DD) for rows/files without one")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, **options):
        paths = options["paths"]
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD: {exc}") from exc
        self.published, self.publisher = published, options["publisher"]
        self.no_progress = options["no_progress"]
        files = list(iter_article_files(list(paths)))
        summary = Summary(max_id_before=Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        counts: dict[str, int] = {}
        try:
            for path in files:
                if path.suffix.lower() in BULK_SUFFIXES:
                    self._bulk(path, summary)
                else:
                    self._single(path, summary, counts)
        except KeyboardInterrupt:
            self._report(summary, counts)
            raise CommandError("interrupted; run the same command again to resume (stored rows are skipped)") from None
        self._report(summary, counts)

    def _single(self, path: Path, summary: Summary, counts: dict[str, int]) -> None:
        kind = SUFFIXES.get(path.suffix.lower(), "text")
        limit = int(settings.INGEST_MAX_BYTES)
        size = path.stat().st_size
        if size > limit:  # refused unread: the one limit of the API, the fetcher and the pipeline
            summary.reject(str(path), too_large_message(limit, size))
            return
        content = path.read_bytes().decode("utf-8", errors="replace")
        try:
            article = article_submit(**{kind: content}, title="", published=self.published, publisher=self.publisher)
        except ValidationError as exc:
            summary.reject(str(path), f"invalid: {'; '.join(exc.messages)}")
            return
        summary.count(article)
        article.refresh_from_db()
        counts[article.status] = counts.get(article.status, 0) + 1
        self.stdout.write(f"{path}: article {article.pk} {article.status}")

    def _bulk(self, path: Path, summary: Summary) -> None:
        total = _count_lines(path) - (1 if path.suffix.lower() == ".csv" else 0)
        progress = tqdm(
            total=max(total, 0),
            desc=path.name,
            unit="row",
            file=sys.stderr,
            disable=True if self.no_progress else None,
            dynamic_ncols=True,
        )
        try:
            for number, row in iter_rows(path):
                progress.update(1)
                if isinstance(row, str):
                    summary.reject(f"{path}:{number}", row)
                    continue
                try:
                    article = _submit_row(row, default_published=self.published, default_publisher=self.publisher)
                except RowRejected as exc:
                    summary.reject(f"{path}:{number}", str(exc))
                    continue
                summary.count(article)
        finally:
            progress.close()

    @staticmethod
    def _new_by_status(summary: Summary) -> str:
        """Say what became of the articles this run stored, as they stand now: "3 queued" with a
        worker to come, "1 done" once the embedded mode has processed them in this process."""
        if not summary.seen_ids:
            return "0 queued"
        statuses = Counter(Article.objects.filter(pk__in=sorted(summary.seen_ids)).values_list("status", flat=True))
        return ", ".join(f"{n} {status}" for status, n in sorted(statuses.items(), key=lambda i: _status_order(i[0])))

    def _report(self, summary: Summary, counts: dict[str, int]) -> None:
        rejected = sum(summary.rejected.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"summary: {self._new_by_status(summary)}, {summary.duplicate} duplicate, {rejected} rejected"
            )
        )
        for reason, n in summary.rejected.most_common():
            self.stdout.write(f"  rejected {n}: {reason}")
        for example in summary.examples:
            self.stderr.write(f"  {example}")
        failed = counts.get(Article.Status.FAILED, 0)
        if failed:
            self.stderr.write(f"{failed} article(s) failed; see their status_reason")
