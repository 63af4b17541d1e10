"""Celery entry points of alerts: match changed events, deliver webhooks."""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from alerts import selectors, services
from alerts.models import Notification, Subscription


# The rows are written before anything is queued: a worker killed in between leaves the message
# unacknowledged, the broker hands it out again, and the repeat queues what the first run did not.
# A broker that refuses the queueing is retried the same way.
@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def match_events_task(event_ids: list[int], change: str) -> int:
    """Record the notifications the changed events owe and queue their webhooks and e-mails."""
    owed = services.notifications_create(event_ids=event_ids, change=change)
    if not owed:
        return 0
    for pk in selectors.webhook_notification_ids(selectors.notifications_to_send(event_ids=event_ids, change=change)):
        deliver_webhook_task.delay(pk)
    for subscription_id in selectors.immediate_email_subscription_ids(event_ids=event_ids, change=change):
        email_notifications_task.delay(subscription_id)
    return owed


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
    state = Notification.objects.filter(pk=notification_id).values("status", "claimed_until").first()
    if state is None or state["status"] != Notification.Status.PENDING:
        return "done"
    notification = services.notification_claim(notification_id=notification_id)
    if notification is None:
        # Another worker holds the attempt, or a killed one did: look again when its claim lapses.
        if self.request.is_eager or state["claimed_until"] is None:
            return "claimed"
        wait = (state["claimed_until"] - timezone.now()).total_seconds()
        raise self.retry(countdown=max(1.0, wait + 1.0))
    outcome = services.notification_deliver(notification=notification)
    if outcome == services.Outcome.RETRY:
        delay = float(settings.ALERTS_WEBHOOK_BACKOFF_SECONDS) * 2 ** (notification.attempts - 1)
        if self.request.is_eager:
            time.sleep(delay)
            return deliver_webhook_task.apply(args=(notification_id,)).get()
        raise self.retry(countdown=delay)
    return outcome
