"""Fetching article pages from a real local HTTP server: metadata, redirects, limits, SSRF guard."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from events.models import Article
from events.services.articles import article_submit
from ingest.fetch import FetchError, FetchRefused, address_refusal, fetch, fetch_article
from ingest.processing import article_prepare
from ingest.tasks import process_article_task
from tests.ingest.conftest import fixture_text, page

pytestmark = pytest.mark.django_db


def _ingest(url: str) -> Article:
    """Submit a URL and take the article up to extraction (fetch and gate), as the task does first."""
    article = article_submit(url=url)
    article_prepare(article_id=article.pk)
    article.refresh_from_db()
    return article


def _assert_failed(article: Article, reason: str) -> None:
    assert article.status == Article.Status.FAILED
    assert reason in article.status_reason, article.status_reason
    assert Article.objects.filter(pk=article.pk).exists()


def test_fetch_extracts_main_text_and_metadata(site, allow_localhost):
    url = site.add("/world/mosul-attack", page("Militants attack checkpoint near Mosul", fixture_text("wire.txt")))

    document = fetch_article(url)

    assert document.title == "Militants attack checkpoint near Mosul"
    assert document.author == "Jane Roe"
    assert document.date == "2016-10-17"
    assert document.language == "en"
    assert document.sitename == "Example Wire"
    assert "Islamic State militants attacked an army checkpoint" in document.text
    assert "All rights reserved" not in document.text
    _path, headers = site.requests[-1]
    assert headers["user-agent"].startswith("ConflictTrackerBot/0.1 (+")


def test_url_article_is_fetched_and_ready_for_extraction(site, allow_localhost):
    url = site.add("/story", page("Militants attack checkpoint near Mosul", fixture_text("wire.txt")))

    article = _ingest(url)

    assert article.status == Article.Status.PROCESSING
    assert article.raw.startswith("<!DOCTYPE html>")
    assert "Islamic State militants attacked" in article.text
    assert (article.title, article.publisher, article.language) == (
        "Militants attack checkpoint near Mosul",
        "Example Wire",
        "en",
    )
    assert str(article.published_on) == "2016-10-17"
    assert article.fingerprint
    assert article.content_hash
    # A redelivered message for an article in flight neither claims nor fetches it again.
    assert article_prepare(article_id=article.pk) == Article.Status.PROCESSING
    assert site.hits("/story") == 1


def test_url_article_goes_through_the_whole_task(site, allow_localhost):
    url = site.add("/story.txt", fixture_text("wire.txt"), content_type="text/plain; charset=utf-8")
    article = article_submit(url=url)

    process_article_task.apply(args=[article.pk])

    article.refresh_from_db()
    assert "Islamic State militants attacked" in article.text
    # Past fetching: done with the NLP pipeline in place (failed only if extraction breaks, not fetching).
    assert article.status in (Article.Status.DONE, Article.Status.FAILED)
    assert not article.status_reason.startswith("fetch failed")
    hits = site.hits("/story.txt")
    process_article_task.apply(args=[article.pk])
    assert site.hits("/story.txt") == hits


def test_redirects_are_followed_and_checked(site, allow_localhost):
    site.add("/story", page("Checkpoint attack", fixture_text("wire.txt")))
    site.add("/old", status=301, headers={"Location": "/moved"})
    site.add("/moved", status=302, headers={"Location": site.url("/story")})

    response = fetch(site.url("/old"))

    assert response.status == 200
    assert response.url == site.url("/story")
    assert [p for p, _ in site.requests] == ["/old", "/moved", "/story"]


def test_too_many_redirects_fail_the_article(site, allow_localhost):
    for i in range(7):
        site.add(f"/hop{i}", status=302, headers={"Location": f"/hop{i + 1}"})
    _assert_failed(_ingest(site.url("/hop0")), "too many redirects")
    assert site.hits("/hop6") == 0


def test_slow_page_times_out(site, allow_localhost):
    url = site.add("/slow", page("Slow", fixture_text("wire.txt")), delay=3)
    _assert_failed(_ingest(url), "fetch failed: timed out")


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "streamed"])
def test_oversized_page_is_refused(site, allow_localhost, send_length):
    allow_localhost.INGEST_MAX_BYTES = 20_000
    big = page("Big", "\n\n".join([fixture_text("wire.txt")] * 40))
    url = site.add("/big", big, send_length=send_length)
    _assert_failed(_ingest(url), "too large")


def test_non_html_content_is_refused(site, allow_localhost):
    url = site.add("/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    _assert_failed(_ingest(url), "unsupported content type application/pdf")


def test_http_error_is_recorded(site, allow_localhost):
    _assert_failed(_ingest(site.url("/missing")), "HTTP 404")


def test_private_address_is_refused_without_a_connection(settings):
    settings.INGEST_ALLOWED_NETWORKS = []
    _assert_failed(_ingest("http://10.0.0.1/internal"), "10.0.0.1 is a private address")


def test_hostname_resolving_to_loopback_is_refused(site, settings):
    settings.INGEST_ALLOWED_NETWORKS = []
    url = site.add("/story", page("Checkpoint attack", fixture_text("wire.txt")))
    _assert_failed(_ingest(url.replace("127.0.0.1", "localhost")), "loopback address")
    assert site.requests == []


def test_redirect_to_cloud_metadata_is_refused(site, allow_localhost):
    site.add("/trap", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    _assert_failed(_ingest(site.url("/trap")), "169.254.169.254 is a cloud metadata address")


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", None),
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not a public address"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_refusal(address, refused, settings):
    settings.INGEST_ALLOWED_NETWORKS = []
    reason = address_refusal(address)
    if refused is None:
        assert reason is None
    else:
        assert refused in reason


def test_allowed_networks_open_the_guard_but_never_for_metadata(settings):
    settings.INGEST_ALLOWED_NETWORKS = ["127.0.0.0/8", "169.254.0.0/16"]
    assert address_refusal("127.0.0.5") is None
    assert "metadata" in address_refusal("169.254.169.254")


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "gopher://127.0.0.1/"])
def test_only_http_and_https_are_fetched(url, allow_localhost):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(url)


def test_unresolvable_host_is_a_clear_failure(allow_localhost):
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch("http://no-such-host.invalid/")


def test_ingest_url_command_stores_the_canonical_url_once(site, allow_localhost, django_capture_on_commit_callbacks):
    url = site.add("/story", page("Checkpoint attack", fixture_text("wire.txt")))
    with django_capture_on_commit_callbacks() as queued:
        call_command("ingest_url", url + "?utm_source=rss#top", url)
    article = Article.objects.get()
    assert article.url == url
    assert len(queued) == 1
    article_prepare(article_id=article.pk)
    article.refresh_from_db()
    assert "Islamic State militants attacked" in article.text
