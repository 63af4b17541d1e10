"""Reads for alerts."""

from __future__ import annotations

from django.db.models import QuerySet

from alerts.models import Delivery, Subscription


def subscriptions_of(user) -> QuerySet[Subscription]:
    """Return the user's subscriptions, newest first."""
    return Subscription.objects.filter(owner=user)


def last_deliveries(subscription: Subscription, *, limit: int = 50) -> list[Delivery]:
    """Return the subscription's latest webhook attempts."""
    return list(Delivery.objects.filter(notification__subscription=subscription).select_related("notification")[:limit])
