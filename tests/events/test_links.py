"""events.links.detail_url must give exactly what reverse() gives, with any script prefix."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from events.links import detail_url

ROUTES = ["events:event-detail", "events:actor-detail", "events:location-detail", "events:article-detail"]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_detail_url_is_reverse(name, pk):
    assert detail_url(name, pk) == reverse(name, args=[pk])


def test_detail_url_follows_the_script_prefix():
    try:
        set_script_prefix("/tracker/")
        assert detail_url("events:event-detail", 7) == reverse("events:event-detail", args=[7])
        assert detail_url("events:event-detail", 7).startswith("/tracker/")
    finally:
        clear_script_prefix()
    assert not detail_url("events:event-detail", 7).startswith("/tracker/")


def test_detail_url_refuses_a_route_without_one_id():
    with pytest.raises(NoReverseMatch):
        detail_url("events:event-list", 1)
