"""Celery entry points of alerts: match changed events, deliver webhooks."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from alerts import services
from alerts.models import Notification, Subscription


@shared_task(acks_late=True)
def match_events_task(event_ids: list[int], change: str) -> list[int]:
    """Record the notifications the changed events owe and queue their webhooks."""
    created = services.notifications_create(event_ids=event_ids, change=change)
    for pk in (
        Notification.objects.filter(pk__in=created).exclude(subscription__webhook_url="").values_list("pk", flat=True)
    ):
        deliver_webhook_task.delay(pk)
    immediate = Subscription.objects.filter(
        notifications__pk__in=created, digest=Subscription.Digest.IMMEDIATE
    ).exclude(email="")
    for subscription_id in immediate.distinct().values_list("pk", flat=True):
        email_notifications_task.delay(subscription_id)
    return created


@shared_task(acks_late=True)
def email_notifications_task(subscription_id: int) -> int:
    """E-mail a subscription's notifications not yet e-mailed."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return 0
    return services.notifications_email(subscription=subscription)


@shared_task(acks_late=True)
def send_daily_digests_task() -> int:
    """Queue the daily digest of every daily subscription with an address."""
    ids = list(
        Subscription.objects.filter(digest=Subscription.Digest.DAILY).exclude(email="").values_list("pk", flat=True)
    )
    for pk in ids:
        email_notifications_task.delay(pk)
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook_task(self, notification_id: int) -> str:
    """Send a notification's webhook; back off exponentially on 5xx and timeouts."""
    notification = Notification.objects.select_related("subscription").filter(pk=notification_id).first()
    if notification is None or notification.status != Notification.Status.PENDING:
        return "done"
    outcome = services.notification_deliver(notification=notification)
    if outcome == services.Outcome.RETRY:
        delay = float(settings.ALERTS_WEBHOOK_BACKOFF_SECONDS) * 2 ** (notification.attempts)
        if self.request.is_eager:
            import time

            time.sleep(delay)
            return deliver_webhook_task.apply(args=(notification_id,)).get()
        raise self.retry(countdown=delay)
    return outcome
