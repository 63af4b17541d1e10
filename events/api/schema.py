"""OpenAPI post-processing: document the error answers every operation can give, and what the
filters and the permission really accept, so the schema and the API agree (schemathesis checks).

Any operation can be throttled (429) or refused (401/403), any query can be malformed (400)
and any ``{id}`` or cursor can point nowhere (404); a body may come in a media type the
operation does not read (415); they all answer ``{"detail": "..."}``.
"""

from __future__ import annotations

import copy
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
    "415": "Unsupported media type (the body's Content-Type, or a multipart body whose parts it cannot read)",
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
            if "requestBody" in operation:
                codes.append("415")
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
    _empty_means_default(result)
    return result


def _empty_means_default(result: dict[str, Any]) -> None:
    """A query parameter with a default takes it when left empty (``/stats/?period=``): say so.

    DRF reads an empty form value of a field that is not required as "not given" (the
    ``StatsQuerySerializer``), so the schema allows the empty string too.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for param in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = param.get("schema", {})
                if param.get("in") == "query" and "default" in schema:
                    schema.pop("minLength", None)
                    _empty_means_any(schema)


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
    API agree on exactly which characters are invisible. Surrogates are left out of it: DRF refuses
    them anywhere in a string, with its own message, and a surrogate range in the class makes
    schemathesis drop the whole pattern (and draw "schema-valid" texts of control characters).
    """
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if is_invisible(chr(code)) and not 0xD800 <= code <= 0xDFFF:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    invisible = "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)
    return f"^(?:[^\\u0000]*[^{invisible}][^\\u0000]*)?$"


def _char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


@functools.lru_cache(maxsize=1)
def _space_class() -> str:
    """The characters ``str.strip()`` removes (``str.isspace``), as a character class's inside."""
    spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    return "".join(_char(code) for code in spaces)


def trimmed_text_pattern(max_length: int, *, blank: bool) -> str:
    """NUL-free text of at most ``max_length`` characters once DRF has trimmed the white space around it.

    A CharField strips the value before it checks ``max_length`` (and blankness), so a maxLength
    on the raw value would call "word" + 3,000 spaces too long, which the API takes.
    """
    space, visible, any_char = f"[{_space_class()}]", f"[^\\u0000{_space_class()}]", "[^\\u0000]"
    core = f"{visible}(?:{any_char}{{0,{max_length - 2}}}{visible})?"
    return f"^{space}*(?:{core}){'?' if blank else ''}{space}*$"


def _trimmed(prop: dict[str, Any], *, blank: bool) -> None:
    """Replace a trimmed CharField's raw maxLength (and minLength) by the pattern of what it takes."""
    if "maxLength" in prop:
        prop["pattern"] = trimmed_text_pattern(prop.pop("maxLength"), blank=blank)
        prop.pop("minLength", None)


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
        _trimmed(props[name], blank=True)
    if not ({"anyOf", "oneOf"} & set(props["url"])):  # drf-spectacular says "or empty" already, or not
        url = {key: props["url"].pop(key) for key in list(props["url"]) if key not in ("description", "title")}
        props["url"]["anyOf"] = [url, dict(_EMPTY)]
    _restrict_url(props["url"])
    for operations in result.get("paths", {}).values():  # an empty body is "submit one of …", a 400
        for operation in operations.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            refs = [media.get("schema", {}).get("$ref", "") for media in (body or {}).get("content", {}).values()]
            if body and any(ref.endswith("/ArticleSubmit") for ref in refs):
                body["required"] = True
    published = {key: props["published"].pop(key) for key in ("type", "format") if key in props["published"]}
    props["published"]["anyOf"] = [published, dict(_EMPTY)]
    given = {name: {"properties": {name: {"minLength": 1}}, "required": [name]} for name in ("text", "html", "url")}
    component["anyOf"] = list(given.values())
    component["not"] = {
        "properties": {"text": {"minLength": 1}, "html": {"minLength": 1}},
        "required": ["text", "html"],
    }
    _describe_subscription(result)
    _form_bodies_without_null(result)
    return result


