"""Writes for alerts: subscriptions, matching changed events, webhook deliveries."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.http import QueryDict
from django.utils import timezone

from alerts.models import Delivery, Notification, Subscription, new_feed_token
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


# Filter values matched by one SQL statement (a UNION ALL of their filtered querysets). Bounded
# by the number of bound values too: each branch repeats the changed ids (SQLite's limit).
MATCH_BRANCHES_PER_STATEMENT = 250
_MATCH_PARAMS_PER_STATEMENT = 30_000
NOTIFICATION_INSERT_BATCH = 2_000

# One filter of a saved search with its cleaned value, e.g. ("country", "IQ").
Atom = tuple[str, Any]


@functools.lru_cache(maxsize=50_000)
def query_canonical(query: str) -> str:
    """Return the query with its parameters sorted and empty ones dropped: equal searches, one string."""
    params = QueryDict(query)
    return urlencode(sorted((k, v) for k in params for v in params.getlist(k) if v.strip()))


@functools.cache
def _event_filter() -> EventFilter:
    return EventFilter(queryset=Event.objects.none())


@functools.lru_cache(maxsize=50_000)
def _cleaned(query: str) -> tuple[Atom, ...] | None:
    """Return the filter values EventFilter's form makes of a query string; None if it refuses it.

    A pure function of the string (the values are dates, numbers, strings, tuples), kept for the
    worker's life: building and validating a FilterSet is most of what matching 10,000 saved
    searches costs, and the same searches come back with every batch. One form class serves
    them all (a FilterSet builds its own, copying every field, each time).
    """
    form = type(_event_filter().form)(QueryDict(query))  # what EventFilter(QueryDict(query)).form is
    if not form.is_valid():  # valid when saved; a filter changed since, say
        return None
    return tuple(form.cleaned_data.items())


def _atoms_match(atoms: list[Atom], event_ids: list[int]) -> dict[Atom, set[int]]:
    """Return which of the events each filter value selects: EventFilter's own filters, in SQL."""
    filters = _event_filter().filters
    per_statement = max(1, min(MATCH_BRANCHES_PER_STATEMENT, _MATCH_PARAMS_PER_STATEMENT // (len(event_ids) + 1)))
    matched: dict[Atom, set[int]] = {atom: set() for atom in atoms}
    changed = Event.objects.filter(pk__in=event_ids)
    for start in range(0, len(atoms), per_statement):
        chunk = atoms[start : start + per_statement]
        branches = [
            filters[name].filter(changed, value).order_by().annotate(_atom=Value(index)).values_list("pk", "_atom")
            for index, (name, value) in enumerate(chunk)
        ]
        statement = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        for event_id, index in statement:
            matched[chunk[index]].add(event_id)
    return matched


def queries_match(*, queries: list[str], event_ids: list[int]) -> dict[str, list[int]]:
    """Return, for each saved query that selects any of these events, the ids it selects.

    The database decides, with EventFilter's own filters restricted to the changed ids. Each
    distinct filter value (``country=IQ``, one bounding box) is matched once for all the searches
    that use it, a few hundred of them per UNION ALL statement; a search then selects the events
    every one of its filters selects, which is what chaining them in one queryset does (each
    filter is a condition on the event row: a column, a joined location, or a subquery).
    """
    if not event_ids:
        return {}
    cleaned = {query: atoms for query in queries if (atoms := _cleaned(query)) is not None}
    distinct = list(dict.fromkeys(atom for atoms in cleaned.values() for atom in atoms))
    by_atom = _atoms_match(distinct, event_ids) if distinct else {}
    every = set(Event.objects.filter(pk__in=event_ids).values_list("pk", flat=True))
    matched: dict[str, list[int]] = {}
    for query, atoms in cleaned.items():
        ids = set.intersection(every, *(by_atom[atom] for atom in atoms))
        if ids:
            matched[query] = sorted(ids)
    return matched


def matching_event_ids(*, subscription: Subscription, event_ids: list[int]) -> list[int]:
    """Return which of these events the subscription's filters select (the database decides)."""
    return sorted(queries_match(queries=[subscription.query], event_ids=event_ids).get(subscription.query, []))


def notifications_create(*, event_ids: list[int], change: str) -> int:
    """Record a notification per matching (subscription, event, change); return how many are owed.

    Subscriptions with the same search (canonical query string) share one match. The rows go in
    with bulk inserts that skip existing keys (the unique constraint), so a retry or a second
    worker running the same batch adds nothing and skips nothing.
    """
    by_query: dict[str, list[int]] = {}
    for pk, query in Subscription.objects.filter(is_paused=False).values_list("pk", "query").order_by("pk"):
        by_query.setdefault(query_canonical(query), []).append(pk)
    matched = queries_match(queries=list(by_query), event_ids=sorted(set(event_ids)))
    rows = [
        Notification(subscription_id=subscription_id, event_id=event_id, change=change)
        for query, ids in matched.items()
        for subscription_id in by_query[query]
        for event_id in ids
    ]
    Notification.objects.bulk_create(rows, batch_size=NOTIFICATION_INSERT_BATCH, ignore_conflicts=True)
    return len(rows)


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 hex of ``{timestamp}.{body}`` with the subscription's secret."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def webhook_payload(notification: Notification) -> dict | None:
    from events.api.serializers import EventSerializer
    from events.selectors import events as event_selectors

    event = event_selectors.event_list().filter(pk=notification.event_id).first()
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


def delivery_lease() -> timedelta:
    """How long a claim on a webhook attempt lasts: longer than the slowest POST (connect + read timeouts)."""
    return timedelta(seconds=2 * float(settings.ALERTS_WEBHOOK_TIMEOUT) + 10)


def notification_claim(*, notification_id: int) -> Notification | None:
    """Claim a pending notification for one webhook attempt; None if it is settled or another worker holds it.

    A conditional update: of two workers holding the same message (a redelivery, a repeated
    match) only one sends; a claim left by a killed worker lapses after ``delivery_lease()``.
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + delivery_lease())
    )
    if not claimed:
        return None
    return Notification.objects.select_related("subscription").get(pk=notification_id)


def notification_deliver(*, notification: Notification) -> str:
    """Send one webhook attempt of a claimed notification, log it, release the claim, say whether to retry."""
    subscription = notification.subscription
    payload = webhook_payload(notification)
    if payload is None or not subscription.webhook_url:
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED, claimed_until=None)
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
    delivered = status is not None and 200 <= status < 300
    transient = (status is None and not error.startswith("refused")) or (status is not None and status >= 500)
    retry = not delivered and transient and attempt < int(settings.ALERTS_WEBHOOK_MAX_ATTEMPTS)
    if delivered:
        outcome, new_status = Outcome.DELIVERED, Notification.Status.DELIVERED
    elif retry:
        outcome, new_status = Outcome.RETRY, Notification.Status.PENDING
    else:
        outcome, new_status = Outcome.GIVE_UP, Notification.Status.FAILED
    with transaction.atomic():
        Delivery.objects.create(
            notification=notification, attempt=attempt, status_code=status, latency_ms=latency, error=error
        )
        Notification.objects.filter(pk=notification.pk).update(attempts=attempt, status=new_status, claimed_until=None)
        if delivered:
            Subscription.objects.filter(pk=subscription.pk).update(
                consecutive_failures=0, last_notified_at=timezone.now()
            )
    notification.attempts = attempt
    if outcome == Outcome.GIVE_UP:
        subscription_record_failure(subscription=subscription, reason=error or f"HTTP {status}", gone=status == 410)
    return outcome


def subscription_record_failure(*, subscription: Subscription, reason: str, gone: bool = False) -> None:
    """Count a failed notification; pause after ALERTS_MAX_CONSECUTIVE_FAILURES, or at once on 410 Gone."""
    rows = Subscription.objects.filter(pk=subscription.pk)
    with transaction.atomic():
        # Counted in the database: two workers failing at once both count.
        rows.update(consecutive_failures=F("consecutive_failures") + 1)
        failures = rows.values_list("consecutive_failures", flat=True).first()
        if failures is not None and (gone or failures >= int(settings.ALERTS_MAX_CONSECUTIVE_FAILURES)):
            rows.filter(is_paused=False).update(
                is_paused=True, paused_reason=f"paused after {failures} failed deliveries: {reason}"[:500]
            )


def subscription_renew_feed_token(*, subscription: Subscription) -> Subscription:
    """Give the subscription a new secret feed URL; the old one stops working at once."""
    subscription.feed_token = new_feed_token()
    subscription.save(update_fields=["feed_token"])
    return subscription


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
