"""A compatible path while events/api/views.py (being edited in another change) imports it from here.

The statistics are computed by events.selectors.aggregates.event_stats, the one grouping the
dashboard and the pages share; this module goes once that import moves there.
"""

from events.selectors.aggregates import event_stats

__all__ = ["event_stats"]
