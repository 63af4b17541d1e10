"""Time limits on every PostgreSQL wait, so a frozen database costs a request seconds, not a hang.

Three limits (settings in the "Database time limits" block of settings.py):

* ``connect_timeout`` (``DB_CONNECT_TIMEOUT``): libpq's own, in every process;
* ``statement_timeout``: the server cancels a statement that runs longer. Which one a connection
  gets depends on who opens it: a web request ``DB_STATEMENT_TIMEOUT``, a Celery worker's task
  ``DB_WORKER_STATEMENT_TIMEOUT``, anything else (``migrate``, ``load_gazetteer``, a shell) none;
* a deadline on the client: a server that is frozen (SIGSTOP, a hung VM, a dropped route) never
  sends the cancellation, and its kernel still acknowledges every packet, so no TCP setting
  notices. Every call on a connection that has a statement timeout is watched; one still waiting
  ``statement_timeout + GRACE_SECONDS`` later has its socket shut down by a watchdog thread,
  which libpq reports at once as a lost connection (``OperationalError``). Django then drops the
  connection and the request answers 503 (conflict_tracker/middleware.py).

The psycopg2 classes are passed to ``psycopg2.connect`` through ``DATABASES["default"]["OPTIONS"]``
(``connection_factory``, ``cursor_factory``); nothing else in the project needs to know.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import psycopg2
import psycopg2.extensions
from django.conf import settings

logger = logging.getLogger(__name__)

# Past the statement timeout, how long the server gets to report the cancellation itself.
GRACE_SECONDS = 1.0
# How often the watchdog looks at the calls in flight: the deadline's precision.
TICK_SECONDS = 0.1
# Django's connection health check (``is_usable``, run before a kept connection's first query in
# each request) sends exactly this. A server that cannot answer it within a second will not answer
# the request either; waiting the whole statement deadline here and then a connect timeout would
# add up past what a client waits.
PROBE_QUERY = "SELECT 1"
PROBE_SECONDS = 1.0

_in_web_request: ContextVar[bool] = ContextVar("ct_db_in_web_request", default=False)
_wait_cap: ContextVar[float | None] = ContextVar("ct_db_wait_cap", default=None)


@contextlib.contextmanager
def web_request() -> Iterator[None]:
    """Mark the code inside as serving a web request: connections it opens get the web limits."""
    token = _in_web_request.set(True)
    try:
        yield
    finally:
        _in_web_request.reset(token)


@contextlib.contextmanager
def wait_cap(seconds: float) -> Iterator[None]:
    """Wait at most ``seconds`` for each database call inside (the health check's tighter bound)."""
    token = _wait_cap.set(seconds)
    try:
        yield
    finally:
        _wait_cap.reset(token)


def _in_worker_task() -> bool:
    from celery._state import get_current_worker_task

    task = get_current_worker_task()
    return task is not None and not getattr(task.request, "is_eager", False)


def statement_timeout_for_new_connection() -> float | None:
    """Return the statement timeout (seconds) a connection opened here and now should get."""
    if _in_web_request.get():
        seconds = float(settings.DB_STATEMENT_TIMEOUT)
    elif _in_worker_task():
        seconds = float(settings.DB_WORKER_STATEMENT_TIMEOUT)
    else:
        return None
    return seconds if seconds > 0 else None


@dataclass
class _Watch:
    fd: int
    deadline: float
    fired: bool = False


class _Watchdog:
    """One thread per process that shuts down the socket of any call past its deadline."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        # After a fork the thread is gone and the lock may have been held by it: start afresh.
        self._cond = threading.Condition(threading.Lock())
        self._armed: dict[int, _Watch] = {}
        self._thread: threading.Thread | None = None

    def arm(self, fd: int, seconds: float) -> _Watch:
        watch = _Watch(fd=fd, deadline=time.monotonic() + seconds)
        with self._cond:
            self._armed[id(watch)] = watch
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-deadline-watchdog", daemon=True)
                self._thread.start()
            elif len(self._armed) == 1:
                self._cond.notify()
        return watch

    def disarm(self, watch: _Watch) -> None:
        with self._cond:
            self._armed.pop(id(watch), None)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait(TICK_SECONDS if self._armed else None)
                now = time.monotonic()
                for key, watch in list(self._armed.items()):
                    if watch.deadline <= now:
                        # Under the lock: the caller cannot disarm and close (freeing the fd for
                        # reuse by another socket) while this shuts the connection's socket down.
                        del self._armed[key]
                        watch.fired = True
                        _shutdown(watch.fd)


def _shutdown(fd: int) -> None:
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()  # closes the duplicate only; the connection's own fd stays open


WATCHDOG = _Watchdog()


def _limit(conn: LimitedConnection, *, probe: bool = False) -> float | None:
    own = conn.wait_limit
    if own is None:
        return _wait_cap.get()
    caps = [own, _wait_cap.get(), PROBE_SECONDS if probe else None]
    return min(c for c in caps if c is not None)


@contextlib.contextmanager
def _watched(conn: LimitedConnection, *, probe: bool = False) -> Iterator[None]:
    limit = _limit(conn, probe=probe)
    if limit is None or conn.closed:
        yield
        return
    watch = WATCHDOG.arm(conn.fileno(), limit)
    try:
        yield
    except psycopg2.Error as exc:
        if watch.fired:
            logger.warning("database call gave no answer within %.1fs; connection dropped", limit)
            raise psycopg2.OperationalError(f"the database did not answer within {limit:g}s") from exc
        raise
    finally:
        WATCHDOG.disarm(watch)


def _with_statement_timeout(dsn: str, seconds: float) -> str:
    params = psycopg2.extensions.parse_dsn(dsn)
    option = f"-c statement_timeout={round(seconds * 1000)}"
    params["options"] = f"{params['options']} {option}" if params.get("options") else option
    return psycopg2.extensions.make_dsn(**params)


class LimitedConnection(psycopg2.extensions.connection):
    """A psycopg2 connection whose statement timeout and client deadline follow who opened it."""

    wait_limit: float | None = None

    def __init__(self, dsn: str, *args: Any, **kwargs: Any) -> None:
        statement = statement_timeout_for_new_connection()
        if statement is not None:
            dsn = _with_statement_timeout(dsn, statement)
        super().__init__(dsn, *args, **kwargs)
        self.wait_limit = None if statement is None else statement + GRACE_SECONDS

    def commit(self) -> None:
        with _watched(self):
            super().commit()

    def rollback(self) -> None:
        with _watched(self):
            super().rollback()


class LimitedCursor(psycopg2.extensions.cursor):
    """Every call that waits for the server is watched; a client-side cursor's fetches do not wait."""

    connection: LimitedConnection

    def execute(self, query: Any, vars: Any = None) -> None:  # noqa: A002 - psycopg2's name
        with _watched(self.connection, probe=query == PROBE_QUERY):
            super().execute(query, vars)

    def executemany(self, query: Any, vars_list: Any) -> None:
        with _watched(self.connection):
            super().executemany(query, vars_list)

    def callproc(self, procname: Any, parameters: Any = None) -> Any:
        with _watched(self.connection):
            return super().callproc(procname, parameters)

    def fetchone(self) -> Any:
        if self.name is None:
            return super().fetchone()
        with _watched(self.connection):
            return super().fetchone()

    def fetchmany(self, size: int | None = None) -> Any:
        if self.name is None:
            return super().fetchmany() if size is None else super().fetchmany(size)
        with _watched(self.connection):
            return super().fetchmany() if size is None else super().fetchmany(size)

    def fetchall(self) -> Any:
        if self.name is None:
            return super().fetchall()
        with _watched(self.connection):
            return super().fetchall()

    def copy_expert(self, sql: Any, file: Any, *args: Any, **kwargs: Any) -> None:
        with _watched(self.connection):
            super().copy_expert(sql, file, *args, **kwargs)


def connection_options() -> dict[str, Any]:
    """The psycopg2 ``OPTIONS`` that apply these limits (settings.py adds them for PostgreSQL)."""
    return {"connection_factory": LimitedConnection, "cursor_factory": LimitedCursor}


def statement_timed_out(exc: BaseException) -> bool:
    """Tell whether ``exc`` is the server cancelling a statement for its statement_timeout."""
    cause = exc.__cause__ or exc
    return getattr(cause, "pgcode", None) == "57014" or getattr(cause, "sqlstate", None) == "57014"
