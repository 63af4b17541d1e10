"""What a newcomer meets first, in the embedded mode (SQLite, Celery eager): issue 18.

Counts that are right straight after an ingest, a titled sample article and an `ingest` summary that
agrees with itself. The server's first submission is tests/browser/test_first_submission_browser.py.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Min, Q

from events.models import Actor, Article, Event
from tests.conftest import ROOT, SAMPLE_ARTICLE

README = ROOT / "README.md"


@pytest.mark.django_db(transaction=True)
def test_embedded_ingest_shows_correct_counts_on_the_actor_page_api_and_dashboard(client, settings):
    settings.AGGREGATE_CACHE_SECONDS = 60  # as served: the cache must not hide the new article
    call_command("load_actors", stdout=StringIO())
    seeds = Actor.objects.count()
    assert client.get("/").status_code == 200  # cache the empty dashboard first

    out = StringIO()
    call_command("ingest", "--published", "2016-10-17", str(SAMPLE_ARTICLE), stdout=out)

    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    assert "summary: 1 done, 0 duplicate, 0 rejected" in out.getvalue()
    assert article.title == "ISIS ON THE RUN Jihadists flee Mosul in face of massive military operation"

    isis = Actor.objects.get(name="Islamic State")
    live = Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).filter(
        Q(actor1=isis) | Q(actor2=isis) | Q(assoc_actors=isis)
    )
    expected = live.values("pk").distinct().count()
    first_seen = live.aggregate(first=Min("date"))["first"]
    assert expected > 0

    page = client.get(isis.get_absolute_url()).content.decode()
    assert re.search(rf"<dt>Events</dt><dd>{expected} ·", page), page[:3000]
    body = client.get(f"/api/v1/actors/{isis.pk}/").json()
    assert (body["event_count"], body["first_seen"]) == (expected, first_seen.isoformat())

    dashboard = client.get("/").content.decode()
    in_events = Actor.objects.filter(event_count__gt=0).count()
    assert 0 < in_events < seeds
    assert re.search(rf"<dt>Actors in events</dt><dd>{in_events}</dd>", dashboard)
    assert re.search(rf"<dt>Events</dt><dd>{Event.objects.count()}</dd>", dashboard)
