"""In the system Chromium (the harness of tests/browser, via tests/alerts/conftest.py): "Watch this search" on a filtered list saves the search, and the feed
link on "My alerts" answers a valid Atom feed of it (issue 19, done-when 3)."""

from __future__ import annotations

from urllib.parse import parse_qs

import feedparser
import pytest

from alerts.models import Subscription
from tests.factories import EventFactory, LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_watch_this_search_then_the_feed_link_answers_atom(live_server, page, analyst, tmp_path, outside_requests):
    iraq = EventFactory(event_type="battles")
    EventFactory(location=LocationFactory(country_code="SY"), event_type="battles")

    page.goto(f"{live_server.url}/accounts/login/?next=/events/%3Fcountry%3DIQ%26event_type%3Dbattles")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", "pw-analyst-1")
    page.locator("form input[name=password]").press("Enter")
    page.wait_for_url("**/events/?*")
    assert page.locator("tr.event-row").count() == 1

    page.get_by_role("button", name="Watch this search").click()
    page.wait_for_url("**/alerts/")
    subscription = Subscription.objects.get(owner=analyst)
    assert parse_qs(subscription.query) == {"country": ["IQ"], "event_type": ["battles"]}
    section = page.locator(f"#subscription-{subscription.pk}")
    assert section.is_visible()
    page.screenshot(path=str(tmp_path / "my_alerts.png"), full_page=True)

    href = section.locator("a.feed-link").get_attribute("href")
    assert href.endswith(f"/alerts/feed/{subscription.feed_token}/")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.link.rsplit("/", 2)[-2] for entry in feed.entries] == [str(iraq.pk)]

    # Renewing the private feed URL (a POST form with its CSRF token): the old link stops working.
    section.get_by_role("button", name="Renew feed URL").click()
    page.wait_for_url("**/alerts/")
    renewed = page.locator(f"#subscription-{subscription.pk} a.feed-link").get_attribute("href")
    assert renewed != href
    assert page.request.get(href).status == 404
    assert page.request.get(renewed).status == 200
    assert outside_requests == []
