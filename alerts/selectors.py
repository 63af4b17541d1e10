"""Reads for alerts."""

from __future__ import annotations

from django.db.models import QuerySet

from alerts.models import Delivery, Notification, Subscription


def subscriptions_of(user) -> QuerySet[Subscription]:
    """Return the user's subscriptions, newest first."""
    return Subscription.objects.filter(owner=user)


def last_deliveries(subscription: Subscription, *, limit: int = 50) -> list[Delivery]:
    """Return the subscription's latest webhook attempts."""
    return list(Delivery.objects.filter(notification__subscription=subscription).select_related("notification")[:limit])


def notifications_to_send(*, event_ids: list[int], change: str) -> QuerySet[Notification]:
    """Return this batch's notifications never attempted nor claimed: those a match task must queue.

    A repeated match (a redelivered task whose worker died after recording the rows) finds the
    rows already there and queues them again; ones already tried are in their own task's hands.
    """
    return Notification.objects.filter(
        event_id__in=event_ids,
        change=change,
        status=Notification.Status.PENDING,
        attempts=0,
        claimed_until__isnull=True,
    )


def webhook_notification_ids(notifications: QuerySet[Notification]) -> list[int]:
    """Return the ids of those notifications whose subscription has a webhook."""
    return list(notifications.exclude(subscription__webhook_url="").order_by("pk").values_list("pk", flat=True))


def immediate_email_subscription_ids(*, event_ids: list[int], change: str) -> list[int]:
    """Return the immediate-digest subscriptions with an address that owe a mail for this batch."""
    owed = Notification.objects.filter(event_id__in=event_ids, change=change, is_emailed=False)
    return list(
        Subscription.objects.filter(digest=Subscription.Digest.IMMEDIATE, pk__in=owed.values("subscription_id"))
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
