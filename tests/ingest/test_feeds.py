"""Polling feeds from a real local HTTP server: new entries once, conditional GET, back-off."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management import call_command
from django.utils import timezone

from events.models import Article
from ingest.admin import FeedAdmin
from ingest.feeds import backoff_delay, feed_create, feed_poll, feeds_poll_due
from ingest.models import Feed, FeedEntry
from ingest.processing import article_prepare
from ingest.tasks import poll_due_feeds_task
from tests.ingest.conftest import fixture_text, page

pytestmark = pytest.mark.django_db


def rss(site, items: list[tuple[str, str, str | None]]) -> str:
    """An RSS 2.0 document; items are (slug, title, full HTML content or None)."""
    parts = []
    for slug, title, content in items:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(
            f"<item><title>{escape(title)}</title><link>{site.url('/news/' + slug)}?utm_source=rss</link>"
            f'<guid isPermaLink="false">urn:example:{slug}</guid>'
            f"<pubDate>Mon, 17 Oct 2016 08:00:00 GMT</pubDate>"
            f"<description>{escape(title)} (teaser)</description>{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Example Wire: World</title><link>{site.url('/')}</link><description>World news</description>"
        + "".join(parts)
        + "</channel></rss>"
    )


def serve_feed(site, items, *, etag: str = "") -> str:
    return site.add("/feed.xml", rss(site, items), content_type="application/rss+xml; charset=utf-8", etag=etag)


def test_new_entries_become_queued_articles_once_across_polls(site, allow_localhost):
    url = serve_feed(site, [("a", "Checkpoint attacked", None), ("b", "Protest in Khartoum", None)])
    feed = feed_create(url=url, name="", poll_interval=15)

    first = feed_poll(feed=feed)
    assert first.new_entries == 2
    urls = set(Article.objects.values_list("url", flat=True))
    assert urls == {site.url("/news/a"), site.url("/news/b")}  # canonical: tracking parameters dropped
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.QUEUED}
    assert Article.objects.get(url=site.url("/news/a")).published_on == dt.date(2016, 10, 17)

    # The feed changes: one story drops off, a new one arrives.
    serve_feed(site, [("b", "Protest in Khartoum", None), ("c", "Ceasefire agreed", None)])
    second = feed_poll(feed=feed, force=True)
    assert second.new_entries == 1
    assert Article.objects.count() == 3
    assert FeedEntry.objects.filter(feed=feed).count() == 3
    assert set(FeedEntry.objects.values_list("article__url", flat=True)) == set(
        Article.objects.values_list("url", flat=True)
    )

    # Polled again with nothing new: nothing queued twice.
    assert feed_poll(feed=feed, force=True).new_entries == 0
    assert Article.objects.count() == 3
    feed.refresh_from_db()
    assert feed.name == "Example Wire: World"
    assert feed.error_count == 0
    assert feed.next_poll_at > timezone.now() + dt.timedelta(minutes=14)


def test_queued_feed_article_is_fetched_from_its_link(site, allow_localhost):
    serve_feed(site, [("a", "Checkpoint attacked", None)])
    site.add("/news/a", page("Checkpoint attacked near Mosul", fixture_text("wire.txt")))
    feed = feed_create(url=site.url("/feed.xml"))
    feed_poll(feed=feed)
    article = Article.objects.get()

    article_prepare(article_id=article.pk)

    article.refresh_from_db()
    assert "Islamic State militants attacked" in article.text
    assert article.status == Article.Status.PROCESSING


def test_full_content_entry_is_stored_without_fetching_the_link(site, allow_localhost):
    content = "".join(f"<p>{p}</p>" for p in fixture_text("wire.txt").split("\n\n"))
    serve_feed(site, [("full", "Checkpoint attacked", content), ("teaser", "Short", "<p>Just a teaser.</p>")])
    feed = feed_create(url=site.url("/feed.xml"))

    feed_poll(feed=feed)

    full = Article.objects.get(url=site.url("/news/full"))
    assert "Islamic State militants attacked" in full.raw
    teaser = Article.objects.get(url=site.url("/news/teaser"))
    assert teaser.raw == ""  # only a teaser: the page will be fetched
    article_prepare(article_id=full.pk)
    full.refresh_from_db()
    assert full.status == Article.Status.PROCESSING
    assert site.hits("/news/full") == 0


def test_unchanged_feed_answers_304_and_nothing_is_parsed(site, allow_localhost):
    serve_feed(site, [("a", "Checkpoint attacked", None)], etag='"v1"')
    feed = feed_create(url=site.url("/feed.xml"))
    feed_poll(feed=feed)
    feed.refresh_from_db()
    assert feed.etag == '"v1"'

    result = feed_poll(feed=feed, force=True)

    assert result.not_modified
    assert result.new_entries == 0
    _path, headers = site.requests[-1]
    assert headers["if-none-match"] == '"v1"'
    assert Article.objects.count() == 1


def test_last_modified_is_sent_back(site, allow_localhost):
    site.add(
        "/feed.xml",
        rss(site, [("a", "A", None)]),
        content_type="application/rss+xml",
        headers={"Last-Modified": "Mon, 17 Oct 2016 09:00:00 GMT"},
    )
    feed = feed_create(url=site.url("/feed.xml"))
    feed_poll(feed=feed)
    feed_poll(feed=feed, force=True)
    assert site.requests[-1][1]["if-modified-since"] == "Mon, 17 Oct 2016 09:00:00 GMT"


def test_failing_feed_backs_off_exponentially_and_recovers(site, allow_localhost):
    site.add("/feed.xml", "oops", status=500, content_type="text/plain")
    feed = feed_create(url=site.url("/feed.xml"), poll_interval=10)
    delays = []
    for _ in range(3):
        before = timezone.now()
        result = feed_poll(feed=feed, force=True)
        assert "HTTP 500" in result.error
        feed.refresh_from_db()
        delays.append(feed.next_poll_at - before)
    assert feed.error_count == 3
    assert "HTTP 500" in feed.last_error
    assert delays[0] < delays[1] < delays[2]
    assert delays[2] >= dt.timedelta(minutes=80)
    # Not due yet: the regular poller leaves it alone.
    assert feeds_poll_due() == []

    serve_feed(site, [("a", "A", None)])
    assert feed_poll(feed=feed, force=True).new_entries == 1
    feed.refresh_from_db()
    assert (feed.error_count, feed.last_error) == (0, "")


def test_backoff_is_capped_at_a_day():
    assert backoff_delay(poll_interval=30, error_count=1) == dt.timedelta(minutes=60)
    assert backoff_delay(poll_interval=30, error_count=30) == dt.timedelta(hours=24)


def test_not_a_feed_is_an_error(site, allow_localhost):
    site.add("/feed.xml", "<html><body>hello</body></html>", content_type="text/xml")
    feed = feed_create(url=site.url("/feed.xml"))
    assert "not a readable feed" in feed_poll(feed=feed).error


def test_feed_on_a_private_address_is_refused(settings):
    settings.INGEST_ALLOWED_NETWORKS = []
    feed = feed_create(url="http://192.168.1.1/feed.xml")
    assert "private address" in feed_poll(feed=feed).error


def test_poll_due_only_polls_due_active_feeds(site, allow_localhost):
    serve_feed(site, [("a", "A", None)])
    due = feed_create(url=site.url("/feed.xml"))
    later = Feed.objects.create(url=site.url("/later.xml"), next_poll_at=timezone.now() + dt.timedelta(hours=1))
    Feed.objects.create(url=site.url("/inactive.xml"), is_active=False)

    assert poll_due_feeds_task.apply().get() == 1

    assert [p for p, _ in site.requests] == ["/feed.xml"]
    due.refresh_from_db()
    assert due.last_polled_at is not None
    later.refresh_from_db()
    assert later.last_polled_at is None


def test_add_feed_and_poll_feeds_commands(site, allow_localhost, capsys):
    serve_feed(site, [("a", "A", None), ("b", "B", None)])
    call_command("add_feed", site.url("/feed.xml"), "--name", "Wire", "--interval", "5")
    call_command("add_feed", site.url("/feed.xml"), "--name", "Wire", "--interval", "5")
    assert Feed.objects.get().poll_interval == 5

    call_command("poll_feeds")
    call_command("poll_feeds")  # not due any more
    call_command("poll_feeds", "--all")

    out = capsys.readouterr().out
    assert "polled 1 feed(s): 2 new entries, 0 failed" in out
    assert "polled 0 feed(s)" in out
    assert "polled 1 feed(s): 0 new entries, 0 failed" in out
    assert Article.objects.count() == 2


def test_admin_poll_now_action(site, allow_localhost, rf, admin_user):
    serve_feed(site, [("a", "A", None)])
    feed = feed_create(url=site.url("/feed.xml"))
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + dt.timedelta(hours=1))
    request = rf.post("/admin/ingest/feed/")
    request.user, request.session = admin_user, {}
    request._messages = FallbackStorage(request)
    model_admin = FeedAdmin(Feed, admin.site)

    model_admin.poll_now(request, model_admin.get_queryset(request).filter(pk=feed.pk))

    assert [str(m) for m in get_messages(request)] == ["Polled 1 feed(s): 1 new entries, 0 failed."]
    assert Article.objects.count() == 1
    assert model_admin.entry_count(model_admin.get_queryset(request).get()) == 1
