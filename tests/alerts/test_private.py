"""A private deployment (API_PUBLIC_READ=0): /events/feed/ needs sign-in, but the subscription's feed
URL and the signed unsubscribe link carry their own secret and answer without it."""

from __future__ import annotations

import feedparser
import pytest

from alerts import services
from alerts.models import Subscription
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(settings):
    settings.API_PUBLIC_READ = False
    return settings


def test_events_feed_needs_sign_in_on_a_private_deployment(private, client, analyst):
    EventFactory()
    response = client.get("/events/feed/?country=IQ")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    client.force_login(analyst)
    signed_in = client.get("/events/feed/?country=IQ")
    assert signed_in.status_code == 200
    assert len(feedparser.parse(signed_in.content).entries) == 1


def test_subscription_feed_answers_its_token_without_sign_in(private, client, analyst):
    EventFactory()
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    response = client.get(f"/alerts/feed/{subscription.feed_token}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 1
    assert client.get("/alerts/feed/not-a-token/").status_code == 404  # the token is the secret


def test_unsubscribe_link_works_without_sign_in(private, client, analyst):
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ", email="a@example.org")
    url = f"/alerts/unsubscribe/{services.unsubscribe_token(subscription)}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert Subscription.objects.get(pk=subscription.pk).email == ""
    assert client.get("/alerts/unsubscribe/forged:token/").status_code == 404


def test_my_alerts_still_needs_sign_in(private, client):
    assert client.get("/alerts/").status_code == 302
