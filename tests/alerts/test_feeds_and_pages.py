import feedparser
import pytest

from alerts import services
from alerts.models import Subscription
from tests.factories import EventFactory, EvidenceFactory, LocationFactory

pytestmark = pytest.mark.django_db


def test_events_feed_is_atom_with_the_filtered_events(client):
    iraq = EventFactory(fatalities=4)
    EvidenceFactory(event=iraq, sentence="Gunmen attacked a checkpoint near Mosul.")
    EventFactory(location=LocationFactory(country_code="SY"))
    response = client.get("/events/feed/?country=IQ")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.link.endswith(f"/events/{iraq.pk}/")
    assert "Fatalities: 4" in entry.summary
    assert "checkpoint near Mosul" in entry.summary
    assert entry.updated


def test_feed_answers_304_to_a_conditional_get(client):
    EventFactory()
    first = client.get("/events/feed/?country=IQ")
    etag = first["ETag"]
    assert client.get("/events/feed/?country=IQ", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/events/feed/?country=IQ", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_subscription_feed_needs_its_token_and_is_revocable(client, analyst):
    EventFactory()
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    url = f"/alerts/feed/{subscription.feed_token}/"
    assert len(feedparser.parse(client.get(url).content).entries) == 1
    subscription.feed_token = "revoked-and-renewed"
    subscription.save()
    assert client.get(url).status_code == 404


def test_watch_this_search_creates_the_subscription(client, analyst):
    client.force_login(analyst)
    page = client.get("/events/?country=IQ&event_type=battles")
    assert b"Watch this search" in page.content
    response = client.post("/alerts/watch/", {"query": "country=IQ&event_type=battles"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(owner=analyst)
    assert subscription.query == "country=IQ&event_type=battles"
    mine = client.get("/alerts/")
    assert subscription.feed_token.encode() in mine.content


def test_my_alerts_pause_and_delete_are_owner_only(client, analyst, submitter):
    subscription = services.subscription_create(owner=analyst, name="iq", query="country=IQ")
    client.force_login(submitter)
    assert client.post(f"/alerts/{subscription.pk}/pause/").status_code == 404
    client.force_login(analyst)
    client.post(f"/alerts/{subscription.pk}/pause/")
    subscription.refresh_from_db()
    assert subscription.is_paused
    client.post(f"/alerts/{subscription.pk}/delete/")
    assert not Subscription.objects.exists()
