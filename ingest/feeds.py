"""Feed services: add a feed, poll it (conditional GET, back-off), turn new entries into articles."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

import feedparser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags

from events.canonical import InvalidURL, canonical_url
from events.services.articles import article_submit
from ingest.fetch import FEED_TYPES, FetchError, fetch
from ingest.models import Feed, FeedEntry

logger = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(hours=24)
# A feed entry whose content has at least this many words is the article itself (full-content
# feeds); shorter content is a teaser and the linked page is fetched instead.
FULL_CONTENT_MIN_WORDS = 150


@dataclass(frozen=True)
class PollResult:
    feed_id: int
    new_entries: int = 0
    not_modified: bool = False
    error: str = ""
    skipped: bool = False  # another poller holds the feed


def feed_create(*, url: str, name: str = "", poll_interval: int = 30) -> Feed:
    """Add a feed to poll (due at once); return the existing one if its URL is already known."""
    try:
        url = canonical_url(url)
    except InvalidURL as exc:
        raise ValidationError(str(exc)) from exc
    if poll_interval < 1:
        raise ValidationError("The poll interval is at least one minute.")
    feed, created = Feed.objects.get_or_create(url=url, defaults={"name": name[:200], "poll_interval": poll_interval})
    if not created and (name or poll_interval != feed.poll_interval):
        feed.name = name[:200] or feed.name
        feed.poll_interval = poll_interval
        feed.save(update_fields=["name", "poll_interval"])
    return feed


def backoff_delay(*, poll_interval: int, error_count: int) -> dt.timedelta:
    """Wait after a failed poll: the interval doubled per consecutive failure, at most a day."""
    return min(dt.timedelta(minutes=poll_interval) * 2 ** min(error_count, 16), MAX_BACKOFF)


def _claim(feed: Feed, *, force: bool) -> bool:
    """Lease the feed until its next regular poll so two pollers never poll it at once."""
    now = timezone.now()
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    match = Feed.objects.filter(pk=feed.pk, is_active=True)
    if not force:
        match = match.filter(due)
    lease_until = now + dt.timedelta(minutes=feed.poll_interval)
    return bool(match.update(next_poll_at=lease_until))


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, TypeError):
                continue
    return None


def _entry_full_html(entry) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(strip_tags(value).split()) >= FULL_CONTENT_MIN_WORDS:
            return value
    return ""


def _store_entry(feed: Feed, entry) -> bool:
    """Record one entry and submit its article; return False if the entry was seen before."""
    link = (entry.get("link") or "").strip()
    try:
        link = canonical_url(link) if link else ""
    except InvalidURL:
        link = ""
    guid = (entry.get("id") or link or "").strip()[:1000]
    html = _entry_full_html(entry)
    if not guid or not (link or html):
        return False
    title = strip_tags(entry.get("title") or "").strip()[:500]
    if FeedEntry.objects.filter(feed=feed, guid=guid).exists():
        return False
    try:
        with transaction.atomic():
            row = FeedEntry.objects.create(feed=feed, guid=guid, link=link, title=title)
            article = article_submit(
                html=html or None,
                url=link or None,
                title=title,
                published=_entry_date(entry),
                publisher=feed.name,
            )
            row.article = article
            row.save(update_fields=["article"])
    except IntegrityError:
        return False  # another poller stored this entry a moment ago
    except ValidationError as exc:
        logger.warning("feed %s: entry %s not stored: %s", feed.pk, guid, exc)
        return False
    return True


def feed_poll(*, feed: Feed, force: bool = False) -> PollResult:
    """Poll one feed with a conditional GET and queue the articles of entries not seen before."""
    if not _claim(feed, force=force):
        return PollResult(feed_id=feed.pk, skipped=True)
    feed.refresh_from_db()
    started = time.perf_counter()
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    now = timezone.now()
    try:
        response = fetch(feed.url, accept=FEED_TYPES, headers=headers)
        if response.status == 304:
            _record_success(feed, now=now)
            logger.info("feed %s not modified", feed.pk)
            return PollResult(feed_id=feed.pk, not_modified=True)
        parsed = feedparser.parse(
            response.body, response_headers={"content-type": response.headers.get("content-type", "")}
        )
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            problem = parsed.get("bozo_exception") or "neither RSS nor Atom"
            raise FetchError(f"not a readable feed: {problem}")
    except FetchError as exc:
        return _record_failure(feed, error=str(exc), now=now)
    new = sum(_store_entry(feed, entry) for entry in parsed.entries)
    _record_success(
        feed,
        now=now,
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
        name=feed.name or strip_tags(parsed.feed.get("title") or "")[:200],
    )
    logger.info(
        "feed %s polled in %.2fs: %d entries, %d new", feed.pk, time.perf_counter() - started, len(parsed.entries), new
    )
    return PollResult(feed_id=feed.pk, new_entries=new)


def _record_success(feed: Feed, *, now: dt.datetime, **fields: str) -> None:
    updates: dict[str, object] = {
        "last_polled_at": now,
        "next_poll_at": now + dt.timedelta(minutes=feed.poll_interval),
        "error_count": 0,
        "last_error": "",
    }
    limits = {"etag": 500, "last_modified": 100, "name": 200}
    updates.update({k: v[: limits[k]] for k, v in fields.items() if v})
    Feed.objects.filter(pk=feed.pk).update(**updates)


def _record_failure(feed: Feed, *, error: str, now: dt.datetime) -> PollResult:
    errors = feed.error_count + 1
    delay = backoff_delay(poll_interval=feed.poll_interval, error_count=errors)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now, next_poll_at=now + delay, error_count=F("error_count") + 1, last_error=error[:2000]
    )
    logger.warning("feed %s failed (%d in a row, next try in %s): %s", feed.pk, errors, delay, error)
    return PollResult(feed_id=feed.pk, error=error)


def feeds_poll_due(*, force: bool = False) -> list[PollResult]:
    """Poll every active feed that is due (every active feed when force), one after another."""
    feeds = Feed.objects.filter(is_active=True)
    if not force:
        feeds = feeds.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=timezone.now()))
    return [feed_poll(feed=feed, force=force) for feed in feeds.order_by("next_poll_at", "pk")]
