"""Keyset (cursor) pagination with a client-chosen ordering.

DRF's CursorPagination keeps only the first ordering field in the cursor and skips ties by
OFFSET, which degrades when many rows share a value (thousands of events on one day). Here the
cursor holds the last row's (value, id) pair, so each page is one indexed range scan however
deep it is, and no page runs COUNT(*). NULL sorts as larger than any value on every database
(PostgreSQL's own rule), which lets PostgreSQL use the ``(-date, -id)`` index as it is.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, Model, OrderBy, Q, QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 1000

_M = TypeVar("_M", bound=Model)
_R = TypeVar("_R")


@dataclass(frozen=True)
class Ordering:
    field: str
    descending: bool
    nullable: bool

    @property
    def key(self) -> str:
        return f"-{self.field}" if self.descending else self.field

    def order_by(self, *, reverse: bool = False) -> list[OrderBy | str]:
        descending = self.descending != reverse
        if self.field == "id":
            return ["-id" if descending else "id"]
        if self.nullable:
            expr = F(self.field).desc(nulls_first=True) if descending else F(self.field).asc(nulls_last=True)
        else:
            expr = F(self.field).desc() if descending else F(self.field).asc()
        return [expr, "-id" if descending else "id"]


def resolve_ordering(request: Request, view: Any, model: type[Model]) -> Ordering:
    """Read ``?ordering=`` against the view's ``ordering_fields``; 400 for anything else."""
    allowed: tuple[str, ...] = getattr(view, "ordering_fields", ("id",))
    raw = str(request.query_params.get("ordering") or getattr(view, "default_ordering", "-id"))
    name = raw.strip()
    field = name.removeprefix("-")
    if field not in allowed:
        choices = ", ".join(f"{f}, -{f}" for f in allowed)
        raise ValidationError({"ordering": [f"Unknown ordering {raw!r}; choose one of {choices}."]})
    return Ordering(field, name.startswith("-"), model._meta.get_field(field).null)


def ordering_choices(view: Any) -> list[str]:
    return [f"{sign}{f}" for f in getattr(view, "ordering_fields", ("id",)) for sign in ("", "-")]


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            default = settings.REST_FRAMEWORK.get("PAGE_SIZE")
            return default if isinstance(default, int) and default else 50
        try:
            size = int(raw)
        except ValueError:
            size = 0
        # Refused, not capped: the schema says 1..max, and a client asking for more must learn it
        # gets less (schemathesis holds the API to its schema).
        if not 1 <= size <= self.max_page_size:
            message = f"Enter a whole number from 1 to {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def _decode(self, request: Request, ordering: Ordering, model: type[Model]) -> tuple[Any, int, bool] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            padded = encoded + "=" * (-len(encoded) % 4)
            key, value, pk, reverse = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if key != ordering.key or not isinstance(pk, int) or not isinstance(reverse, bool):
                raise ValueError("cursor for another ordering")
            if value is not None:
                field = model._meta.get_field(ordering.field)
                assert isinstance(field, Field)  # resolve_ordering admits only the model's own columns
                value = field.to_python(value)
            if isinstance(value, (list, dict)):
                raise ValueError("not a scalar")
        except (ValueError, TypeError, UnicodeError, binascii.Error, DjangoValidationError) as exc:
            raise NotFound("Invalid cursor.") from exc
        return value, pk, reverse

    def _encode(self, ordering: Ordering, obj: Model, *, reverse: bool) -> str:
        value = getattr(obj, ordering.field)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        payload = json.dumps([ordering.key, value, obj.pk, reverse], separators=(",", ":"))
        token = base64.urlsafe_b64encode(payload.encode()).decode("ascii").rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    @staticmethod
    def _after(ordering: Ordering, value: Any, pk: int, *, descending: bool) -> Q:
        """Rows that come after (value, pk) in the given direction, NULL being the largest value."""
        field, op = ordering.field, ("lt" if descending else "gt")
        pk_after = Q(**{f"pk__{op}": pk})
        if field == "id":
            return pk_after
        if value is None:
            equal = Q(**{f"{field}__isnull": True})
            beyond = Q(**{f"{field}__isnull": False}) if descending else Q(pk__in=[])
        else:
            equal = Q(**{field: value})
            beyond = Q(**{f"{field}__{op}": value})
            if ordering.nullable and not descending:
                beyond |= Q(**{f"{field}__isnull": True})
            else:
                # Implied by the condition below, but usable as an index bound: the scan starts
                # at the cursor instead of reading and dropping every row before it (2,000 rows
                # on page 21 of the events, 100,000 on page 1,000).
                return Q(**{f"{field}__{op}e": value}) & (beyond | (equal & pk_after))
        return beyond | (equal & pk_after)

    def paginate_queryset(
        self, queryset: QuerySet[_M, _R] | Sequence[_R], request: Request, view: Any = None
    ) -> list[_R]:
        assert isinstance(queryset, QuerySet)  # the views page querysets only
        model = queryset.model
        self.ordering = resolve_ordering(request, view, model)
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        cursor = self._decode(request, self.ordering, model)
        reverse = bool(cursor and cursor[2])
        queryset = queryset.order_by(*self.ordering.order_by(reverse=reverse))
        if cursor is not None:
            value, pk, _ = cursor
            descending = self.ordering.descending != reverse
            queryset = queryset.filter(self._after(self.ordering, value, pk, descending=descending))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_next, self.has_previous = more, cursor is not None
        self.page: list[Any] = rows  # model instances: the views never page values()
        return rows

    def get_next_link(self) -> str | None:
        if not (self.has_next and self.page):
            return None
        return self._encode(self.ordering, self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self._encode(self.ordering, self.page[0], reverse=True)

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            OrderedDict([("next", self.get_next_link()), ("previous", self.get_previous_link()), ("results", data)])
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        default = getattr(view, "default_ordering", "-id")
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a previous page's next/previous link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {settings.REST_FRAMEWORK.get('PAGE_SIZE') or 50}, "
                f"at most {self.max_page_size}; anything else is a 400).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": "ordering",
                "required": False,
                "in": "query",
                "description": f"Sort key, '-' for descending (default {default}); ties break on id. "
                "Unknown values (NULL) sort as largest.",
                "schema": {"type": "string", "enum": ordering_choices(view)},
            },
        ]
