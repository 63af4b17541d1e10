"""Server-rendered pages for analysts: dashboard, event list and the detail pages."""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events import selectors
from events.filters import EventFilter
from events.highlight import Span, highlight
from events.models import Article, Event, Evidence

EVENTS_PER_PAGE = 50


def dashboard(request: HttpRequest) -> HttpResponse:
    totals = selectors.dashboard_totals()
    context = {
        "totals": totals,
        "status_counts": [
            (value, label, totals.articles_by_status[value])
            for value, label in Article.Status.choices
            if totals.articles_by_status.get(value)
        ],
        "recent_events": selectors.recent_events(limit=10),
        "latest_articles": selectors.latest_articles(limit=10),
    }
    return render(request, "events/dashboard.html", context)


def event_list(request: HttpRequest) -> HttpResponse:
    event_filter = EventFilter(request.GET or None, queryset=selectors.event_list_light())
    # An invalid filter shows its error and no rows, rather than silently ignoring the filter.
    events = event_filter.qs if event_filter.is_bound is False or event_filter.is_valid() else Event.objects.none()
    paginator = Paginator(events.order_by(F("date").desc(nulls_last=True), "-id"), EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for key in [k for k, v in query.items() if v == ""]:
        query.pop(key)
    return render(
        request,
        "events/event_list.html",
        {"filter": event_filter, "form": event_filter.form, "page": page, "querystring": query.urlencode()},
    )


def _evidence_by_article(evidence: list[Evidence]) -> list[dict]:
    """Group an event's evidence per article and highlight it inside the article text."""
    grouped: dict[int, list[Evidence]] = defaultdict(list)
    articles: dict[int, Article] = {}
    for item in evidence:
        grouped[item.article_id].append(item)
        articles[item.article_id] = item.article
    return [
        {
            "article": articles[article_id],
            "evidence": items,
            "paragraphs": highlight(
                articles[article_id].text,
                [Span(e.start, e.end, e.sentence, ref=f"evidence-{e.pk}") for e in items],
            ),
        }
        for article_id, items in grouped.items()
    ]


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.event_detail(), pk=pk)
    context = {"event": event, "sources": _evidence_by_article(list(event.evidence.all()))}
    return render(request, "events/event_detail.html", context)


def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(selectors.actor_list(), pk=pk)
    context = {
        "actor": actor,
        "events": selectors.events_for_actor(actor),
        "quotes": selectors.quotes_for_actor(actor),
    }
    return render(request, "events/actor_detail.html", context)


def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(selectors.location_list(), pk=pk)
    context = {
        "location": location,
        "events": selectors.events_for_location(location),
        "articles": selectors.location_articles(location),
    }
    return render(request, "events/location_detail.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_detail(), pk=pk)
    events = list(selectors.events_for_article(article))
    spans = [Span(e.start, e.end, ref=f"evidence-{e.pk}") for e in article.evidence.all()]
    context = {
        "article": article,
        "paragraphs": highlight(article.text, spans),
        "events": events,
    }
    return render(request, "events/article_detail.html", context)
