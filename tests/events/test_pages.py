"""The server-rendered pages: content, escaping, filter form and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor, Article, Event
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory, QuoteFactory

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_totals_recent_events_and_articles(client, world):
    ArticleFactory(title="Waiting report", status=Article.Status.QUEUED)
    html = _html(client.get("/"))
    assert "<main" in html
    assert "Recent events" in html
    assert "Battle for Mosul begins" in html
    assert "Waiting report" in html
    assert "Queued" in html
    assert world.clash.get_absolute_url() in html
    assert 'aria-current="page"' in html


def test_dashboard_on_an_empty_database(client, db):
    html = _html(client.get("/"))
    assert "No events." in html
    assert "No articles yet." in html


def test_event_list_shows_rows_and_the_filter_form(client, world):
    html = _html(client.get("/events/"))
    assert '<label for="id_event_type">' in html
    assert '<label for="id_actor">' in html
    assert html.count('class="event-row"') == 3


def test_event_list_applies_filters_from_the_url(client, world):
    html = _html(client.get("/events/", {"event_type": "battles", "actor": "Daesh"}))
    assert html.count('class="event-row"') == 1
    assert world.clash.get_absolute_url() in html
    assert '<option value="battles" selected>' in html
    assert 'value="Daesh"' in html


def test_event_list_shows_errors_for_bad_filters(client, world):
    response = client.get("/events/", {"fatalities_min": "many", "bbox": "1,2"})
    html = _html(response)
    assert 'role="alert"' in html
    assert "whole number" in html
    assert html.count('class="event-row"') == 0


def test_event_list_paginates_and_keeps_the_filter(client, event_batch, monkeypatch):
    monkeypatch.setattr("events.views.events.EVENTS_PER_PAGE", 2)
    event_batch(5)
    html = _html(client.get("/events/", {"country": "IQ", "admin1": ""}))
    assert "Page 1 of 3" in html
    assert "?country=IQ&amp;page=2" in html
    html = _html(client.get("/events/", {"country": "IQ", "page": "3"}))
    assert html.count('class="event-row"') == 1


def test_event_detail_highlights_evidence_inside_the_article(client, world):
    html = _html(client.get(world.attack.get_absolute_url()))
    assert "<mark" in html
    assert ">Militants of the Islamic State attacked a checkpoint near Bashiqa, killing three soldiers.</mark>" in html
    assert world.article.get_absolute_url() in html
    assert world.isis.get_absolute_url() in html
    assert world.army.get_absolute_url() in html
    assert "Bashiqa" in html
    assert "Checkpoint attack." in html
    # Only this event's sentence is marked, not the other events' sentences from the same article.
    assert html.count("<mark") == 1


def test_event_detail_lists_associated_actors_and_quotes(client, world):
    html = _html(client.get(world.clash.get_absolute_url()))
    assert "Popular Mobilization Forces" in html
    assert "We will liberate every village," in html
    assert "unknown" in html  # fatalities is None


def test_event_detail_404(client, db):
    assert client.get("/events/999999/").status_code == 404


def test_actor_page_shows_aliases_timeline_and_quotes(client, world):
    html = _html(client.get(world.army.get_absolute_url()))
    assert "Iraqi forces" in html
    assert html.count('class="event-row"') == 2
    # Latest events first: the clash (17 Oct) before the attack (16 Oct).
    table = html[html.index('id="events-heading"') :]
    assert table.index(world.clash.get_absolute_url()) < table.index(world.attack.get_absolute_url())
    assert "We will liberate every village," in html
    assert "commander" in html


def test_actor_timeline_includes_associated_events(client, world):
    html = _html(client.get(world.pmf.get_absolute_url()))
    assert world.clash.get_absolute_url() in html


def test_location_page(client, world):
    html = _html(client.get(world.mosul.get_absolute_url()))
    assert "Nineveh" in html
    assert "36.3400" in html
    assert world.clash.get_absolute_url() in html
    assert "Battle for Mosul begins" in html


def test_article_page_shows_text_with_evidence_and_what_was_found(client, world):
    html = _html(client.get(world.article.get_absolute_url()))
    assert html.count('<mark id="evidence-') == 3
    assert html.count('<mark id="quote-') == 1
    assert "Done" in html
    for event in (world.clash, world.attack, world.protest):
        assert event.get_absolute_url() in html
    assert world.pmf.get_absolute_url() in html
    assert world.baghdad.get_absolute_url() in html
    assert "We will liberate every village," in html


def test_failed_article_page_shows_the_reason(client, db):
    article = ArticleFactory(status=Article.Status.FAILED, status_reason="Not an article: binary content", text="")
    html = _html(client.get(article.get_absolute_url()))
    assert "Failed" in html
    assert "Not an article: binary content" in html


def test_article_text_and_metadata_are_escaped_everywhere(client, db):
    text = f"Before {XSS} the attack. The attack on {XSS} killed two."
    article = ArticleFactory(title=f"Title {XSS}", publisher=XSS, text=text, url="javascript:alert(1)")
    sentence = f"The attack on {XSS} killed two."
    start = text.index(sentence)
    event = EventFactory(summary=XSS, actor1__name=f"Actor {XSS}", location__name=f"Town {XSS}")
    EvidenceFactory(event=event, article=article, sentence=sentence, start=start, end=start + len(sentence))
    QuoteFactory(article=article, text=XSS, speaker=event.actor1, speaker_role=XSS)
    for url in [
        "/",
        "/events/",
        event.get_absolute_url(),
        article.get_absolute_url(),
        event.actor1.get_absolute_url(),
        event.location.get_absolute_url(),
    ]:
        html = _html(client.get(url))
        assert XSS not in html, url
        assert ESCAPED in html, url
        assert 'href="javascript:' not in html, url
    html = _html(client.get(article.get_absolute_url()))
    assert (
        f'<mark id="evidence-{event.evidence.get().pk}" class="hl-evidence" title="Event evidence">'
        f"The attack on {ESCAPED} killed two.</mark>"
    ) in html


def test_filter_values_are_escaped_in_the_form(client, db):
    html = _html(client.get("/events/", {"q": XSS}))
    assert XSS not in html


@pytest.mark.parametrize("page", ["dashboard", "event-list", "actor", "location", "article", "event"])
def test_pages_do_not_run_a_query_per_row(client, event_batch, page):
    def url() -> str:
        event = Event.objects.order_by("id").first()
        actor = Actor.objects.order_by("id").first()
        article_id = event.evidence.first().article_id
        return {
            "dashboard": "/",
            "event-list": "/events/",
            "actor": actor.get_absolute_url(),
            "location": event.location.get_absolute_url(),
            "article": f"/articles/{article_id}/",
            "event": event.get_absolute_url(),
        }[page]

    first = event_batch(1)[0]
    target = url()
    with CaptureQueriesContext(connection) as one:
        _html(client.get(target))
    # Ten more events sharing the same actor, location and article as the first one.
    for _ in range(10):
        more = EventFactory(actor1=first.actor1, location=first.location)
        more.assoc_actors.add(first.actor1)
        EvidenceFactory(event=more, article=first.evidence.first().article)
        QuoteFactory(speaker=first.actor1, article=first.evidence.first().article)
    event_batch(9)
    with CaptureQueriesContext(connection) as many:
        _html(client.get(target))
    assert len(many) == len(one), [q["sql"] for q in many]
