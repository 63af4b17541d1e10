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
