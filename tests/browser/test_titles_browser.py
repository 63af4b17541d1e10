"""Issue 18, "no titles, no sources", in a real browser: a text upload is named by its headline.

The article goes in the way the product takes it (a token-authenticated POST to the live server's
API, or `manage.py ingest` of a .txt file), is processed in-process as in the embedded mode, and
the pages a reader opens show its first line as its title, never "Article <n>"; the event page
and the CSV export it links to name the outlet (the upload's headline when none was given). The
bundled sample, loaded as `make sample` loads it, opens on its ten titled articles, not on one.
"""

from __future__ import annotations

import csv
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from events.models import Actor, Article, Event, Location
from tests.browser.test_first_screen_browser import _figure
from tests.browser.test_pages_browser import _screenshot
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Taliban gunmen kill four police officers at Kandahar checkpoint"
TEXT = f"""{HEADLINE}

Taliban gunmen attacked a police checkpoint in Kandahar on Monday, killing four officers, provincial officials said.

The attackers fled after a gun battle that lasted more than an hour, the provincial police chief said. Two other \
officers were wounded in the attack.

"We will find those responsible," the governor of Kandahar province said in a statement.
"""
PUBLISHED = "2021-03-15"
# The first submission loads the NLP pipeline inside the live server's request (no warm-up there).
FIRST_SUBMISSION_MS = 180_000
ARTICLE_N = re.compile(r"\bArticle \d+\b")
SAMPLE = ROOT / "sample_data"


def _submit_through_api(page, live_server, submitter, *, publisher: str = "") -> Article:
    token = Token.objects.create(user=submitter)
    response = page.request.post(
        f"{live_server.url}/api/v1/articles/",
        data={"text": TEXT, "published": PUBLISHED, "publisher": publisher},
        headers={"Authorization": f"Token {token.key}"},
        timeout=FIRST_SUBMISSION_MS,
    )
    assert response.status == 202, response.text()
    body = response.json()
    assert body["status"] == "done", body  # embedded mode: processed before the answer
    return Article.objects.get(pk=body["id"])


def _submit_with_the_ingest_command(tmp_path) -> Article:
    path = tmp_path / "kandahar.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = StringIO()
    call_command("ingest", "--no-progress", "--published", PUBLISHED, str(path), stdout=out)
    assert "1 done" in out.getvalue(), out.getvalue()
    return Article.objects.get()


@pytest.mark.parametrize("way_in", ["api", "ingest-command"])
def test_a_text_upload_is_listed_and_shown_under_its_headline_not_article_n(
    live_server, page, submitter, tmp_path, way_in
):
    if way_in == "api":
        article = _submit_through_api(page, live_server, submitter)
    else:
        article = _submit_with_the_ingest_command(tmp_path)
    assert article.status == Article.Status.DONE, article.status_reason
    assert article.title == HEADLINE

    page.goto(f"{live_server.url}/articles/")
    rows = page.locator("tr.article-row")
    assert rows.count() == 1
    link = rows.first.locator("td").first.get_by_role("link")
    assert link.inner_text() == HEADLINE
    assert not ARTICLE_N.search(page.locator("main").inner_text())
    _screenshot(page, f"titles-article-list-{way_in}")

    link.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert page.title().startswith(HEADLINE)
    assert HEADLINE in page.get_by_role("navigation", name="Breadcrumb").inner_text()
    main = page.locator("main").inner_text()
    assert not ARTICLE_N.search(main), ARTICLE_N.search(main)
    assert not ARTICLE_N.search(page.title())
    _screenshot(page, f"titles-article-detail-{way_in}")

    page.goto(f"{live_server.url}/")
    assert page.locator("ul.article-list li a").first.inner_text() == HEADLINE


@pytest.mark.parametrize(
    ("publisher", "source"),
    [("Kandahar Daily", "Kandahar Daily"), ("", HEADLINE)],
    ids=["outlet-given", "no-outlet"],
)
def test_the_event_page_and_its_csv_export_name_the_uploads_source(live_server, page, submitter, publisher, source):
    article = _submit_through_api(page, live_server, submitter, publisher=publisher)
    events = Event.objects.filter(evidence__article=article).distinct()
    assert events.exists(), article.status_reason

    # The event page names its source article by its headline, with the outlet under it.
    page.goto(f"{live_server.url}{events.first().get_absolute_url()}")
    evidence = page.locator("article.source")
    assert evidence.count() == 1
    assert evidence.get_by_role("heading", level=3).inner_text() == HEADLINE
    outlet_line = f"{publisher} · {PUBLISHED}" if publisher else PUBLISHED  # no stray "·" without an outlet
    assert evidence.locator("p.muted").first.inner_text().strip() == outlet_line
    assert not ARTICLE_N.search(page.locator("main").inner_text())
    _screenshot(page, f"titles-event-source-{'outlet' if publisher else 'no-outlet'}")

    # The export link on the events page: ACLED's `source` column carries the outlet.
    page.goto(f"{live_server.url}/events/")
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == events.count() > 0
    assert {row["source"] for row in rows} == {source}

    acled = page.request.get(f"{live_server.url}/api/acled/read").json()["data"]
    assert {row["source"] for row in acled} == {source}


def test_the_bundled_sample_opens_on_ten_titled_articles_and_their_events(live_server, page, settings):
    """What `make sample` loads (the seed actors, the Mosul story and the nine releases), as `make run` shows it."""
    settings.MAP_TILE_URL = ""
    call_command("load_actors", stdout=StringIO())
    call_command(
        "ingest", "--no-progress", "--published", "2016-10-17", str(SAMPLE / "mosul-2016-10-17.txt"), stdout=StringIO()
    )
    call_command("ingest", "--no-progress", str(SAMPLE / "releases.jsonl"), stdout=StringIO())
    articles = Article.objects.all()
    assert articles.count() == 10
    assert set(articles.values_list("status", flat=True)) == {Article.Status.DONE}

    page.goto(f"{live_server.url}/")
    assert _figure(page, "Articles") == 10
    assert _figure(page, "Events") == Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED).count() > 10
    in_events = Actor.objects.filter(event_count__gt=0).count()
    assert 1 < _figure(page, "Actors in events") == in_events < Actor.objects.count()  # not the seed dictionary
    places = Location.objects.filter(event_count__gt=0).count()
    assert _figure(page, "Places with events") == places > 1
    assert page.locator("#fatalities-chart svg rect.bar").count() >= 1
    _screenshot(page, "titles-sample-dashboard")

    page.goto(f"{live_server.url}/articles/")
    links = page.locator("tr.article-row td:first-child a")
    assert sorted(links.all_inner_texts()) == sorted(articles.values_list("title", flat=True))
    assert "ISIS ON THE RUN Jihadists flee Mosul in face of massive military operation" in links.all_inner_texts()
    assert not ARTICLE_N.search(page.locator("main").inner_text())
    _screenshot(page, "titles-sample-articles")

    page.goto(f"{live_server.url}/locations/")
    assert page.locator("tr.location-row").count() == places
