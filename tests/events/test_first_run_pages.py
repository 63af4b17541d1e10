"""What a newcomer meets first (issue 18): places by exact name, an actor's first and last seen, messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Max, Min, Q

from alerts.models import Subscription
from events.models import Event
from events.services.counts import event_counts_refresh
from tests.factories import ActorFactory, EventFactory, LocationFactory

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_places_api_name_is_the_exact_name_in_any_case(api_client, world):
    LocationFactory(name="Mosul Dam", admin1="Nineveh")
    assert _names(api_client.get("/api/v1/locations/", {"name": "mosul"})) == ["Mosul"]
    assert _names(api_client.get("/api/v1/locations/", {"name": " MOSUL "})) == ["Mosul"]
    assert _names(api_client.get("/api/v1/locations/", {"q": "mosul"})) == ["Mosul", "Mosul Dam"]  # a part
    assert _names(api_client.get("/api/v1/locations/", {"name": "Mosul Da"})) == []
    assert len(_names(api_client.get("/api/v1/locations/", {"name": ""}))) >= 4  # empty: no filter
    # With the other filters, AND as everywhere.
    assert _names(api_client.get("/api/v1/locations/", {"name": "Mosul", "admin1": "Baghdad"})) == []


def test_places_api_name_refuses_a_nul_character(api_client, world):
    response = api_client.get("/api/v1/locations/", {"name": "Mo\x00sul"})
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_the_schema_documents_name(api_client):
    operation = api_client.get("/api/schema/?format=json").json()["paths"]["/api/v1/locations/"]["get"]
    name = next(p for p in operation["parameters"] if p["name"] == "name")
    assert name["in"] == "query"
    assert "any case" in name["description"]
    assert name["schema"]["type"] == "string"


def test_the_places_page_takes_name_too(client, world):
    LocationFactory(name="Mosul Dam")
    page = client.get("/locations/", {"name": "MOSUL", "places": "gazetteer"}).content.decode()
    rows = re.findall(r'<tr class="location-row">\s*<td><a href="([^"]+)">([^<]+)</a>', page)
    assert rows == [(world.mosul.get_absolute_url(), "Mosul")]


def _fact(page: str, name: str) -> tuple[str, str]:
    match = re.search(rf'<dd class="{name}"><time datetime="([0-9-]+)">([^<]+)</time></dd>', page)
    assert match, page
    return match.group(1), match.group(2)


def test_the_actor_page_shows_first_and_last_seen(client, world):
    isis = world.isis
    involved = Event.objects.filter(Q(actor1=isis) | Q(actor2=isis) | Q(assoc_actors=isis))
    span = involved.aggregate(first=Min("date"), last=Max("date"))
    assert span == {"first": dt.date(2016, 10, 16), "last": dt.date(2016, 10, 17)}  # the fixture's two events

    page = client.get(isis.get_absolute_url()).content.decode()
    assert _fact(page, "first-seen") == ("2016-10-16", "16 October 2016")
    assert _fact(page, "last-seen") == ("2016-10-17", "17 October 2016")

    # A later event moves "last seen" once the counts are kept (services do it after each write).
    EventFactory(actor1=isis, actor2=None, location=world.baghdad, date=dt.date(2017, 3, 5))
    event_counts_refresh()
    page = client.get(isis.get_absolute_url()).content.decode()
    assert _fact(page, "first-seen") == ("2016-10-16", "16 October 2016")
    assert _fact(page, "last-seen") == ("2017-03-05", "5 March 2017")


def test_an_actor_without_events_shows_no_seen_dates(client, world):
    page = client.get(ActorFactory(name="Nobody Yet").get_absolute_url()).content.decode()
    assert "First seen" not in page
    assert "Last seen" not in page


def test_watch_this_search_says_so_on_the_next_page_once(client, submitter):
    client.force_login(submitter)
    response = client.post("/alerts/watch/", {"query": "country=IQ", "name": "Iraq"}, follow=True)
    assert Subscription.objects.filter(owner=submitter, name="Iraq").exists()
    assert response.redirect_chain, "the watch answers a redirect"
    page = response.content.decode()
    assert re.search(r'<ul class="messages"[^>]*>\s*<li class="message success"[^>]*>Watching “Iraq”.</li>', page), page
    # Shown once: the next page has no message left.
    assert 'class="messages"' not in client.get("/alerts/").content.decode()


def test_a_refused_watch_shows_its_error_on_the_events_page(client, submitter):
    client.force_login(submitter)
    response = client.post("/alerts/watch/", {"query": "date_after=not-a-date"}, follow=True)
    assert not Subscription.objects.exists()
    assert response.redirect_chain[-1][0].startswith("/events/")
    assert re.search(r'<li class="message error" role="alert">[^<]*date', response.content.decode()), (
        response.content.decode()
    )
