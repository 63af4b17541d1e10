"""Writes for the events app, one module a subject; callers import the module they need.

``articles``: submission and re-extraction; ``editing``: an editor's changes to events;
``merging``: merge and split of actors and events. The stored event counts they keep right are
in ``events.counts``.
"""

# A compatible path while events/api/views.py (being edited in another change) still reads
# ``services.article_submit``; it goes once that module imports events.services.articles.
from events.services.articles import article_submit

__all__ = ["article_submit"]
