"""Renderers for the event exports.

They exist so that DRF's content negotiation accepts ``?format=csv|geojson|jsonl`` (and the
matching Accept headers) and the OpenAPI schema lists the media types; the list view itself
streams the body. Anything else that reaches them (an error) is rendered as JSON.
"""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer


class _ExportRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return JSONRenderer().render(data)


class CSVRenderer(_ExportRenderer):
    media_type = "text/csv"
    format = "csv"


class GeoJSONRenderer(_ExportRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class JSONLinesRenderer(_ExportRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


EXPORT_RENDERERS: tuple[type[BaseRenderer], ...] = (CSVRenderer, GeoJSONRenderer, JSONLinesRenderer)
EXPORT_FORMATS = frozenset(r.format for r in EXPORT_RENDERERS)
