"""``GET /api/acled/read``: our events in ACLED's query language, envelope and field names.

So scripts and client libraries written for ACLED's API work unchanged when pointed here
(e.g. the ``acled`` package with ``ACLED_API_HOST=http://HOST/api``). Supported: ``country``,
``iso``, ``region``, ``event_date``, ``year``, ``event_type``, ``sub_event_type``,
``disorder_type``, ``actor1``, ``actor2``, ``assoc_actor_1``, ``inter1``, ``inter2``,
``admin1``, ``admin2``, ``location``, ``notes``, ``fatalities``, ``geo_precision``,
``time_precision``, ``event_id_cnty`` and ``timestamp``, each with ACLED's ``<name>_where``
operator (``=``, ``<``, ``>``, ``<=``, ``>=``, ``BETWEEN`` with ``a|b``, ``LIKE`` with ``%``);
``a|b`` (or ACLED's older ``a:OR:name=b``) for several values; ``fields``, ``limit``,
``page`` and ``_format=json|csv``. The legacy ``key`` + ``email`` parameters are accepted
as a way to present an API token.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events import exports
from events.api.acled_query import acled_filter, bad_param
from events.api.schema import NO_NUL_PATTERN
from events.models import Event

DEFAULT_LIMIT = 5000
MAX_LIMIT = 5000
MAX_PAGE = 1_000_000


class AcledKeyEmailAuthentication(BaseAuthentication):
    """ACLED's legacy ``?key=…&email=…``: the key is a DRF token, the email its user's address."""

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, Token] | None:
        key = request.query_params.get("key")
        email = request.query_params.get("email")
        if not key and not email:
            return None
        if not (key and email):
            raise exceptions.AuthenticationFailed("Pass both key and email.")
        if "\x00" in key + email:  # PostgreSQL text cannot hold NUL: no token has one
            raise exceptions.AuthenticationFailed("Invalid key or email.")
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active or token.user.email.casefold() != email.strip().casefold():
            raise exceptions.AuthenticationFailed("Invalid key or email.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


def _int_param(params: Any, name: str, default: int, *, low: int, high: int) -> int:
    raw = params.get(name) or ""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise bad_param(name, "Enter a whole number.") from exc
    if not low <= value <= high:
        raise bad_param(name, f"Enter a number from {low} to {high}.")
    return value


def _fields(params: Any) -> list[str]:
    raw = params.get("fields") or ""
    wanted = [f.strip() for f in re.split(r"[|,]", raw) if f.strip()]
    unknown = [f for f in wanted if f not in exports.ACLED_FIELDS]
    if unknown:
        raise bad_param("fields", f"Unknown field(s): {', '.join(unknown)}.")
    return wanted or list(exports.ACLED_FIELDS)


class _AcledEventSerializer(serializers.Serializer):
    """ACLED's event row (documentation only); ``fields`` may select a subset."""

    event_id_cnty = serializers.CharField(required=False)
    event_date = serializers.DateField(required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True)
    time_precision = serializers.IntegerField(required=False)
    disorder_type = serializers.CharField(required=False)
    event_type = serializers.CharField(required=False)
    sub_event_type = serializers.CharField(required=False)
    actor1 = serializers.CharField(required=False)
    assoc_actor_1 = serializers.CharField(required=False)
    inter1 = serializers.IntegerField(required=False)
    actor2 = serializers.CharField(required=False)
    assoc_actor_2 = serializers.CharField(required=False)
    inter2 = serializers.IntegerField(required=False)
    interaction = serializers.IntegerField(required=False)
    civilian_targeting = serializers.CharField(required=False)
    iso = serializers.IntegerField(required=False, allow_null=True)
    region = serializers.CharField(required=False)
    country = serializers.CharField(required=False)
    admin1 = serializers.CharField(required=False)
    admin2 = serializers.CharField(required=False)
    admin3 = serializers.CharField(required=False)
    location = serializers.CharField(required=False)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    geo_precision = serializers.IntegerField(required=False)
    # ACLED's column names; the stubs type Field.source and Serializer.data as plain attributes.
    source = serializers.CharField(required=False)  # type: ignore[assignment]
    source_scale = serializers.CharField(required=False)
    notes = serializers.CharField(required=False)
    fatalities = serializers.IntegerField(required=False)
    tags = serializers.CharField(required=False)
    timestamp = serializers.IntegerField(required=False, allow_null=True, help_text="Unix time of the last change.")


class _AcledEnvelopeSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    success = serializers.BooleanField()
    count = serializers.IntegerField(help_text="Rows in this response.")
    data = _AcledEventSerializer(many=True)  # type: ignore[assignment]  # ACLED's envelope key


