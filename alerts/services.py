"""Writes for alerts: subscriptions, matching changed events, webhook deliveries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from alerts.models import Delivery, Notification, Subscription
from conflict_tracker import netguard
from events.filters import EventFilter
from events.models import Event

logger = logging.getLogger(__name__)


def query_validate(query: str) -> str:
    """Return the query string if EventFilter accepts it; raise ValidationError with its errors."""
    event_filter = EventFilter(QueryDict(query), queryset=Event.objects.none())
    if not event_filter.is_valid():
        raise ValidationError({"query": [f"{k}: {' '.join(v)}" for k, v in event_filter.errors.items()]})
    return query


def webhook_url_validate(url: str) -> str:
    """Refuse a webhook URL the SSRF guard would refuse (same INGEST_ALLOWED_NETWORKS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"webhook_url": ["Enter an http or https URL."]})
    try:
        netguard.resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (netguard.AddressRefused, netguard.Unresolvable) as exc:
        raise ValidationError({"webhook_url": [str(exc)]}) from exc
    return url


def subscription_create(
    *,
    owner,
    name: str,
    query: str = "",
    webhook_url: str = "",
    email: str = "",
    digest: str = Subscription.Digest.IMMEDIATE,
) -> Subscription:
    """Store a validated saved search."""
    query_validate(query)
    if webhook_url:
        webhook_url_validate(webhook_url)
    return Subscription.objects.create(
        owner=owner, name=name, query=query, webhook_url=webhook_url, email=email, digest=digest
    )


def _matching(query: str, event_ids: list[int]) -> list[int]:
    """Return which of these events the saved query selects: EventFilter's queryset, in SQL."""
    event_filter = EventFilter(QueryDict(query), queryset=Event.objects.filter(pk__in=event_ids))
    if not event_filter.is_valid():
        return []
    return list(event_filter.qs.order_by("pk").values_list("pk", flat=True))


def matching_event_ids(*, subscription: Subscription, event_ids: list[int]) -> list[int]:
    """Return which of these events the subscription's filters select (the database decides)."""
    return _matching(subscription.query, event_ids)


def notifications_create(*, event_ids: list[int], change: str) -> list[int]:
    """Record a notification per matching (subscription, event, change); return the new ones' ids.

    A retry finds the rows already there (the unique key) and creates nothing twice.
    """
    created: list[int] = []
    # Saved searches repeat (a country, a type): each distinct query string is matched once.
    by_query: dict[str, list[int]] = {}
    for pk, query in Subscription.objects.filter(is_paused=False).values_list("pk", "query").order_by("pk"):
        by_query.setdefault(query, []).append(pk)
    for query, subscription_ids in by_query.items():
        matched = _matching(query, event_ids)
        for subscription_id in subscription_ids if matched else ():
            for event_id in matched:
                try:
                    with transaction.atomic():
                        notification = Notification.objects.create(
                            subscription_id=subscription_id, event_id=event_id, change=change
                        )
                    created.append(notification.pk)
                except IntegrityError:
                    continue
    return created


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 hex of ``{timestamp}.{body}`` with the subscription's secret."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def webhook_payload(notification: Notification) -> dict | None:
    from events import selectors
    from events.api.serializers import EventSerializer

    event = selectors.event_list().filter(pk=notification.event_id).first()
    if event is None:
        return None
    data = dict(EventSerializer(event).data)
    data["subscription"] = notification.subscription_id
    data["change"] = notification.change
    return data


class Outcome:
    DELIVERED, RETRY, GIVE_UP = "delivered", "retry", "give_up"


