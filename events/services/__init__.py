"""Writes for the events app, one module a subject; callers import the module they need.

``articles``: submission and re-extraction; ``editing``: an editor's changes to events;
``merging``: merge and split of actors and events. The stored event counts they keep right are
in ``events.counts``.
"""
