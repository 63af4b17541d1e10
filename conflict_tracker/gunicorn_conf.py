"""gunicorn settings for the web process: ``gunicorn -c python:conflict_tracker.gunicorn_conf …``.

Command-line flags (bind, workers, timeout) still override these; this module holds what the
command line cannot say: the worker hooks that keep Python's garbage collector off the latency.

A full (generation 2) collection walks every tracked object the process holds — Django, DRF, the
URL resolver, compiled templates: ~100,000 objects, 50–55 ms on the benchmark machine — and one
ran every 15–20 requests, so about one API call in twenty took 150–200 ms instead of 35–50 ms.
Objects that live as long as the worker are moved out of the collector's reach
(``gc.freeze``) once the app is loaded and again once the first requests have loaded what is
imported lazily; a full collection then looks only at what requests created since.
"""

from __future__ import annotations

import gc
from typing import Any

# Requests after which what they loaded lazily (templates, serializers, URL patterns) is frozen.
FREEZE_AFTER_REQUESTS = (1, 50)


def freeze_long_lived_objects() -> None:
    """Collect once, then exempt every surviving object from later collections."""
    gc.collect()
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    """Load what the first request would (URLconf, views, DRF) and freeze it, before serving."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every view module is the point
    freeze_long_lived_objects()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    if getattr(worker, "nr", None) in FREEZE_AFTER_REQUESTS:
        freeze_long_lived_objects()
