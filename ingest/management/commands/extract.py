"""``manage.py extract``: print the extraction of one or more articles as JSON (SCHEMA.md).

Needs no database rows and makes no query: the pipeline is pure Python over the text.

Three forms:

* ``extract PATH`` prints one JSON object (the SCHEMA.md contract);
* ``extract PATH PATH...`` prints JSON Lines, one object per path with an added ``"path"``;
* ``extract --jsonl FILE`` reads JSON Lines of ``{"id", "text", "published", "title"}`` (``-`` is
  standard input) and prints one JSON line per input line, in order, each with the input's ``"id"``.
  It streams (read a line, extract it, write it, flush), so a file of any size runs in one process.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

_MISSING = object()


class _BadLine(ValueError):
    """One JSON Lines record cannot be extracted; the message goes into its ``"error"``."""

    def __init__(self, message: str, rid: Any = None):
        super().__init__(message)
        self.message = message
        self.rid = rid


def _check_date(value: str, what: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _BadLine(f"{what} must be YYYY-MM-DD, not {value!r}") from exc


def _parse_record(raw: bytes, default_title: str, default_published: str | None) -> tuple[Any, str, str, str | None]:
    """Return (id, text, title, published) of one input line, or raise _BadLine (with the id once known)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(f"line is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object, got {type(record).__name__}")
    rid = record.get("id", _MISSING)
    if rid is _MISSING:
        raise _BadLine('missing "id"')
    if isinstance(rid, bool) or not isinstance(rid, str | int | float):
        raise _BadLine(f'"id" must be a string or a number, not {json.dumps(rid)}')
    try:
        text = record.get("text")
        if text is None:
            raise _BadLine('missing "text"')
        if not isinstance(text, str):
            raise _BadLine(f'"text" must be a string, not {type(text).__name__}')
        if not text.strip():
            raise _BadLine('empty "text"')
        title = record.get("title")
        if title is None:
            title = default_title
        elif not isinstance(title, str):
            raise _BadLine(f'"title" must be a string, not {type(title).__name__}')
        published = record.get("published")
        if published is None or published == "":
            published = default_published
        elif not isinstance(published, str):
            raise _BadLine(f'"published" must be a YYYY-MM-DD string, not {json.dumps(published)}')
        else:
            _check_date(published, '"published"')
    except _BadLine as exc:
        raise _BadLine(exc.message, rid) from exc
    return rid, text, title, published


class Command(BaseCommand):
    help = (
        "Extract actors, places, events and quotes from article files (PATH '-' reads stdin) as JSON: "
        'one PATH prints one object, several print JSON Lines with a "path" key. '
        '--jsonl FILE (\'-\' = stdin) reads JSON Lines of {"id", "text", "published", "title"} '
        "(published/title optional, falling back to --published/--title) and streams one JSON line per input line, "
        'in order, each with the input\'s "id"; a bad line gives {"id": ..., "error": "..."}, the run goes on and '
        "exits non-zero at the end. Blank lines are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument("--published", help="publication date YYYY-MM-DD (base for relative dates)")
        parser.add_argument("--title", default="", help="article title")
        parser.add_argument(
            "--jsonl",
            metavar="FILE",
            help='JSON Lines of {"id", "text", "published", "title"} (\'-\' reads stdin) instead of PATHs',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from ingest.extraction.pipeline import get_pipeline

        paths: list[str] = options["paths"]
        jsonl: str | None = options.get("jsonl")
        if jsonl is not None and paths:
            raise CommandError("give either PATH... or --jsonl FILE, not both")
        if jsonl is None and not paths:
            raise CommandError("give at least one PATH, or --jsonl FILE")
        published = options.get("published")
        if published:
            try:
                dt.date.fromisoformat(published)
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD, not {published!r}") from exc
        if jsonl is not None:
            self._handle_jsonl(jsonl, title=options.get("title") or "", published=published or None)
            return
        pipeline = get_pipeline()
        self._handle_paths(pipeline, paths, title=options.get("title") or "", published=published)

    def _handle_paths(self, pipeline: Any, paths: list[str], *, title: str, published: str | None) -> None:
        from ingest.extraction.normalize import RejectedInput

        single = len(paths) == 1
        failures = 0
        for path in paths:
            try:
                data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
                result = pipeline.extract(data, title=title, published=published)
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

    def _handle_jsonl(self, source: str, *, title: str, published: str | None) -> None:
        from ingest.extraction.normalize import RejectedInput
        from ingest.extraction.pipeline import get_pipeline

        records = failures = 0
        with ExitStack() as stack:
            stream: IO[bytes]
            if source == "-":
                stream = sys.stdin.buffer
            else:
                try:
                    stream = stack.enter_context(open(source, "rb"))
                except OSError as exc:
                    raise CommandError(f"{source}: {exc}") from exc
            pipeline = get_pipeline()
            for lineno, raw in enumerate(stream, start=1):
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a UTF-8 byte-order mark
                if not raw.strip():
                    continue
                records += 1
                rid: Any = None
                error: str | None = None
                try:
                    rid, text, line_title, line_published = _parse_record(raw, title, published)
                    result = pipeline.extract(text, title=line_title, published=line_published)
                    obj: dict[str, Any] = {"id": rid, **result.to_schema()}
                except _BadLine as exc:
                    rid, error = exc.rid, exc.message
                except RejectedInput as exc:
                    error = f"rejected: {exc.reason}"
                if error is not None:
                    failures += 1
                    self.stderr.write(f"{source}: line {lineno}: {error}")
                    obj = {"id": rid, "error": error}
                self.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n", ending="")
                self.stdout.flush()
        if failures:
            raise CommandError(f"{failures} of {records} lines failed")
