"""Writes for the events app, one module a subject; callers import the module they need.

``articles``: submission and re-extraction; ``editing``: an editor's changes to events;
``merging``: merge and split of actors and events; ``counts``: the stored event counts of actors
and places, which the others (and ingest) keep right in their own transactions.
"""
