"""GET /health/: is the database reachable, the broker up, a worker listening?"""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from conflict_tracker.celery import app

logger = logging.getLogger(__name__)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure means "down"; the message says why
        return {"ok": False, "error": str(exc)[:300]}


def _broker() -> dict:
    if app.conf.task_always_eager:
        return {"ok": True, "mode": "eager"}
    try:
        with app.connection_for_write(app.conf.broker_url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker"}
    except Exception as exc:
        return {"ok": False, "error": str(exc)[:300]}


def _workers(broker_ok: bool) -> dict:
    if app.conf.task_always_eager:
        return {"ok": True, "count": 0, "mode": "eager"}
    if not broker_ok:
        return {"ok": False, "count": 0}
    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return {"ok": False, "count": 0, "error": str(exc)[:300]}
    return {"ok": bool(replies), "count": len(replies)}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker = _broker()
    workers = _workers(broker["ok"])
    # Reads need only the database; without a worker, submissions queue up but nothing is lost.
    status = "ok" if database["ok"] and broker["ok"] and workers["ok"] else ("degraded" if database["ok"] else "down")
    return JsonResponse(
        {"status": status, "database": database, "broker": broker, "workers": workers},
        status=503 if status == "down" else 200,
    )
