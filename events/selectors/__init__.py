"""Reads for the events app, one module a subject; callers import the module they need.

``events`` (lists, detail pages, who took part), ``articles`` (and their quotes), ``actors``,
``places``, ``aggregates`` (the one grouping behind every chart and /api/v1/stats/, and the
aggregate cache) and ``maps``. Views never call select_related/prefetch_related themselves, so
an N+1 is fixed in one place.
"""

# A compatible path while events/api/views.py, events/api/serializers.py and alerts/services.py
# (being edited in other changes) still read ``selectors.<name>``; it goes once they import the
# submodules.
from events.selectors.actors import actor_list
from events.selectors.aggregates import cached_aggregate
from events.selectors.articles import article_detail, article_list, quote_list
from events.selectors.events import event_list, event_rows, events_for_article, events_load_relations
from events.selectors.places import location_list

__all__ = [
    "actor_list",
    "article_detail",
    "article_list",
    "cached_aggregate",
    "event_list",
    "event_rows",
    "events_for_article",
    "events_load_relations",
    "location_list",
    "quote_list",
]
