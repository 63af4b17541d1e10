"""Pages: "My alerts" (list, pause, delete, last deliveries) and "Watch this search"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alerts import selectors, services
from alerts.models import Subscription


@login_required
def my_alerts(request: HttpRequest) -> HttpResponse:
    subscriptions = [
        (s, selectors.last_deliveries(s, limit=5), request.build_absolute_uri(f"/alerts/feed/{s.feed_token}/"))
        for s in selectors.subscriptions_of(request.user)
    ]
    return render(request, "alerts/my_alerts.html", {"subscriptions": subscriptions})


@login_required
@require_POST
def watch(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    name = request.POST.get("name", "").strip() or (query or "All events")[:200]
    try:
        services.subscription_create(owner=request.user, name=name, query=query)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(f"/events/?{query}")
    messages.success(request, f"Watching “{name}”.")
    return redirect("alerts:my-alerts")


@login_required
@require_POST
def toggle_pause(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(Subscription, pk=pk, owner=request.user)
    subscription.is_paused = not subscription.is_paused
    if not subscription.is_paused:
        subscription.paused_reason, subscription.consecutive_failures = "", 0
    subscription.save(update_fields=["is_paused", "paused_reason", "consecutive_failures"])
    return redirect("alerts:my-alerts")


@login_required
@require_POST
def renew_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the subscription a new secret feed URL; the old one answers 404 from now on."""
    subscription = get_object_or_404(Subscription, pk=pk, owner=request.user)
    services.subscription_renew_feed_token(subscription=subscription)
    messages.success(request, f"New feed URL for “{subscription.name}”: the old one no longer works.")
    return redirect("alerts:my-alerts")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Subscription, pk=pk, owner=request.user).delete()
    return redirect("alerts:my-alerts")


@login_not_required  # the signed link is its own credential, on a private deployment too
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST unsubscribes (mail scanners follow links): no sign-in needed."""
    from django.core import signing

    if request.method == "POST":
        subscription = services.subscription_unsubscribe(token=token)
        return render(request, "alerts/unsubscribe.html", {"subscription": subscription, "done": bool(subscription)})
    try:
        pk = signing.loads(token, salt=services.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        pk = None
    subscription = Subscription.objects.filter(pk=pk).first() if pk else None
    return render(
        request, "alerts/unsubscribe.html", {"subscription": subscription}, status=200 if subscription else 404
    )
