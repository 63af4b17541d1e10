"""OpenAPI post-processing: document the error answers every operation can give, and what the
filters and the permission really accept, so the schema and the API agree (schemathesis checks).

Any operation can be throttled (429) or refused (401/403), any query can be malformed (400)
and any ``{id}`` or cursor can point nowhere (404); they all answer ``{"detail": "..."}``.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from events.documents import is_invisible

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a human."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Validation errors by parameter or field.",
        },
    },
}

_DESCRIPTIONS = {
    "400": "Invalid parameter or body",
    "401": "Missing or invalid credentials",
    "403": "Not allowed",
    "404": "Not found (or an invalid cursor)",
    "405": "Method not allowed",
    "429": "Throttled; retry after the number of seconds in Retry-After",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add the shared error schema and responses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "401", "403", "429"]
            if "{" in path or any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
                codes.append("404")
            if method != "get":
                codes.append("405")
            responses = operation["responses"]
            for code in codes:
                response = responses.setdefault(code, {"description": _DESCRIPTIONS[code]})
                response.setdefault("content", {"application/json": {"schema": ref}})
            if "429" in responses:
                responses["429"].setdefault(
                    "headers", {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
                )
    return result


# CountryCodeField: two letters (either case, surrounding spaces stripped), or nothing.
COUNTRY_PATTERN = r"^\s*([A-Za-z]{2})?\s*$"


def add_filter_constraints(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: give each filter parameter the bounds its form field enforces.

    Read from the FilterSets themselves (events/filters.py), so the two cannot drift apart: an id
    filter is an integer from its min_value, a country filter two letters, a bounding box the
    filter's own pattern; an empty value is no filter, and free text holds no NUL character.
    """
    for path, _regex, method, view in getattr(generator, "endpoints", []):
        filterset = getattr(getattr(view, "cls", None), "filterset_class", None)
        operation = result.get("paths", {}).get(path, {}).get(method.lower())
        if filterset is None or not isinstance(operation, dict):
            continue
        params = {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}
        for name, field in filterset.base_filters.items():
            schema = params.get(name, {}).get("schema")
            if schema is not None:
                _filter_schema(schema, field)
        # ?ordering= and ?format= left empty mean the default too.
        for name in ("ordering", "format"):
            if name in params and "enum" in params[name]["schema"]:
                _empty_means_any(params[name]["schema"])
    return result


def mark_anonymous_reads(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: on a public deployment, reads need no credentials (security ``{}``)."""
    from events.permissions import read_is_public

    if not read_is_public():
        return result
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            security = operation.get("security") if isinstance(operation, dict) else None
            if method in ("get", "head") and security is not None and {} not in security:
                security.append({})
    return result


_EMPTY = {"type": "string", "maxLength": 0}
# Django's form CharField refuses NUL characters (PostgreSQL text cannot hold them).
NO_NUL_PATTERN = "^[^\\u0000]*$"


def _empty_means_any(schema: dict[str, Any]) -> None:
    """A filter left empty (``?date_after=``, as a page's form sends it) does not filter: say so."""
    if "enum" in schema:
        if "" not in schema["enum"]:
            schema["enum"].append("")
    elif schema.get("format") in ("date", "date-time") or schema.get("type") in ("integer", "number"):
        original = dict(schema)
        schema.clear()
        schema["anyOf"] = [original, dict(_EMPTY)]
    elif schema.get("type") == "string" and "pattern" not in schema:
        schema["pattern"] = NO_NUL_PATTERN


def _filter_schema(schema: dict[str, Any], field: Any) -> None:
    from events.filters import BBOX_PATTERN, BBoxFilter, CountryFilter, IntegerFilter

    if isinstance(field, IntegerFilter):
        schema["type"] = "integer"
        for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
            if field.extra.get(bound) is not None:
                schema[key] = field.extra[bound]
    elif isinstance(field, CountryFilter):
        schema["pattern"] = COUNTRY_PATTERN
    elif isinstance(field, BBoxFilter):
        schema["pattern"] = BBOX_PATTERN
    _empty_means_any(schema)


@functools.lru_cache(maxsize=1)
def visible_text_pattern() -> str:
    """Empty, or NUL-free text with a character events.documents.has_visible_text counts as visible.

    The character class is built from the same test over every code point, so the schema and the
    API agree on exactly which characters are invisible.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if is_invisible(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    invisible = "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)
    return f"^(?:[^\\u0000]*[^{invisible}][^\\u0000]*)?$"


def _char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


def describe_submission(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: the submission's rules the serializer checks beyond each field's type.

    One of text, html (each with a visible character) or url; not both text and html; an empty url
    or published means none.
    """
    component = result.get("components", {}).get("schemas", {}).get("ArticleSubmit")
    if not component:
        return result
    props = component["properties"]
    for name in ("text", "html"):
        props[name]["pattern"] = visible_text_pattern()
    for name in ("title", "publisher"):
        props[name]["pattern"] = NO_NUL_PATTERN
    if not ({"anyOf", "oneOf"} & set(props["url"])):  # drf-spectacular says "or empty" already, or not
        url = {key: props["url"].pop(key) for key in list(props["url"]) if key not in ("description", "title")}
        props["url"]["anyOf"] = [url, dict(_EMPTY)]
    published = {key: props["published"].pop(key) for key in ("type", "format") if key in props["published"]}
    props["published"]["anyOf"] = [published, dict(_EMPTY)]
    given = {name: {"properties": {name: {"minLength": 1}}, "required": [name]} for name in ("text", "html", "url")}
    component["anyOf"] = list(given.values())
    component["not"] = {
        "properties": {"text": {"minLength": 1}, "html": {"minLength": 1}},
        "required": ["text", "html"],
    }
    return result
