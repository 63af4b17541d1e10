"""The editors' workbench: correct, review, merge and split, with history and locking of edited fields.

One module per concern, each registering its models when imported here (Django's admin
autodiscovery imports this package): ``base`` (history, country scopes, action pages),
``articles``, ``actors``, ``events`` (events and their evidence inline), ``sources`` (places,
evidence, quotes) and ``scopes`` (editors' countries, the user page).
"""

from events.admin import actors, articles, base, events, scopes, sources

__all__ = ["actors", "articles", "base", "events", "scopes", "sources"]
