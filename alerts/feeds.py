"""Atom 1.0 feeds of a search: /events/feed/?<filters> and a subscription's secret feed URL."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import condition

from alerts.models import Subscription
from events.filters import EventFilter
from events.models import Event
from events.selectors import events as event_selectors

FEED_ITEMS = 50


def _events(query: QueryDict) -> QuerySet[Event]:
    event_filter = EventFilter(query, queryset=event_selectors.event_list())
    if not event_filter.is_valid():
        raise Http404("invalid filters")
    return event_filter.qs.order_by("-updated_at", "-id")


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = "Conflict events"
    subtitle = "Events matching a search"

    def get_object(self, request: HttpRequest, token: str | None = None) -> QueryDict:
        if token is not None:
            return QueryDict(get_object_or_404(Subscription, feed_token=token).query)
        return request.GET

    def link(self, obj: QueryDict) -> str:
        return f"/events/?{obj.urlencode()}" if obj else "/events/"

    def items(self, obj: QueryDict) -> list[Event]:
        return list(_events(obj)[:FEED_ITEMS])

    def item_title(self, item: Event) -> str:
        place = item.location.name if item.location else "unknown place"
        return f"{item.get_sub_event_type_display() or item.get_event_type_display()} in {place} on {item.date}"

    def item_description(self, item: Event) -> str:
        actors = ", ".join(a.name for a in (item.actor1, item.actor2) if a) or "unknown actors"
        toll = "unknown" if item.fatalities is None else str(item.fatalities)
        evidence = next(iter(item.evidence.all()), None)
        sentence = evidence.sentence if evidence else item.summary
        return f"Type: {item.get_event_type_display()}. Actors: {actors}. Fatalities: {toll}. {sentence}"

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return f"event-{item.pk}"

    def item_pubdate(self, item: Event):
        return item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        return [item.event_type, item.sub_event_type]


def _query(request: HttpRequest, token: str | None = None) -> QueryDict:
    return QueryDict(get_object_or_404(Subscription, feed_token=token).query) if token else request.GET


def _last_modified(request: HttpRequest, token: str | None = None):
    try:
        return _events(_query(request, token)).aggregate(m=Max("updated_at"))["m"]
    except Http404:
        return None


def _etag(request: HttpRequest, token: str | None = None) -> str | None:
    try:
        events = _events(_query(request, token))
    except Http404:
        return None
    ids = list(events.values_list("pk", "updated_at")[:FEED_ITEMS])
    return hashlib.sha256(repr((token, request.GET.urlencode(), ids)).encode()).hexdigest()[:32]


_feed = EventFeed()


@condition(etag_func=_etag, last_modified_func=_last_modified)
def events_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request)


@login_not_required  # the token in the URL is its own credential, on a private deployment too
@condition(etag_func=_etag, last_modified_func=_last_modified)
def subscription_feed(request: HttpRequest, token: str) -> HttpResponse:
    return _feed(request, token=token)
