"""An article keeps the title and outlet its text or page gives; exports name the outlet as ACLED's `source`."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from events.models import Article
from ingest.extraction.result import ArticleMeta
from ingest.persist import article_persist_result
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory
from tests.ingest.test_persist_batch import _world

pytestmark = pytest.mark.django_db


def test_persist_takes_the_extracted_title_and_outlet_when_the_submission_had_none():
    result = replace(_world("Alpha", 1), article=ArticleMeta(title="Clashes near Alphaabad", site_name="Alpha Times"))
    article = Article.objects.create(text=result.text, status=Article.Status.PROCESSING)

    article_persist_result(article=article, result=result)

    article.refresh_from_db()
    assert (article.title, article.publisher, str(article)) == (
        "Clashes near Alphaabad",
        "Alpha Times",
        "Clashes near Alphaabad",
    )


def test_a_submitted_title_and_publisher_win():
    result = replace(_world("Alpha", 1), article=ArticleMeta(title="From the text", site_name="From the page"))
    article = Article.objects.create(
        text=result.text, title="Given", publisher="Given News", status=Article.Status.PROCESSING
    )
    article_persist_result(article=article, result=result)
    article.refresh_from_db()
    assert (article.title, article.publisher) == ("Given", "Given News")


@pytest.mark.parametrize(
    ("publisher", "url", "title", "source"),
    [
        ("Kabul Daily", "https://www.example.org/a", "Attack", "Kabul Daily"),
        ("", "https://www.defense.gov/News/Article/1", "Strikes", "defense.gov"),
        ("", None, "Checkpoint attack in Kandahar", "Checkpoint attack in Kandahar"),
    ],
)
def test_exports_name_the_outlet_as_source(api_client, publisher, url, title, source):
    article = ArticleFactory(publisher=publisher, url=url, title=title)
    event = EventFactory()
    EvidenceFactory(event=event, article=article)

    csv_rows = list(
        csv.DictReader(io.StringIO(b"".join(api_client.get("/api/v1/events/?format=csv").streaming_content).decode()))
    )
    acled_rows = api_client.get("/api/acled/read").json()["data"]

    assert [row["source"] for row in csv_rows] == [source]
    assert [row["source"] for row in acled_rows] == [source]
    assert csv_rows[0]["notes"] == event.summary  # ACLED's notes: the event's own description
