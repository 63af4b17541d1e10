"""Escaping on every page and in the admin, CSRF, revocable tokens, throttling."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import ROOT
from tests.factories import ActorFactory, ArticleFactory, EventFactory, EvidenceFactory, LocationFactory, QuoteFactory

pytestmark = pytest.mark.django_db

XSS = "<script>alert('xss')</script>"


@pytest.fixture
def hostile():
    """Rows whose every free-text field carries a script tag."""
    actor = ActorFactory(name=f"Militia {XSS}")
    location = LocationFactory(name=f"Town {XSS}")
    article = ArticleFactory(title=f"Title {XSS}", text=f"Militants {XSS} attacked a checkpoint in the town.")
    event = EventFactory(actor1=actor, location=location, summary=f"Summary {XSS}")
    EvidenceFactory(event=event, article=article)
    QuoteFactory(article=article, text=f"We will {XSS} prevail.", speaker=actor)
    return {"actor": actor, "location": location, "article": article, "event": event}


def _assert_escaped(response) -> None:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert "<script>alert(" not in body
    assert "alert(" in body, "the hostile text is shown (as text)"


def test_script_in_article_title_text_and_actor_shows_escaped_on_every_page(client, hostile):
    pages = [
        "/",
        "/events/",
        f"/events/{hostile['event'].pk}/",
        f"/actors/{hostile['actor'].pk}/",
        f"/locations/{hostile['location'].pk}/",
        f"/articles/{hostile['article'].pk}/",
        "/quotes/",
    ]
    for url in pages:
        _assert_escaped(client.get(url))


def test_map_data_is_json_and_the_map_escapes_its_labels(client, hostile):
    response = client.get("/map/data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")  # never rendered as HTML by a browser
    assert response.json()["features"]
    # The labels are data; the map script puts them in tooltips only through escapeHtml.
    script = (ROOT / "static" / "js" / "map.js").read_text()
    assert "bindTooltip(escapeHtml(" in script
    assert "innerHTML" not in script


def test_script_shows_escaped_in_the_admin(client, hostile):
    admin = User.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client.force_login(admin)
    for url in [
        "/admin/events/article/",
        f"/admin/events/article/{hostile['article'].pk}/change/",
        "/admin/events/actor/",
        f"/admin/events/actor/{hostile['actor'].pk}/change/",
        "/admin/events/event/",
        f"/admin/events/event/{hostile['event'].pk}/change/",
    ]:
        _assert_escaped(client.get(url))


def test_admin_post_without_csrf_token_is_refused(hostile):
    admin = User.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(f"/admin/events/actor/{hostile['actor'].pk}/change/", {"name": "Renamed"})
    assert response.status_code == 403
    assert client.post("/admin/login/", {"username": "root", "password": "pw-root-1"}).status_code == 403


def test_session_authenticated_api_post_needs_csrf(submitter):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(submitter)
    response = client.post("/api/v1/articles/", {"text": "Militants attacked a checkpoint. " * 10}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_deleted_token_is_refused(token_client, submitter):
    assert token_client.get("/api/v1/events/").status_code == 200
    Token.objects.filter(user=submitter).delete()
    response = token_client.get("/api/v1/events/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_throttled_client_gets_429_json(settings, api_client):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    from events.api.throttling import throttle_history_clear

    throttle_history_clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [api_client.get("/api/v1/events/").status_code for _ in range(5)]
        last = api_client.get("/api/v1/events/")
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        throttle_history_clear()
    assert codes[:3] == [200, 200, 200]
    assert last.status_code == 429
    assert last["Content-Type"].startswith("application/json")
    assert "throttled" in last.json()["detail"].lower() or last.json()["detail"]
    assert last.has_header("Retry-After")
