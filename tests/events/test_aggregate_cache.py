"""Whole-table aggregates (dashboard, stats) are reused for AGGREGATE_CACHE_SECONDS."""

from __future__ import annotations

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.AGGREGATE_CACHE_SECONDS = 60


def test_stats_are_served_from_the_cache_on_a_repeat(cached, api_client, django_assert_num_queries):
    EventFactory.create_batch(3)
    first = api_client.get("/api/v1/stats/").json()
    with django_assert_num_queries(0):
        again = api_client.get("/api/v1/stats/").json()
    assert again == first


def test_stats_cache_keeps_filters_apart(cached, api_client):
    EventFactory(event_type="riots", sub_event_type="mob_violence")
    EventFactory.create_batch(2, event_type="battles", sub_event_type="armed_clash")
    everything = api_client.get("/api/v1/stats/").json()
    riots = api_client.get("/api/v1/stats/", {"event_type": "riots"}).json()
    assert everything["total"]["events"] == 3
    assert riots["total"]["events"] == 1


def test_dashboard_reuses_its_aggregates(cached, client, django_assert_max_num_queries):
    EventFactory.create_batch(3)
    with django_assert_max_num_queries(30) as first:
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(len(first) - 5):
        assert client.get("/").status_code == 200


def test_map_data_is_reused_for_the_same_filter(cached, client, django_assert_num_queries):
    EventFactory.create_batch(2)
    first = client.get("/map/data/", {"event_type": "battles"}).json()
    with django_assert_num_queries(0):
        again = client.get("/map/data/", {"event_type": "battles"}).json()
    assert again == first
    assert len(first["features"]) == 2
