"""Load the extraction pipeline before the first request, where the web process runs it itself.

With no broker (the embedded default) a submitted article is processed eagerly inside the API
request; loading spaCy, the gazetteer and the actor table on that request made the first
submission take ~20 s. The WSGI module calls this once at server start instead.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from django.conf import settings

logger = logging.getLogger(__name__)

# One short article through every stage: the model, the gazetteer, the entity ruler built from
# the actor table, and dateparser's language data are all loaded by it.
WARM_TEXT = (
    "Gunmen attacked a police checkpoint in Kandahar on Monday, killing two officers, officials said.\n\n"
    '"We will find them," the provincial governor said.'
)


def pipeline_needed_here() -> bool:
    """True when this process runs the pipeline for its own requests (Celery eager, the embedded mode)."""
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))


def pipeline_warm() -> float:
    """Load the pipeline and run one short article through it; return the seconds it took."""
    from ingest.extraction.pipeline import get_pipeline
    from ingest.known_actors import known_actors

    started = time.perf_counter()
    pipeline = get_pipeline()
    prepare = getattr(pipeline.gazetteer, "prepare", None)
    if prepare is not None:
        prepare()  # the spelling index a first unknown name would otherwise build inside a request
    pipeline.extract(WARM_TEXT, published="2020-01-06", extra_actors=known_actors())
    elapsed = time.perf_counter() - started
    logger.info("extraction pipeline loaded in %.1fs (embedded mode: articles are processed in this process)", elapsed)
    return elapsed


def started_as_server() -> bool:
    """True in `manage.py runserver` and gunicorn, not when a test or a script imports the WSGI module."""
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    return sys.argv[1:2] == ["runserver"] or program.startswith("gunicorn")


def pipeline_warm_if_needed() -> None:
    """Warm the pipeline in an eager-mode server; a failure is logged, never fatal to the server."""
    if not (pipeline_needed_here() and started_as_server()):
        return
    try:
        pipeline_warm()
    except Exception:  # noqa: BLE001 - the first request then loads it, as before
        logger.exception("could not load the extraction pipeline at start; the first article will")
