"""One size limit for an article (INGEST_MAX_BYTES), with one message, on every way in (issue 17.4)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from events.documents import DEFAULT_MAX_ARTICLE_BYTES, too_large_message
from events.models import Article
from events.services import articles as article_services
from ingest.extraction import normalize
from ingest.feeds import _store_entry, feed_create, feed_poll
from ingest.processing import article_prepare
from tests.conftest import ROOT
from tests.ingest.conftest import LocalSite, page

pytestmark = pytest.mark.django_db

LIMIT = 1000
MESSAGE = re.compile(
    r"too large: (?:[\d,]+ bytes, )?more than the 1,000-byte limit for one article \(INGEST_MAX_BYTES\)"
)
WORDS = "Government forces shelled the town of Kafr Nabl in Idlib province on Tuesday, killing three civilians. "
BIG = WORDS * 20  # 2,040 bytes


@pytest.fixture
def small_limit(settings, monkeypatch):
    settings.INGEST_MAX_BYTES = LIMIT
    monkeypatch.setattr(normalize, "MAX_BYTES", LIMIT)  # what ingest/apps.py does at start-up
    return settings


@pytest.fixture
def site(settings):
    settings.INGEST_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.INGEST_FETCH_TIMEOUT = 1
    server = LocalSite()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_the_message_names_the_size_the_limit_and_the_setting():
    assert too_large_message(2_000_000, 20_971_520) == (
        "too large: 20,971,520 bytes, more than the 2,000,000-byte limit for one article (INGEST_MAX_BYTES)"
    )
    assert MESSAGE.fullmatch(too_large_message(LIMIT))


def test_the_setting_defaults_to_the_pipeline_constant_and_the_pipeline_follows_the_setting():
    assert DEFAULT_MAX_ARTICLE_BYTES == 2_000_000
    assert normalize.MAX_BYTES == django_settings.INGEST_MAX_BYTES  # copied by ingest/apps.py


def test_the_pipeline_stays_free_of_django():
    code = "import sys, ingest.extraction.normalize; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_api(small_limit, token_client):
    response = token_client.post("/api/v1/articles/", {"text": BIG}, format="json")
    assert response.status_code == 400
    assert MESSAGE.search(response.json()["detail"])
    assert not Article.objects.exists()


def test_article_submit_service(small_limit):
    with pytest.raises(ValidationError, match=MESSAGE):
        article_services.article_submit(html=f"<p>{BIG}</p>")
    assert not Article.objects.exists()


def test_manage_py_ingest_file_is_refused_unread(small_limit, tmp_path, capsys):
    path = tmp_path / "huge.txt"
    path.write_text(BIG)
    call_command("ingest", str(path), "--no-progress")
    out = capsys.readouterr()
    assert MESSAGE.search(out.err), out
    assert "1 rejected" in out.out
    assert not Article.objects.exists()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_manage_py_ingest_bulk_rows(small_limit, tmp_path, capsys, suffix):
    path = tmp_path / f"rows{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps({"text": BIG}) + "\n" + json.dumps({"text": WORDS * 3}) + "\n")
    else:
        path.write_text(f'text\n"{BIG}"\n"{WORDS * 3}"\n')
    call_command("ingest", str(path), "--no-progress")
    out = capsys.readouterr()
    assert MESSAGE.search(out.err), out
    assert "1 queued" in out.out
    assert "rejected 1: too large" in out.out
    assert Article.objects.count() == 1


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "streamed"])
def test_ingest_url_page_over_the_limit_fails_with_the_message(small_limit, site, capsys, send_length):
    url = site.add("/big", page("Shelling", BIG), send_length=send_length)
    call_command("ingest_url", url)
    article = Article.objects.get()
    article_prepare(article_id=article.pk)  # what the task does first: claim and fetch
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.status_reason.startswith("fetch failed: too large")
    assert MESSAGE.search(article.status_reason)


def test_feed_entry_over_the_limit_is_not_stored(small_limit, site, caplog):
    feed = feed_create(url=site.url("/feed.xml"))
    entry = {"id": "urn:big", "link": site.url("/news/big"), "title": "Big", "content": [{"value": f"<p>{BIG}</p>"}]}
    assert _store_entry(feed, entry) is False
    assert not Article.objects.exists()
    assert MESSAGE.search(caplog.text)


def test_feed_linking_to_a_page_over_the_limit(small_limit, site):
    site.add("/big", page("Shelling", BIG))
    site.add(
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        f"<item><title>Big</title><link>{site.url('/big')}</link><guid>urn:b</guid></item></channel></rss>",
        content_type="application/rss+xml",
    )
    assert feed_poll(feed=feed_create(url=site.url("/feed.xml"))).new_entries == 1
    article = Article.objects.get()
    article_prepare(article_id=article.pk)
    article.refresh_from_db()
    assert MESSAGE.search(article.status_reason)


@pytest.mark.parametrize(
    "data", [BIG, BIG.encode(), f"<html><body><p>{BIG}</p></body></html>"], ids=["str", "bytes", "html"]
)
def test_pipeline_first_stage(small_limit, data):
    with pytest.raises(normalize.RejectedInput, match=MESSAGE):
        normalize.normalize(data)


def test_pipeline_counts_utf8_bytes_not_characters(small_limit):
    text = "é" * 501  # 501 characters, 1,002 bytes
    with pytest.raises(normalize.RejectedInput, match=r"1,002 bytes"):
        normalize.normalize(text)
    assert normalize.normalize("é" * 400 + " " + WORDS).text


def test_pipeline_takes_an_explicit_limit():
    with pytest.raises(normalize.RejectedInput, match=r"more than the 100-byte limit"):
        normalize.normalize(BIG, max_bytes=100)


def test_a_text_without_paragraph_breaks_longer_than_the_nlp_model_takes_is_refused():
    with pytest.raises(normalize.RejectedInput, match="a paragraph of 1,049,999 characters"):
        normalize.normalize("Government forces shelled the town " * 30_000)
