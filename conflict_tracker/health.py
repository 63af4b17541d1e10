"""GET /health/: is the database reachable, the broker up, a worker listening? Answered in bounded time.

The database is checked on the request's own connection with a wait of at most
HEALTH_CHECK_TIMEOUT seconds (a new connection at most DB_CONNECT_TIMEOUT); the broker and the
workers meanwhile on a background thread, given the same time. A part that has not answered by
then is reported as not ok, so a load balancer's check never hangs on a frozen dependency.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from conflict_tracker.celery import app
from conflict_tracker.dblimits import wait_cap
from conflict_tracker.middleware import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

# One thread: a broker check stuck past its time keeps it busy, and the next checks wait and time
# out too, instead of piling up threads.
_BROKER_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health-broker")


def _timeout() -> float:
    return float(settings.HEALTH_CHECK_TIMEOUT)


def _database() -> dict:
    try:
        with wait_cap(_timeout()), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure means "down"; the message says why
        return {"ok": False, "error": str(exc)[:300]}


def _broker() -> dict:
    try:
        with app.connection_for_write(app.conf.broker_url) as conn:
            # kombu takes fractions of a second; celery-types declares the timeout an int.
            conn.ensure_connection(max_retries=1, timeout=_timeout())  # type: ignore[arg-type]
        return {"ok": True, "mode": "broker"}
    except Exception as exc:
        return {"ok": False, "error": str(exc)[:300]}


def _workers(broker_ok: bool) -> dict:
    if not broker_ok:
        return {"ok": False, "count": 0}
    try:
        replies = app.control.ping(timeout=min(1.0, _timeout() / 2)) or []
    except Exception as exc:
        return {"ok": False, "count": 0, "error": str(exc)[:300]}
    return {"ok": bool(replies), "count": len(replies)}


def _broker_and_workers() -> tuple[dict, dict]:
    broker = _broker()
    return broker, _workers(broker["ok"])


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    if app.conf.task_always_eager:
        database = _database()
        broker: dict = {"ok": True, "mode": "eager"}
        workers: dict = {"ok": True, "count": 0, "mode": "eager"}
    else:
        pending = _BROKER_CHECKS.submit(_broker_and_workers)
        database = _database()
        try:
            # The database check used part of the time already; the broker had it in parallel.
            broker, workers = pending.result(timeout=_timeout())
        except FutureTimeoutError:
            message = f"no answer within {_timeout():g}s"
            broker, workers = {"ok": False, "error": message}, {"ok": False, "count": 0, "error": message}
    # Reads need only the database; without a worker, submissions queue up but nothing is lost.
    status = "ok" if database["ok"] and broker["ok"] and workers["ok"] else ("degraded" if database["ok"] else "down")
    response = JsonResponse(
        {"status": status, "database": database, "broker": broker, "workers": workers},
        status=503 if status == "down" else 200,
    )
    if status == "down":
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
