"""The browser tests use the same small world of events as tests/events."""

import pytest
from django.core.cache import cache

from tests.browser.test_pages_browser import browser, outside_requests, page  # noqa: F401  (shared by the modules here)
from tests.events.conftest import world  # noqa: F401  (re-exported fixture)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The dashboard keeps its aggregates in the cache; each test's data must show, not the last one's.
    cache.clear()
    yield
    cache.clear()
