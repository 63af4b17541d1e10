"""OpenAPI post-processing: document the error answers every operation can give.

Any operation can be throttled (429) or refused (401/403), any query can be malformed (400)
and any ``{id}`` or cursor can point nowhere (404); they all answer ``{"detail": "..."}``.
"""

from __future__ import annotations

from typing import Any

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
