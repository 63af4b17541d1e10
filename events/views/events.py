"""The event list (filter, sort, paginate, export) and the event page (every fact, its source)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from events.filters import EventFilter
from events.highlight import Span, highlight
from events.models import Article, Event, Evidence
from events.selectors import events as event_selectors
from events.views._listing import clean_query, order_by_sort, paginate, sortable_columns

EVENTS_PER_PAGE = 50
EVENT_SORTS = {
    "date": ("date",),
    "type": ("event_type", "sub_event_type"),
    "location": ("location__name",),
    "fatalities": ("fatalities",),
    "review": ("review_status",),
}
EVENT_COLUMNS = [
    ("date", "Date"),
    ("type", "Type"),
    ("actors", "Actors"),
    ("location", "Location"),
    ("fatalities", "Fatalities"),
    ("review", "Review"),
]


def bound_event_filter(request: HttpRequest) -> tuple[EventFilter, QuerySet[Event]]:
    """Return the filter bound to the query string and its queryset (none when the input is invalid)."""
    event_filter = EventFilter(request.GET or None, queryset=event_selectors.event_list_light())
    enhance_event_form(event_filter.form)
    # An invalid filter shows its error and no rows, rather than silently ignoring the filter.
    if event_filter.is_bound and not event_filter.is_valid():
        return event_filter, Event.objects.none()
    return event_filter, event_filter.qs


def enhance_event_form(form) -> None:
    """Hook the actor and place inputs to their autocomplete lists (static/js/site.js fills them)."""
    hooks = {
        "actor": ("actor-options", "events:actor-autocomplete"),
        "location": ("location-options", "events:location-autocomplete"),
    }
    for name, (list_id, url_name) in hooks.items():
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"list": list_id, "autocomplete": "off", "data-autocomplete": reverse(url_name)}
            )


def event_list(request: HttpRequest) -> HttpResponse:
    event_filter, events = bound_event_filter(request)
    events, sort = order_by_sort(events, request.GET.get("sort"), EVENT_SORTS, "-date")
    page = paginate(events, request.GET.get("page"), per_page=EVENTS_PER_PAGE)
    filters = clean_query(request.GET, "page", "sort")
    context = {
        "filter": event_filter,
        "form": event_filter.form,
        "page": page,
        "sort": sort,
        "columns": sortable_columns(EVENT_COLUMNS, sort=sort, query=clean_query(request.GET), numeric=("fatalities",)),
        "querystring": clean_query(request.GET, "page").urlencode(),
        "filter_querystring": filters.urlencode(),
    }
    return render(request, "events/event_list.html", context)


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
    event = get_object_or_404(event_selectors.event_page(), pk=pk)
    location = event.location
    point = (
        {"lat": location.latitude, "lon": location.longitude, "label": str(location), "type": event.event_type}
        if location and location.latitude is not None and location.longitude is not None
        else None
    )
    context = {"event": event, "sources": _evidence_by_article(list(event.evidence.all())), "point": point}
    return render(request, "events/event_detail.html", context)
