"""Saved searches (subscriptions), what each one was told (notifications) and how (deliveries)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def _token() -> str:
    return secrets.token_urlsafe(32)


def new_feed_token() -> str:
    """A fresh secret for a subscription's feed URL."""
    return _token()


class Subscription(models.Model):
    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", "Immediate"
        DAILY = "daily", "Daily digest"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    name = models.CharField(max_length=200)
    # The events filter as a query string, validated by events.filters.EventFilter.
    query = models.CharField(max_length=2000, blank=True)
    webhook_url = models.URLField(max_length=1000, blank=True)
    secret = models.CharField(max_length=64, default=_token, editable=False)
    email = models.EmailField(blank=True)
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE)
    feed_token = models.CharField(max_length=64, default=_token, unique=True)
    is_paused = models.BooleanField(default=False)
    paused_reason = models.CharField(max_length=500, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """One change of one event told to one subscription: created before anything is sent."""

    class Change(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        MERGED = "merged", "Merged"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    # No foreign key: a notification outlives a merged-away event.
    event_id = models.BigIntegerField()
    change = models.CharField(max_length=10, choices=Change.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # A worker's claim on the next webhook attempt: while it runs no other worker sends this
    # notification; once it has run out (the worker died mid-attempt) a redelivered task takes over.
    claimed_until = models.DateTimeField(null=True, blank=True)
    is_emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id", "change"], name="alerts_notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: event {self.event_id} {self.change}"


class Delivery(models.Model):
    """One webhook attempt."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"attempt {self.attempt}: {self.status_code or self.error}"
