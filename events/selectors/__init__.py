"""Reads for the events app, one module a subject; callers import the module they need.

``events`` (lists, detail pages, who took part), ``articles`` (and their quotes), ``actors``,
``places``, ``aggregates`` (the one grouping behind every chart and /api/v1/stats/, and the
aggregate cache) and ``maps``. Views never call select_related/prefetch_related themselves, so
an N+1 is fixed in one place.
"""
