"""API rate limits that hold across processes: one counter per client in the shared ``throttle`` cache.

DRF's own throttles keep each client's request times in Django's default cache, which is per
process unless CACHE_URL is set (600/minute let 1,800 through with 3 gunicorn workers), and they
rewrite that list with a get and a set, so concurrent requests overwrite each other's counts.
Here each client has one integer per window in the ``throttle`` cache (Redis whenever one is
configured, see settings.py), incremented atomically. A window opens with the client's first
request and lasts the rate's period (``600/minute``: 600 requests in the 60 s from that one).

When the cache cannot be reached the request is let through (and logged once a minute): an
outage of Redis must not take the API down with it.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, cast

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

if TYPE_CHECKING:  # rest_framework.views imports this module while it loads its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

CACHE_ALIAS = "throttle"
_last_warning = 0.0


class _SharedCounterMixin:
    # The proxy stands for the ``throttle`` alias's cache, a BaseCache, in whichever thread asks.
    cache = cast(BaseCache, ConnectionProxy(caches, CACHE_ALIAS))
    key: str | None
    rate: str | None
    num_requests: int
    duration: int

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        try:
            count = self._count_request(self.key)
        except Exception as exc:  # noqa: BLE001 - any cache failure: let the request through
            _warn_unavailable(exc)
            return True
        if count <= self.num_requests:
            return True
        self._wait = self._seconds_left(self.key)
        return False

    def _count_request(self, key: str) -> int:
        if self.cache.add(key, 1, self.duration):  # the first request of a new window
            self.cache.set(f"{key}:opened", time.time(), self.duration)
            return 1
        try:
            return self.cache.incr(key)
        except ValueError:  # the window ran out between the two calls
            self.cache.add(key, 1, self.duration)
            return 1

    def _seconds_left(self, key: str) -> float:
        try:
            opened = self.cache.get(f"{key}:opened")
        except Exception:  # noqa: BLE001
            opened = None
        if opened is None:
            return float(self.duration)
        return max(float(opened) + self.duration - time.time(), 1.0)

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


def _warn_unavailable(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning("throttle cache unavailable, requests are not rate-limited: %s", exc)


class AnonRateThrottle(_SharedCounterMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by address (API_NUM_PROXIES says how many proxies' X-Forwarded-For to trust)."""


class UserRateThrottle(_SharedCounterMixin, throttling.UserRateThrottle):
    """Clients with a token or a session, by user."""


def throttle_history_clear() -> None:
    """Forget every client's count (tests; or after raising a rate). Only the throttle's own keys."""
    cache = caches[CACHE_ALIAS]
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        cache.clear()  # a per-process cache holds nothing else
        return
    redis = client.get_client(write=True)
    for key in redis.scan_iter(match=cache.make_key("throttle_*")):
        redis.delete(key)