def _ci(word: str) -> str:
    """``word`` in any case, as a pattern (the view upper- or lower-cases these before comparing)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _values_of(item: str) -> str:
    """Pattern of a parameter ``_values`` reads: items separated by |, spaces around, empty ones skipped."""
    return f"^ *(?:{item})? *(?:\\| *(?:{item})? *)*$"


# [0-9], not \d: Python reads \d as any Unicode digit, and test data are generated with its rules.
_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
# A real calendar date (what datetime.date.fromisoformat accepts), leap days included.
DATE_PATTERN = (
    rf"(?:{_YEAR}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    rf"|{_LEAP_YEAR}-02-29)"
)
_INT = r"[+-]?[0-9]{1,9}"
_TEXT = {"type": "string", "pattern": NO_NUL_PATTERN}
_NUMBER_WHERE = {"type": "string", "pattern": f"^ *(?:=|<|>|<=|>=|{_ci('BETWEEN')})? *$"}
_TEXT_WHERE = {"type": "string", "pattern": f"^ *(?:=|{_ci('LIKE')})? *$"}
_FIELDS = "|".join(exports.ACLED_FIELDS)

# Each parameter's schema is what its parser accepts (empty is no filter), so a generated request the
# schema allows gets an answer, and one it refuses gets a 400.
_PARAM_DOC: list[tuple[str, dict[str, Any], str]] = [
    ("country", _TEXT, "Country name(s), ACLED spelling; several with |."),
    ("iso", {"type": "string", "pattern": _values_of(_INT)}, "Numeric ISO 3166 code(s), e.g. 368; several with |."),
    ("region", _TEXT, "ACLED region number(s) or name(s)."),
    (
        "event_date",
        {"type": "string", "pattern": _values_of(DATE_PATTERN)},
        "YYYY-MM-DD, several with | (any of them); with event_date_where=BETWEEN from|to (from the earliest to "
        "the latest given), with <, >, <=, >= compared with the latest or earliest given.",
    ),
    ("event_date_where", _NUMBER_WHERE, "=, <, >, <=, >= or BETWEEN."),
    ("year", {"type": "string", "pattern": _values_of(_YEAR)}, "Year(s), 1-9999; several with |."),
    ("event_type", _TEXT, "ACLED label (Battles, Explosions/Remote violence, …) or our slug."),
    ("sub_event_type", _TEXT, "ACLED label (Armed clash, …) or our slug."),
    ("disorder_type", _TEXT, "Political violence, Demonstrations or Strategic developments."),
    ("actor1", _TEXT, "Actor name; actor1_where=LIKE with % wildcards."),
    ("actor1_where", _TEXT_WHERE, "= or LIKE."),
    ("actor2", _TEXT, "Actor name."),
    ("admin1", _TEXT, "First-level division."),
    ("location", _TEXT, "Place name."),
    ("fatalities", {"type": "string", "pattern": _values_of(_INT)}, "Number(s); fatalities_where for comparisons."),
    ("fatalities_where", _NUMBER_WHERE, "=, <, >, <=, >= or BETWEEN."),
    (
        "timestamp",
        {"type": "string", "pattern": _values_of(rf"[0-9]{{1,18}}|{DATE_PATTERN}")},
        "Unix time or ISO date: events changed at or after it.",
    ),
    (
        "fields",
        {"type": "string", "pattern": f"^ *(?:{_FIELDS})? *(?:[|,] *(?:{_FIELDS})? *)*$"},
        "Field names to return, separated by | or ,.",
    ),
    (
        "limit",
        {"type": "string", "pattern": r"^(?: *[0-9]{1,9} *)?$"},
        f"Rows per page (default and maximum {MAX_LIMIT}; 0 means the maximum).",
    ),
    (
        "page",
        {"type": "string", "pattern": rf"^(?: *0*(?:[1-9][0-9]{{0,5}}|{MAX_PAGE}) *)?$"},
        f"Page number, from 1 to {MAX_PAGE}.",
    ),
    ("_format", {"type": "string", "pattern": f"^(?:{_ci('json')}|{_ci('csv')})?$"}, "json (default) or csv."),
    ("key", _TEXT, "Legacy auth: an API token (with email)."),
    ("email", _TEXT, "Legacy auth: the token owner's email (with key)."),
]


class AcledReadView(APIView):
    authentication_classes = [AcledKeyEmailAuthentication, TokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    csv_only = False

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        message = response.data.get("detail", "Error") if isinstance(response.data, dict) else str(response.data)
        response.data = {
            "status": response.status_code,
            "success": False,
            "detail": message,
            "error": [{"status": response.status_code, "message": message}],
            **(
                {"errors": response.data["errors"]}
                if isinstance(response.data, dict) and "errors" in response.data
                else {}
            ),
        }
        return response

    @extend_schema(
        summary="ACLED-compatible read",
        description=__doc__,
        parameters=[
            OpenApiParameter(name, schema, description=text, required=False) for name, schema, text in _PARAM_DOC
        ],
        responses={
            (200, "application/json"): _AcledEnvelopeSerializer,
            (200, "text/csv"): OpenApiResponse(str, description="With _format=csv: the rows as ACLED's CSV"),
            (400, "application/json"): OpenApiResponse(description="Invalid or unsupported filter"),
            (401, "application/json"): OpenApiResponse(description="Invalid key/email or token"),
        },
        auth=[{"tokenAuth": []}, {}],  # type: ignore[list-item]  # security requirement objects; the stubs say str
        filters=False,
    )
    def get(self, request: Request) -> Response | HttpResponse:
        params = request.query_params
        fmt = "csv" if self.csv_only else (params.get("_format") or "json").lower()
        if fmt not in ("json", "csv"):
            raise bad_param("_format", "Use json or csv.")
        fields = _fields(params)
        limit = _int_param(params, "limit", DEFAULT_LIMIT, low=0, high=10**9) or MAX_LIMIT
        limit = min(limit, MAX_LIMIT)
        page = _int_param(params, "page", 1, low=1, high=MAX_PAGE)
        events: QuerySet[Event] = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
        events = events.filter(acled_filter(params)).order_by("-date", "-id")
        start = (page - 1) * limit
        records = [acled_record_subset(row, fields) for row in exports.event_rows(events[start : start + limit])]
        if fmt == "csv":
            response = HttpResponse("".join(exports.csv_lines(records, fields)), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="acled.csv"'
            return response
        return Response({"status": 200, "success": True, "count": len(records), "data": records})


def acled_record_subset(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    record = exports.acled_record(row)
    return {name: record[name] for name in fields}


class AcledCsvView(AcledReadView):
    csv_only = True

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response | HttpResponse:
        return super().get(request)


urlpatterns = [
    path("read", AcledReadView.as_view(), name="acled-read"),
    path("read.csv", AcledCsvView.as_view(), name="acled-read-csv"),
]
