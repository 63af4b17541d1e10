"""The API's single exception handler: every handled error becomes JSON ``{"detail": ...}``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from conflict_tracker.middleware import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, database_unreachable

logger = logging.getLogger(__name__)


def _first_messages(errors: Any, prefix: str = "") -> list[str]:
    if isinstance(errors, dict):
        out: list[str] = []
        for key, value in errors.items():
            label = "" if key in ("non_field_errors", "__all__", "detail") else f"{prefix}{key}"
            out += _first_messages(value, f"{label}." if label else prefix)
        return out
    if isinstance(errors, list):
        return [m for item in errors for m in _first_messages(item, prefix)]
    field = prefix.rstrip(".")
    return [f"{field}: {errors}" if field else str(errors)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn DRF and Django validation errors into 4xx JSON and an unreachable database into 503.

    Real crashes are left to Django (500, logged).
    """
    if database_unreachable(exc):
        logger.warning("database unavailable: %s", exc)
        unavailable = Response({"detail": DATABASE_UNAVAILABLE}, status=503)
        unavailable["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return unavailable
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": " ".join(_first_messages(data)) or "Invalid input.", "errors": data}
    elif not (isinstance(data, dict) and "detail" in data):
        response.data = {"detail": data}
    return response
