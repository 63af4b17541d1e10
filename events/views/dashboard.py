"""The dashboard: totals, fatalities over time, events by type and country, the latest intake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from events import selectors
from events.charts import TYPE_COLOURS, month_chart, shares
from events.models import EVENT_TYPE_CHOICES, Article

# The whole-table aggregates the dashboard shows, by cache key; Celery beat warms them too.
DASHBOARD_AGGREGATES: dict[str, Callable[[], Any]] = {
    "dashboard:totals": selectors.dashboard_totals,
    "dashboard:by_month": selectors.events_by_month,
    "dashboard:by_type": selectors.events_by_type,
    "dashboard:by_country": selectors.events_by_country,
}


def dashboard_aggregates(*, refresh: bool = False, seconds: int | None = None) -> dict:
    """Return the dashboard's aggregates by key, from the cache (``refresh`` recomputes them)."""
    return {
        key: selectors.cached_aggregate(key, compute, refresh=refresh, seconds=seconds)
        for key, compute in DASHBOARD_AGGREGATES.items()
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    aggregates = dashboard_aggregates()
    totals = aggregates["dashboard:totals"]
    by_month = aggregates["dashboard:by_month"]
    by_type = shares(aggregates["dashboard:by_type"], key="event_type", label=dict(EVENT_TYPE_CHOICES))
    context = {
        "totals": totals,
        "status_counts": [
            (value, label, totals.articles_by_status[value])
            for value, label in Article.Status.choices
            if totals.articles_by_status.get(value)
        ],
        "fatalities_chart": month_chart(by_month, value="fatalities"),
        "by_type": [(row, TYPE_COLOURS.get(row.key, "")) for row in by_type],
        "by_country": shares(aggregates["dashboard:by_country"], key="country_code"),
        "recent_events": selectors.recent_events(limit=10),
        "latest_articles": selectors.latest_articles(limit=10),
    }
    return render(request, "events/dashboard.html", context)
