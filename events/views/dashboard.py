"""The dashboard: totals, fatalities over time, events by type and country, the latest intake."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from events.charts import TYPE_COLOURS, month_chart, shares
from events.models import EVENT_TYPE_CHOICES, Article
from events.selectors import aggregates as aggregate_selectors
from events.selectors import articles as article_selectors
from events.selectors import events as event_selectors


def dashboard(request: HttpRequest) -> HttpResponse:
    aggregates = aggregate_selectors.dashboard_aggregates()
    totals = aggregates["dashboard:totals"]
    by_month = aggregates["dashboard:by_month"]
    by_type = shares(aggregates["dashboard:by_type"], key="event_type", label=dict(EVENT_TYPE_CHOICES), value="events")
    context = {
        "totals": totals,
        "status_counts": [
            (value, label, totals.articles_by_status[value])
            for value, label in Article.Status.choices
            if totals.articles_by_status.get(value)
        ],
        "fatalities_chart": month_chart(by_month, value="fatalities"),
        "by_type": [(row, TYPE_COLOURS.get(row.key, "")) for row in by_type],
        "by_country": shares(aggregates["dashboard:by_country"], key="country_code", value="events"),
        "recent_events": event_selectors.recent_events(limit=10),
        "latest_articles": article_selectors.latest_articles(limit=10),
    }
    return render(request, "events/dashboard.html", context)
