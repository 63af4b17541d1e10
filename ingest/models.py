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
