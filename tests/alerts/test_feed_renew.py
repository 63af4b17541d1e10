"""Renewing a subscription's private feed URL from "My alerts": POST with CSRF, owner only."""

import re

import feedparser
import pytest
from django.test import Client

from alerts import services
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    return client


def _csrf(client) -> str:
    page = client.get("/alerts/").content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_renewing_the_feed_url_retires_the_old_one_and_the_new_one_works(signed_in, analyst, client):
    event = EventFactory()
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    old_url = f"/alerts/feed/{subscription.feed_token}/"
    assert client.get(old_url).status_code == 200
    assert f'action="/alerts/{subscription.pk}/renew-feed/"' in signed_in.get("/alerts/").content.decode()

    response = signed_in.post(f"/alerts/{subscription.pk}/renew-feed/", {"csrfmiddlewaretoken": _csrf(signed_in)})
    assert response.status_code == 302
    subscription.refresh_from_db()
    new_url = f"/alerts/feed/{subscription.feed_token}/"
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    fresh = client.get(new_url)
    assert fresh.status_code == 200
    assert [e.id for e in feedparser.parse(fresh.content).entries] == [f"event-{event.pk}"]
    assert new_url in signed_in.get("/alerts/").content.decode()  # the page shows the new link


def test_renewing_needs_the_csrf_token_and_a_post(signed_in, analyst):
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    token = subscription.feed_token
    assert signed_in.post(f"/alerts/{subscription.pk}/renew-feed/").status_code == 403
    assert signed_in.get(f"/alerts/{subscription.pk}/renew-feed/").status_code == 405
    subscription.refresh_from_db()
    assert subscription.feed_token == token


def test_only_the_owner_can_renew(analyst):
    from django.contrib.auth.models import User

    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    other = Client()
    other.force_login(User.objects.create_user("other", password="pw-other-1"))
    assert other.post(f"/alerts/{subscription.pk}/renew-feed/").status_code == 404
    assert Client().post(f"/alerts/{subscription.pk}/renew-feed/").status_code == 302  # to sign-in
    token = subscription.feed_token
    subscription.refresh_from_db()
    assert subscription.feed_token == token
