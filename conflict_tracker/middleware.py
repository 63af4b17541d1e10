"""Answer 503 ("try again shortly"), not 500, when a page meets an unreachable or frozen database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
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


class PrivateReadMiddleware:
    """On a private deployment (PUBLIC_READ=0) every page needs a signed-in user or an API token.

    Deny by default: any view is covered, except the admin (its own login), the sign-in pages, the
    health check and the API, whose permission class (events/api/permissions.py) applies the same
    setting and accepts tokens. A page answers with a redirect to the sign-in page, the JSON
    endpoints (map data, autocomplete) and any client asking for JSON with a 401.
    """

    EXEMPT_PREFIXES = ("/api/", "/admin/", "/accounts/", "/health/", "/static/")
    JSON_PREFIXES = ("/map/data/", "/autocomplete/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        from events.permissions import read_is_public

        if read_is_public() or request.path.startswith(self.EXEMPT_PREFIXES):
            return None
        if getattr(view, "login_required", True) is False:
            return None  # Django's @login_not_required: the URL carries its own secret (a feed token)
        try:
            if request.user.is_authenticated or _token_user(request) is not None:
                return None
        except (OperationalError, InterfaceError) as exc:
            # Raised here, not in the view, so DatabaseUnavailableMiddleware would not see it.
            if not database_unreachable(exc):
                raise
            logger.warning("database unavailable on %s: %s", request.path, exc)
            return database_unavailable_response()
        if request.path.startswith(self.JSON_PREFIXES) or "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse({"detail": "Sign in or send an API token: this deployment is private."}, status=401)
            response["WWW-Authenticate"] = "Token"
            return response
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


def _token_user(request: HttpRequest) -> Any:
    """The user of a valid ``Authorization: Token …`` header, or None (scripts reading map data)."""
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    # The header as DRF's get_authorization_header reads it (WSGI gives it as a latin-1 str).
    words = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(words) != 2 or words[0].lower() != "token":
        return None
    try:
        user, _token = TokenAuthentication().authenticate_credentials(words[1])
    except AuthenticationFailed:
        return None
    request.user = user
    return user
