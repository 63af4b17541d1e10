"""Celery entry points of alerts: match changed events, deliver webhooks."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from alerts import services
from alerts.models import Notification


@shared_task(acks_late=True)
def match_events_task(event_ids: list[int], change: str) -> list[int]:
    """Record the notifications the changed events owe and queue their webhooks."""
    created = services.notifications_create(event_ids=event_ids, change=change)
    for pk in (
        Notification.objects.filter(pk__in=created).exclude(subscription__webhook_url="").values_list("pk", flat=True)
    ):
        deliver_webhook_task.delay(pk)
    return created


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
            return deliver_webhook_task.apply(args=[notification_id]).get()
        raise self.retry(countdown=delay)
    return outcome
