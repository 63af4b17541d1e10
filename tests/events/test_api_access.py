"""Access: public or private reads, token-only writes, throttling with clear 429s, CORS."""

from __future__ import annotations

import pytest
from rest_framework.permissions import IsAuthenticated
from rest_framework.throttling import AnonRateThrottle

from events.api import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/v1/events/", "/api/v1/actors/", "/api/v1/stats/", "/api/v1/events/?format=csv", "/api/acled/read"]
)
def test_public_read_serves_anonymous_clients(api_client, world, url):
    assert api_client.get(url).status_code == 200


def test_private_read_needs_a_token(api_client, token_client, world, monkeypatch):
    # API_PUBLIC_READ=0 puts IsAuthenticated in DEFAULT_PERMISSION_CLASSES; the views read it at import.
    for view in (views.EventViewSet, views.StatsView):
        monkeypatch.setattr(view, "permission_classes", [IsAuthenticated])
    response = api_client.get("/api/v1/events/")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert api_client.get("/api/v1/stats/").status_code == 401
    assert token_client.get("/api/v1/events/").status_code == 200


def test_api_public_read_setting_is_read_per_request(api_client, token_client, world, settings):
    # One permission class, ReadAccess, reads PUBLIC_READ (or its older name) at each request.
    assert settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] == ["events.api.permissions.ReadAccess"]
    settings.API_PUBLIC_READ = False
    assert api_client.get("/api/v1/events/").status_code == 401
    assert token_client.get("/api/v1/events/").status_code == 200
    settings.API_PUBLIC_READ = True
    assert api_client.get("/api/v1/events/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_read_only_resources_are_refused_with_json(token_client, world, method):
    response = getattr(token_client, method)(f"/api/v1/events/{world.clash.pk}/", {}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"]


def test_throttled_client_gets_a_clear_429(api_client, world, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "1000/minute"})
    for _ in range(2):
        assert api_client.get("/api/v1/events/").status_code == 200
    response = api_client.get("/api/v1/events/")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()
    assert int(response["Retry-After"]) > 0


def test_cors_allows_configured_origins_only(api_client, world, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://dashboard.example.org"]
    allowed = api_client.get("/api/v1/events/", HTTP_ORIGIN="https://dashboard.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
    other = api_client.get("/api/v1/events/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = api_client.options(
        "/api/v1/events/", HTTP_ORIGIN="https://dashboard.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://dashboard.example.org"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/?date_after=2016-02-30",
        "/api/v1/events/?fatalities_min=1e9999",
        "/api/v1/events/?location=%00",
        "/api/v1/events/?q=%00",
        "/api/v1/events/?actor=%00",
        "/api/v1/events/?bbox=nan,nan,nan,nan",
        "/api/v1/events/?bbox=inf,0,0,0",
        "/api/v1/events/?updated_since=2016-01-01T25:00",
        "/api/v1/events/?ordering=location__name",
        "/api/v1/events/abc/",
        "/api/v1/events/99999999999999999999999/",
        "/api/v1/actors/?kind=%00",
        "/api/v1/quotes/?speaker=-1",
        "/api/v1/stats/?period=%00",
        "/api/acled/read?event_date=%00",
        "/api/acled/read?actor1=%00",
        "/api/acled/read?country=Iraq%00",
        "/api/v1/quotes/?speaker_name=%00",
        "/api/v1/quotes/?actor=%00",
        # (BETWEEN with three values runs from the smallest to the largest: an answer, not malformed.)
        "/api/acled/read?fatalities=1|2|3&fatalities_where=LIKE",
        "/api/acled/read?fatalities_where=ROUGHLY",
        "/api/acled/read?year=0&year_where=%3C",
        "/api/acled/read?key=a%00&email=b",
        "/api/acled/read?limit=99999999999999999999",
    ],
)
def test_malformed_input_is_a_4xx_json_error_never_a_500(api_client, world, url):
    response = api_client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
