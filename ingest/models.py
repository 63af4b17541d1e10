"""Where articles come from: polled feeds and the entries already taken from them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    name = models.CharField(max_length=200, blank=True)
    poll_interval = models.PositiveIntegerField(default=30, help_text="Minutes between polls.")
    is_active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, help_text="Empty means due now.")
    # Conditional-GET state echoed back on the next poll so an unchanged feed costs a 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="Consecutive failed polls.")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "url"]
        indexes = [models.Index(fields=["is_active", "next_poll_at"])]
        constraints = [models.CheckConstraint(condition=Q(poll_interval__gte=1), name="feed_poll_interval_positive")]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def is_failing(self) -> bool:
        return self.error_count > 0


class FeedEntry(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    # The entry's guid, or its link when the feed gives none; one row per entry and feed is what
    # keeps a re-poll (or two pollers racing) from queuing the same story twice.
    guid = models.CharField(max_length=1000)
    link = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        "events.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_entries"
    )
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-seen_at", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="feedentry_unique_guid_per_feed")]

    def __str__(self) -> str:
        return self.title or self.link or self.guid


class ArticleLease(models.Model):
    """A worker's claim on one article: who holds it, since when, and how it came to.

    The lease runs INGEST_LEASE_SECONDS from the article's `updated_at`, which the claim sets and
    every renewal (between pipeline stages, and a heartbeat during a long extraction) touches:
    the claim is a conditional update of that one row, so two claimers can never both win. An
    article in flight whose lease ran out lost its worker; a redelivered task or the beat sweep
    takes it over under a new token, and the old holder's final write, which checks its token
    under the article's row lock (ingest.lifecycle.article_lease_fence), changes nothing.
    One row per article a worker ever claimed; ingest.lifecycle.article_claim writes it in the
    same statement that moves the article to fetching/processing.
    """

    article = models.OneToOneField(
        "events.Article", primary_key=True, on_delete=models.CASCADE, related_name="ingest_lease"
    )
    token = models.CharField(max_length=32, help_text="Which claim holds the lease (a new one per claim).")
    owner = models.CharField(max_length=200, blank=True, help_text="host:pid of the worker process.")
    claimed_at = models.DateTimeField()
    # Claims of the article in flight after its lease ran out (its worker killed, out of memory,
    # over the hard time limit) since it was last queued: an article that keeps losing its worker
    # is marked failed rather than taken over for ever.
    takeovers = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "article lease"

    def __str__(self) -> str:
        return f"lease {self.token[:8]} on article {self.article_id} ({self.owner})"
