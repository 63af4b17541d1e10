"""Server-rendered pages for analysts: one module per area, re-exported for events/urls.py."""

from events.views.articles import article_detail, article_list, quote_list
from events.views.dashboard import dashboard
from events.views.entities import (
    actor_autocomplete,
    actor_detail,
    actor_list,
    location_autocomplete,
    location_detail,
    location_list,
)
from events.views.events import event_detail, event_list
from events.views.maps import event_map, event_map_data

__all__ = [
    "actor_autocomplete",
    "actor_detail",
    "actor_list",
    "article_detail",
    "article_list",
    "dashboard",
    "event_detail",
    "event_list",
    "event_map",
    "event_map_data",
    "location_autocomplete",
    "location_detail",
    "location_list",
    "quote_list",
]
