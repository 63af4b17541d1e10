"""The Celery application; tasks are found in each app's tasks.py."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")

app = Celery("conflict_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fixup closes the database connection before and after every task unless this
# is set, so each task paid a new connection (~8 ms here, and a backend start on the server's
# side). The fixup now recycles it only every this many tasks; between tasks the connection is
# treated as between web requests (below).
app.conf.update(CELERY_DB_REUSE_MAX=1000)  # the fixup reads this, the old-style name
app.autodiscover_tasks()


# issue 18: with no broker (eager, the embedded mode) Celery still opens a producer for each
# apply_async; without a URL kombu guesses amqp://localhost and warns "No hostname was supplied".
# The in-memory transport is never connected to here and keeps the set-up log clean.
@app.on_after_configure.connect
def _memory_transport_when_eager(sender: Celery, **kwargs: Any) -> None:
    if not sender.conf.broker_url:
        sender.conf.update(broker_url="memory://localhost/")


@task_prerun.connect
@task_postrun.connect
def _close_unusable_connections(task: Any = None, **kwargs: Any) -> None:
    """Drop a connection that is broken or older than CONN_MAX_AGE, as Django does per request.

    With CONN_HEALTH_CHECKS the kept connection is tested before the task's first query, so one
    the server killed (a restart) is replaced instead of failing the task. Eager tasks run inside
    the caller's transaction and connection: left alone.
    """
    if task is not None and not getattr(task.request, "is_eager", False):
        close_old_connections()
