"""Request body parsers that refuse oversized or too deeply nested bodies before parsing them.

DRF's parsers read the whole body whatever its size (Django's DATA_UPLOAD_MAX_MEMORY_SIZE guards
only ``request.body``, which DRF does not use), and ``json.loads`` of a body nested a few thousand
levels deep raises RecursionError: a 500. Here the declared length is checked first, and a JSON
body's nesting is measured by a linear scan before the decoder sees it; both are answered 400
with a message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from events.documents import too_large_message

# The API's bodies are flat objects (an article submission is one level); 32 leaves room for any
# client's envelope and keeps every later walk over the data far from Python's recursion limit.
MAX_JSON_DEPTH = 32
# Room, beyond an article of INGEST_MAX_BYTES, for the other fields of a submission.
BODY_SLACK_BYTES = 64 * 1024
# The most an article's bytes can grow when escaped: "\u0001" is 6 bytes for 1 in JSON.
ESCAPE_GROWTH = 6

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def max_body_bytes() -> int:
    """The largest body that can carry an article of INGEST_MAX_BYTES, however it is encoded."""
    return ESCAPE_GROWTH * int(settings.INGEST_MAX_BYTES) + BODY_SLACK_BYTES


def json_depth(body: bytes) -> int:
    """Return how deeply the arrays and objects of a JSON document nest (0 for a scalar).

    Brackets inside strings do not count: strings are blanked first. Linear in the body's size,
    never recursive, so it is safe on any input (malformed input gets a number, the decoder the say).
    """
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b'""', body))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def _check_length(parser_context: Mapping[str, Any] | None) -> None:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ParseError("Invalid Content-Length header.") from None
    if length > max_body_bytes():
        # A body this large cannot be an article within the limit, whatever else it holds.
        raise ParseError(f"The request body is {length:,} bytes: " + too_large_message(int(settings.INGEST_MAX_BYTES)))


def _too_many_fields() -> str:
    return f"Form parse error - more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        _check_length(parser_context)
        body = stream.read() if stream is not None else b""
        depth = json_depth(body)
        if depth > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested {depth} levels deep; at most {MAX_JSON_DEPTH} are accepted.")
        return super().parse(io.BytesIO(body), media_type, parser_context)


class BoundedFormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        _check_length(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFieldsSent as exc:
            raise ParseError(_too_many_fields()) from exc


class BoundedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        _check_length(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFieldsSent as exc:
            raise ParseError(_too_many_fields()) from exc
        except (RequestDataTooBig, SuspiciousOperation) as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
