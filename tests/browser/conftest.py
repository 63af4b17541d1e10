"""The browser tests use the same small world of events as tests/events."""

from tests.events.conftest import world  # noqa: F401  (re-exported fixture)