def webhook_post(*, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST to the checked address of the URL's host; return (status, error)."""
    parts = urlsplit(url)
    scheme = parts.scheme
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        address = netguard.resolve(parts.hostname or "", port)
    except (netguard.AddressRefused, netguard.Unresolvable) as exc:
        return None, f"refused: {exc}"
    pool = netguard.pinned_pool(scheme, parts.hostname or "", address, port, float(settings.ALERTS_WEBHOOK_TIMEOUT))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            "POST", target, body=body, headers={"Host": parts.netloc, **headers}, redirect=False, retries=False
        )
        return response.status, ""
    except urllib3.exceptions.TimeoutError:
        return None, "timeout"
    except urllib3.exceptions.HTTPError as exc:
        return None, f"connection error: {exc}"[:500]
    finally:
        pool.close()


def notification_deliver(*, notification: Notification) -> str:
    """Send one webhook attempt, log it, and say whether to retry."""
    subscription = notification.subscription
    payload = webhook_payload(notification)
    if payload is None or not subscription.webhook_url:
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED)
        return Outcome.GIVE_UP
    body = json.dumps(payload, separators=(",", ":"), default=str).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Alerts-Timestamp": timestamp,
        "X-Alerts-Signature": "sha256=" + sign(secret=subscription.secret, timestamp=timestamp, body=body),
        "X-Alerts-Notification": str(notification.pk),
    }
    attempt = notification.attempts + 1
    started = time.monotonic()
    status, error = webhook_post(url=subscription.webhook_url, body=body, headers=headers)
    latency = int((time.monotonic() - started) * 1000)
    Delivery.objects.create(
        notification=notification, attempt=attempt, status_code=status, latency_ms=latency, error=error
    )
    Notification.objects.filter(pk=notification.pk).update(attempts=attempt)
    if status is not None and 200 <= status < 300:
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.DELIVERED)
        Subscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0, last_notified_at=timezone.now())
        return Outcome.DELIVERED
    transient = status is None and not error.startswith("refused") or (status is not None and status >= 500)
    last = attempt >= int(settings.ALERTS_WEBHOOK_MAX_ATTEMPTS)
    if transient and not last:
        return Outcome.RETRY
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED)
    subscription_record_failure(subscription=subscription, reason=error or f"HTTP {status}", gone=status == 410)
    return Outcome.GIVE_UP


def subscription_record_failure(*, subscription: Subscription, reason: str, gone: bool = False) -> None:
    """Count a failed notification; pause after ALERTS_MAX_CONSECUTIVE_FAILURES, or at once on 410 Gone."""
    failures = subscription.consecutive_failures + 1
    pause = gone or failures >= int(settings.ALERTS_MAX_CONSECUTIVE_FAILURES)
    Subscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=failures,
        is_paused=pause or subscription.is_paused,
        paused_reason=f"paused after {failures} failed deliveries: {reason}" if pause else subscription.paused_reason,
    )


UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def unsubscribe_token(subscription: Subscription) -> str:
    """A signed token naming the subscription: the unsubscribe link needs no sign-in."""
    from django.core import signing

    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_unsubscribe(*, token: str) -> Subscription | None:
    """Stop the e-mails of the subscription the token names; None for a bad token."""
    from django.core import signing

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is not None:
        Subscription.objects.filter(pk=pk).update(email="")
    return subscription


def notifications_email(*, subscription: Subscription) -> int:
    """E-mail the subscription's notifications not yet e-mailed, in one message; return how many."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from events.models import Event

    if not subscription.email:
        return 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update().filter(subscription=subscription, is_emailed=False).order_by("pk")
        )
        if not pending:
            return 0
        events = Event.objects.select_related("location").in_bulk([n.event_id for n in pending])
        items = [(n, events.get(n.event_id)) for n in pending]
        base = str(settings.ALERTS_SITE_URL).rstrip("/")
        context = {
            "subscription": subscription,
            "items": items,
            "base": base,
            "unsubscribe_url": f"{base}/alerts/unsubscribe/{unsubscribe_token(subscription)}/",
        }
        send_mail(
            subject=f"[alerts] {subscription.name}: {len(pending)} event change(s)",
            message=render_to_string("alerts/email.txt", context),
            from_email=None,
            recipient_list=[subscription.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(is_emailed=True)
    return len(pending)
