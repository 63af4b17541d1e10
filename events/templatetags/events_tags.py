"""Small template helpers for the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value: str | None) -> str:
    """Return the URL only if it is http(s): a stored ``javascript:`` URL must never become a link."""
    if value and urlsplit(value).scheme.lower() in ("http", "https"):
        return value
    return ""


@register.simple_tag
def map_config_json() -> str:
    """Return the maps' settings (tile URL, outlines, colours) as a JSON <script> element."""
    from django.utils.html import json_script

    from events.views.maps import map_config

    return json_script(map_config(), "map-config")
