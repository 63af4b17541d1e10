"""Bulk import from JSONL and CSV: a summary of what was queued, duplicated or rejected, and resume."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from events.models import Article
from ingest.management.commands import ingest as ingest_command
from tests.ingest.conftest import fixture_text

pytestmark = pytest.mark.django_db

ROWS = [
    {"text": fixture_text("wire.txt"), "title": "Checkpoint attacked", "published": "2016-10-16", "source": "Wire"},
    {"url": "https://news.example.org/story/1?utm_source=rss#top", "title": "By URL only"},
    {"text": fixture_text("unrelated.txt"), "url": "https://news.example.org/khartoum", "published": "2019-06-07"},
    {"title": "Neither text nor url"},
    {"url": "ftp://files.example.org/story.txt"},
    {"text": fixture_text("same_incident.txt"), "published": "last week"},
    {"text": fixture_text("wire.txt") + "\n"},  # the same text again: one article
]


def write_jsonl(path, rows, *, junk: bool = False):
    lines = [json.dumps(r) for r in rows]
    if junk:
        lines.insert(2, "{not json")
        lines.insert(3, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "url", "title", "published", "source"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args, capsys) -> tuple[str, str]:
    call_command("ingest", *map(str, args), "--no-progress")
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_jsonl_import_summarises_queued_duplicate_and_rejected(tmp_path, capsys):
    path = write_jsonl(tmp_path / "articles.jsonl", ROWS, junk=True)

    out, err = run(path, capsys=capsys)

    assert "summary: 3 queued, 1 duplicate, 4 rejected" in out
    assert "rejected 1: no text or url" in out
    assert "rejected 1: bad url" in out
    assert "rejected 1: bad published date" in out
    assert "rejected 1: bad JSON" in out
    assert "articles.jsonl:3: bad JSON" in err
    wire = Article.objects.get(title="Checkpoint attacked")
    assert (wire.published_on, wire.publisher, wire.status) == (dt.date(2016, 10, 16), "Wire", Article.Status.QUEUED)
    by_url = Article.objects.get(url="https://news.example.org/story/1")  # canonical URL stored
    assert (by_url.text, by_url.raw) == ("", "")  # to be fetched
    assert Article.objects.get(url="https://news.example.org/khartoum").text.startswith("Thousands of protesters")


def test_csv_import_gives_the_same_result(tmp_path, capsys):
    path = write_csv(tmp_path / "articles.csv", ROWS)

    out, _err = run(path, capsys=capsys)

    assert "summary: 3 queued, 1 duplicate, 3 rejected" in out
    assert Article.objects.count() == 3


def test_rerun_after_an_interruption_resumes_without_duplicates(tmp_path, capsys, monkeypatch):
    path = write_jsonl(tmp_path / "articles.jsonl", ROWS)
    real_submit = ingest_command.article_submit
    calls = []

    def interrupted_after_two(**kwargs):
        calls.append(kwargs)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real_submit(**kwargs)

    monkeypatch.setattr(ingest_command, "article_submit", interrupted_after_two)
    with pytest.raises(CommandError, match="interrupted"):
        call_command("ingest", str(path), "--no-progress")
    assert "summary: 2 queued, 0 duplicate, 0 rejected" in capsys.readouterr().out
    assert Article.objects.count() == 2

    monkeypatch.setattr(ingest_command, "article_submit", real_submit)
    out, _err = run(path, capsys=capsys)
    assert "summary: 1 queued, 3 duplicate, 3 rejected" in out
    assert Article.objects.count() == 3

    out, _err = run(path, capsys=capsys)
    assert "summary: 0 queued, 4 duplicate, 3 rejected" in out
    assert Article.objects.count() == 3


def test_progress_bar_goes_to_stderr(tmp_path, capsys):
    path = write_jsonl(tmp_path / "articles.jsonl", ROWS[:2])
    call_command("ingest", str(path))
    # tqdm hides itself when stderr is not a terminal; the summary is on stdout either way.
    assert "summary: 2 queued" in capsys.readouterr().out


def test_csv_without_text_or_url_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("headline,body\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'text' or 'url' column"):
        call_command("ingest", str(path), "--no-progress")


def test_directory_import_still_takes_text_and_html_files(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(fixture_text("wire.txt"), encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Protesters marched in Khartoum.</p></body></html>")
    write_jsonl(tmp_path / "more.jsonl", [ROWS[2]])

    out, _err = run(tmp_path, "--published", "2024-03-04", capsys=capsys)

    assert "summary: 3 queued, 0 duplicate, 0 rejected" in out
    assert Article.objects.filter(published_on=dt.date(2024, 3, 4)).count() == 2