# An http(s) URL that Django's URLValidator takes ("format: uri" alone allows any scheme, one-letter
# top-level domains and host names past its 253 characters) and that stays within the column once in
# its canonical form (events/canonical.py: the query re-encoded, "/" for an empty path): up to three
# labels of at most 61 characters and a top-level domain of letters (at most 250 in all), a port
# 0-65535, a path, a query of key=value pairs in characters its re-encoding keeps, a fragment.
_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,59}[a-zA-Z0-9])?"
_PORT = "(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
_QUERY_CHAR = "(?:[A-Za-z0-9_.~+-]|%[0-7][0-9A-Fa-f])"
_PAIR = f"{_QUERY_CHAR}+={_QUERY_CHAR}*"
_ANY = "[^\\s\\u0000?#]"
HTTP_URL_PATTERN = (
    f"^[hH][tT][tT][pP][sS]?://(?:{_LABEL}\\.){{1,3}}[a-zA-Z]{{2,63}}(?::{_PORT})?"
    f"(?:/{_ANY}*)?(?:\\?(?:{_PAIR}(?:&{_PAIR})*)?)?(?:#[^\\s\\u0000]*)?$"
)


def _restrict_url(prop: dict[str, Any]) -> None:
    """Replace the ``format: uri`` of a URL-or-empty property by the pattern of the URLs the API takes.

    The format goes: Django takes IRIs (``https://a.org/é``), which RFC 3986 calls no URI, so a
    request the format refuses would still be accepted.
    """
    options = prop.get("anyOf") or prop.get("oneOf") or [prop]
    for option in options:
        if option.get("format") == "uri":
            del option["format"]
            option["pattern"] = HTTP_URL_PATTERN
            if "maxLength" in option:  # the canonical form may add the "/" of an empty path
                option["maxLength"] -= 1


def _describe_subscription(result: dict[str, Any]) -> None:
    """A saved search's rules the serializer checks beyond each field's type (alerts/api/serializers.py).

    A name is required and not blank; a webhook is an http or https URL whose host resolves to an
    address the SSRF guard allows (checked when saved, so it cannot be in the schema: say it); the
    query is an event-list query string that EventFilter accepts.
    """
    component = result.get("components", {}).get("schemas", {}).get("Subscription")
    if not component:
        return
    props = component["properties"]
    _trimmed(props["name"], blank=False)
    _trimmed(props["query"], blank=True)
    props["webhook_url"]["description"] = (
        "An http or https URL whose host resolves to a public address (checked when saved); empty for none."
    )
    props["query"]["description"] = (
        "The event list's query string (country=IQ&event_type=battles), checked by its filters."
    )


_FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _form_bodies_without_null(result: dict[str, Any]) -> None:
    """A form or multipart body cannot carry JSON's null (it would arrive as the text "null").

    Such a body gets its own ``<Name>Form`` component, the same without the ``nullable`` fields'
    null, e.g. ``published``: a date or empty, which the serializer reads as none. (Called by the
    last registered hook, so it sees every other change to the components.)
    """
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if method == "patch":
                # A partial update is documented as JSON only: an empty form is the same as no body,
                # so a form could not tell "no fields" from a body that is not an object at all.
                for media_type in _FORM_MEDIA_TYPES:
                    content.pop(media_type, None)
            for media_type in _FORM_MEDIA_TYPES:
                ref = content.get(media_type, {}).get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                component = schemas.get(name)
                if component is None or not any(p.get("nullable") for p in component.get("properties", {}).values()):
                    continue
                form = copy.deepcopy(component)
                for prop in form["properties"].values():
                    prop.pop("nullable", None)
                schemas[f"{name}Form"] = form
                content[media_type]["schema"] = {"$ref": f"#/components/schemas/{name}Form"}
