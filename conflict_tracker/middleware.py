"""Answer 503 ("try again shortly"), not 500, when a page meets an unreachable or frozen database."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from conflict_tracker.dblimits import statement_timed_out, web_request

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "The database is unavailable; try again shortly."
# Long enough for a PostgreSQL restart or failover; clients and proxies that honour it back off.
RETRY_AFTER_SECONDS = 30


def database_unreachable(exc: BaseException) -> bool:
    """Tell whether ``exc`` means the database cannot be reached or did not answer in time, not
    that a query was wrong.

    Both kinds arrive as OperationalError (SQLite reports "no such table" as one): the
    connection tells them apart. It is missing when connecting failed, and unusable when the
    server went away under it or froze (conflict_tracker/dblimits.py cuts such a connection off).
    A statement the server cancelled for its statement_timeout is an overloaded database: 503 too.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    if statement_timed_out(exc):
        return True
    return connection.connection is None or not connection.is_usable()


def database_unavailable_response() -> HttpResponse:
    """Render templates/503.html without the request, so no context processor touches the database."""
    html = loader.get_template("503.html").render({"message": DATABASE_UNAVAILABLE})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseLimitsMiddleware:
    """Give the database connections a request opens the web's time limits (DB_STATEMENT_TIMEOUT).

    First in MIDDLEWARE, so that whatever opens the connection (a view, the session) is inside.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with web_request():
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turn a view's (or its template's) failure to reach the database into a 503 page.

    A wrong query still ends as a 500. The API answers the same failures in its own JSON shape
    (events/api/exceptions.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unreachable(exception):
            return None
        logger.warning("database unavailable on %s: %s", request.path, exception)
        return database_unavailable_response()
