"""The analyst pages added on top of the basics: charts, sorting, exports, map data, search pages."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.charts import month_chart
from events.highlight import Span, find_mentions, highlight
from events.models import Article, Event
from tests.factories import ActorFactory, ArticleFactory, EventFactory, LocationFactory, QuoteFactory

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- dashboard ---------------------------------------------------------------------------------


def test_dashboard_draws_fatalities_per_month_as_inline_svg(client, world):
    html = _html(client.get("/"))
    assert '<svg viewBox="0 0 720 200" role="img"' in html
    # Oct 2016 (3 killed) and Nov 2016 (0): one bar each, with an accessible title and a table.
    assert "<title>Oct 2016: 3</title>" in html
    assert "<title>Nov 2016: 0</title>" in html
    assert "Reported fatalities per month as a table" in html


def test_dashboard_counts_events_by_type_and_country_with_filter_links(client, world):
    html = _html(client.get("/"))
    assert 'href="/events/?event_type=battles"' in html
    assert 'href="/events/?country=IQ"' in html
    assert "Violence against civilians" in html


def test_dashboard_links_article_states_to_the_filtered_article_list(client, world):
    ArticleFactory(status=Article.Status.FAILED)
    html = _html(client.get("/"))
    assert 'href="/articles/?status=failed"' in html


# --- event list --------------------------------------------------------------------------------


def test_event_list_sorts_by_a_whitelisted_column(client, world):
    html = _html(client.get("/events/", {"sort": "-fatalities"}))
    rows = [world.attack, world.protest, world.clash]  # 3, 0, unknown (nulls last)
    positions = [html.index(f'href="{e.get_absolute_url()}"') for e in rows]
    assert positions == sorted(positions)
    assert 'aria-sort="descending"' in html
    html = _html(client.get("/events/", {"sort": "fatalities"}))
    positions = [html.index(f'href="{e.get_absolute_url()}"') for e in (world.protest, world.attack, world.clash)]
    assert positions == sorted(positions)


def test_event_list_ignores_unknown_sort_keys(client, world):
    html = _html(client.get("/events/", {"sort": "summary; DROP TABLE"}))
    assert html.count('class="event-row"') == 3
    # Default: newest first.
    assert html.index(world.protest.get_absolute_url()) < html.index(world.attack.get_absolute_url())


def test_sort_links_keep_the_filter(client, world):
    html = _html(client.get("/events/", {"country": "IQ"}))
    assert 'href="?country=IQ&amp;sort=-fatalities"' in html


def test_export_buttons_carry_the_current_filter(client, world):
    html = _html(client.get("/events/", {"event_type": "battles", "country": "", "page": "1", "sort": "date"}))
    assert 'href="/api/v1/events/?event_type=battles&amp;format=csv"' in html
    assert 'href="/api/v1/events/?event_type=battles&amp;format=geojson"' in html
    assert 'href="/map/?event_type=battles"' in html


def test_event_list_pagination_count_is_capped(client, event_batch, monkeypatch):
    monkeypatch.setattr("events.views.events.EVENTS_PER_PAGE", 2)
    monkeypatch.setattr("events.views._listing.COUNT_CAP", 4)
    event_batch(6)
    html = _html(client.get("/events/"))
    assert "more than 4 events" in html
    assert "Page 1 of 2+" in html
    # Past the cap, the last reachable page is shown rather than an offset beyond it.
    html = _html(client.get("/events/", {"page": "99"}))
    assert "Page 2 of 2+" in html
    assert "narrow the filter" in html


def test_event_list_does_not_count_the_whole_table(client, event_batch):
    event_batch(3)
    with CaptureQueriesContext(connection) as queries:
        _html(client.get("/events/"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_filter_form_offers_actor_and_place_autocomplete(client, world):
    html = _html(client.get("/events/"))
    assert 'list="actor-options"' in html
    assert 'data-autocomplete="/autocomplete/actors/"' in html
    assert '<datalist id="actor-options"></datalist>' in html
    assert 'list="location-options"' in html


# --- event page --------------------------------------------------------------------------------


def test_event_page_shows_a_small_map_of_the_place(client, world):
    html = _html(client.get(world.attack.get_absolute_url()))
    assert 'id="place-map"' in html
    assert '"lat": 36.45' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "unpkg" not in html
    assert "cdn" not in html.lower()


def test_event_page_offers_the_admin_edit_link_only_to_editors(client, world, editor):
    url = world.attack.get_absolute_url()
    assert 'id="edit-event"' not in _html(client.get(url))
    viewer = User.objects.create_user("viewer", password="pw-viewer-1")
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    assert 'id="edit-event"' not in _html(client.get(url))
    client.force_login(editor)
    html = _html(client.get(url))
    assert f'href="/admin/events/event/{world.attack.pk}/change/"' in html


def test_event_page_lists_duplicate_copies_of_a_source(client, world):
    ArticleFactory(title="Copy", publisher="Other Wire", duplicate_of=world.article, status=Article.Status.SKIPPED)
    html = _html(client.get(world.attack.get_absolute_url()))
    assert "Other Wire" in html


# --- map ---------------------------------------------------------------------------------------


def test_map_page_loads_vendored_leaflet_and_points_at_the_filtered_data(client, world, settings):
    settings.MAP_TILE_URL = ""
    html = _html(client.get("/map/", {"event_type": "battles", "page": "2"}))
    assert 'data-url="/map/data/?event_type=battles"' in html
    for asset in ("vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js", "js/map.js"):
        assert asset in html
    config = json.loads(html.split('<script id="map-config" type="application/json">')[1].split("</script>")[0])
    assert config["tileUrl"] == ""
    assert config["outlinesUrl"].endswith("vendor/world/countries-110m.geojson")


def test_map_tile_url_comes_from_the_setting(client, db, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = _html(client.get("/map/"))
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html


def test_map_data_returns_compact_geojson_for_the_filter(client, world):
    response = client.get("/map/data/", {"country": "IQ", "fatalities_min": "1"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["aggregated"] is False
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [43.35, 36.45]}
    assert feature["properties"]["u"] == world.attack.get_absolute_url()
    assert feature["properties"]["t"] == "violence_against_civilians"
    assert feature["properties"]["f"] == 3


def test_map_data_rejects_a_bad_filter(client, world):
    response = client.get("/map/data/", {"bbox": "1,2"})
    assert response.status_code == 400
    assert "bbox" in response.json()["errors"]


def test_map_data_aggregates_by_place_past_the_limit(client, world, monkeypatch):
    monkeypatch.setattr("events.selectors.maps.MAP_EVENT_LIMIT", 2)
    EventFactory(location=world.mosul, event_type="battles", fatalities=5)
    data = client.get("/map/data/", {"country": "IQ"}).json()
    assert data["aggregated"] is True
    by_name = {f["properties"]["l"]: f["properties"] for f in data["features"]}
    assert by_name["Mosul"]["n"] == 2
    assert by_name["Mosul"]["f"] == 5
    assert by_name["Mosul"]["t"] == "battles"
    assert by_name["Mosul"]["u"] == f"/events/?country=IQ&location={world.mosul.pk}"


def test_map_data_runs_a_fixed_number_of_queries(client, event_batch):
    event_batch(1)
    with CaptureQueriesContext(connection) as one:
        client.get("/map/data/")
    event_batch(10)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/map/data/").json()["features"]) == 11
    assert len(many) == len(one) == 1


def test_vendored_map_assets_and_licences_are_present(settings):
    vendor = settings.BASE_DIR / "static" / "vendor"
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE",
        "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/MIT-LICENCE.txt",
        "world/countries-110m.geojson",
        "world/LICENSE",
        "README.md",
    ):
        assert (vendor / path).is_file(), path
    readme = (vendor / "README.md").read_text()
    assert "1.9.4" in readme
    assert "1.5.3" in readme
    assert "2.0.2" in readme
    outlines = json.loads((vendor / "world" / "countries-110m.geojson").read_text())
    assert len(outlines["features"]) > 150


# --- actors and places -------------------------------------------------------------------------


def test_actor_page_shows_counterparts_places_and_a_timeline(client, world):
    html = _html(client.get(world.isis.get_absolute_url()))
    counterparts = html[html.index('id="counterparts"') :]
    # The army is actor2 of the attack (ISIS → army) and actor1 of the clash (army → ISIS).
    assert world.army.get_absolute_url() in counterparts
    assert '<td class="num">1</td><td class="num">1</td><td class="num">2</td>' in counterparts
    places = html[html.index('id="active-places"') :]
    assert "Mosul" in places
    assert "Bashiqa" in places
    assert 'id="actor-timeline"' in html
    assert "ISIS" in html
    assert "Daesh" in html


def test_location_page_shows_actors_active_there_and_a_map(client, world):
    html = _html(client.get(world.mosul.get_absolute_url()))
    actors = html[html.index('id="active-actors"') :]
    assert world.army.get_absolute_url() in actors
    assert world.isis.get_absolute_url() in actors
    assert 'id="place-map"' in html
    assert 'id="place-timeline"' in html


def test_actor_search_finds_by_alias(client, world):
    html = _html(client.get("/actors/", {"q": "daesh"}))
    assert html.count('class="actor-row"') == 1
    assert "Islamic State" in html


def test_location_search(client, world):
    html = _html(client.get("/locations/", {"q": "bagh"}))
    assert html.count('class="location-row"') == 1
    assert world.baghdad.get_absolute_url() in html


def test_actor_autocomplete_matches_names_and_aliases(client, world):
    data = client.get("/autocomplete/actors/", {"q": "dae"}).json()
    assert data["results"] == [{"id": world.isis.pk, "value": "Islamic State", "label": "Islamic State"}]
    names = [r["value"] for r in client.get("/autocomplete/actors/", {"q": "Iraqi"}).json()["results"]]
    assert names == ["Iraqi Armed Forces"]
    assert client.get("/autocomplete/actors/", {"q": ""}).json() == {"results": []}


def test_location_autocomplete_returns_ids_with_a_readable_label(client, world):
    LocationFactory(name="Mosul Dam", population=5)
    results = client.get("/autocomplete/locations/", {"q": "mos"}).json()["results"]
    assert results[0] == {"id": world.mosul.pk, "value": str(world.mosul.pk), "label": "Mosul, Nineveh, IQ"}
    assert len(results) == 2


# --- articles and quotes -----------------------------------------------------------------------


def test_article_page_highlights_actors_places_and_quotes(client, world):
    html = _html(client.get(world.article.get_absolute_url()))
    assert f'<a href="{world.mosul.get_absolute_url()}">Mosul</a></mark>' in html
    assert f'<a href="{world.army.get_absolute_url()}">Iraqi forces</a></mark>' in html
    assert 'class="hl-quote"' in html
    assert 'class="hl-evidence hl-location"' in html  # "Baghdad" inside the protest sentence


def test_article_list_filters_by_status(client, world):
    ArticleFactory(title="Broken page", status=Article.Status.FAILED, status_reason="HTTP 500")
    html = _html(client.get("/articles/", {"status": "failed"}))
    assert html.count('class="article-row"') == 1
    assert "Broken page" in html
    assert "HTTP 500" in html
    assert html.count('class="article-row"') == 1


def test_quote_search_by_text_speaker_and_date(client, world):
    other = ArticleFactory(published_on=dt.date(2020, 1, 1))
    QuoteFactory(article=other, text="Nothing to add.", speaker=None, speaker_name="A spokesman")
    assert _html(client.get("/quotes/", {"q": "liberate"})).count('class="quote-row"') == 1
    html = _html(client.get("/quotes/", {"speaker_name": "Iraqi forces"}))  # an alias of the speaker
    assert html.count('class="quote-row"') == 1
    assert "liberate" in html
    assert _html(client.get("/quotes/", {"speaker_name": "spokes"})).count('class="quote-row"') == 1
    html = _html(client.get("/quotes/", {"published_after": "2019-01-01"}))
    assert html.count('class="quote-row"') == 1
    assert "Nothing to add." in html


# --- every page: escaping, query counts, 404s ----------------------------------------------------


def test_new_pages_escape_user_text(client, db):
    actor = ActorFactory(name=f"Actor {XSS}", aliases=[f"Alias {XSS}"])
    location = LocationFactory(name=f"Town {XSS}")
    article = ArticleFactory(title=f"Title {XSS}", text=f"Actor {XSS} was in Town {XSS}.", status_reason=XSS)
    article.actors.add(actor)
    article.locations.add(location)
    EventFactory(actor1=actor, location=location)
    QuoteFactory(article=article, text=XSS, speaker=actor, speaker_role=XSS)
    for url in ["/actors/", "/locations/", "/articles/", "/quotes/", "/map/", article.get_absolute_url()]:
        html = _html(client.get(url))
        assert XSS not in html, url
    # The map data is JSON, never HTML; static/js/map.js escapes names before showing them.
    assert client.get("/map/data/")["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/actors/", "/locations/", "/articles/", "/quotes/", "/map/", "/map/data/"])
def test_list_pages_do_not_run_a_query_per_row(client, event_batch, url):
    event_batch(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    event_batch(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many]


@pytest.mark.parametrize("url", ["/actors/999999/", "/locations/999999/", "/articles/999999/"])
def test_missing_rows_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_pages_work_on_an_empty_database(client, db):
    for url in ["/", "/events/", "/map/", "/actors/", "/locations/", "/articles/", "/quotes/"]:
        _html(client.get(url))
    assert client.get("/map/data/").json()["features"] == []


# --- units -------------------------------------------------------------------------------------


def test_month_chart_fills_gaps_and_scales_to_a_round_maximum():
    rows = [{"month": dt.date(2016, 1, 1), "fatalities": 7}, {"month": dt.date(2016, 3, 1), "fatalities": 3}]
    chart = month_chart(rows)
    assert [b.value for b in chart.bars] == [7, 0, 3]
    assert chart.y_ticks[-1].label == "10"
    assert chart.bars[1].height == 0


def test_month_chart_keeps_the_latest_months():
    rows = [{"month": dt.date(2000 + i // 12, i % 12 + 1, 1), "events": 1} for i in range(100)]
    chart = month_chart(rows, value="events", max_months=24)
    assert len(chart.bars) == 24
    assert chart.truncated_from == dt.date(2006, 5, 1)


def test_month_chart_renders_plain_coordinates_and_labelled_rows_in_any_locale():
    rows = [{"month": dt.date(2016, 1, 1), "events": 1234}, {"month": dt.date(2016, 3, 1), "events": 3}]
    context = {"chart": month_chart(rows, value="events"), "chart_id": "c", "chart_label": "Events"}
    with translation.override("de"):
        html = render_to_string("includes/chart_months.html", context)
    heights = re.findall(r'<rect class="bar" x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
    assert len(heights) == 3
    assert all(float(v) >= 0 for row in heights for v in row)  # "12,5" would not parse
    assert '<td>Jan 2016</td><td class="num">1,234</td>' in html
    assert '<td>Feb 2016</td><td class="num">0</td>' in html


def test_highlight_splits_overlapping_spans_and_keeps_every_kind():
    text = 'The army said "we hold Mosul" today.'
    quote = Span(14, 29, ref="quote-1", kind="quote")
    place = find_mentions(text, {"Mosul": Span(0, 0, kind="location", href="/locations/1/")})
    [paragraph] = highlight(text, [quote, *place])
    marked = [(s.text, s.kinds, s.ref, s.href) for s in paragraph if s.marked]
    assert marked == [
        ('"we hold ', ("quote",), "quote-1", ""),
        ("Mosul", ("location", "quote"), "", "/locations/1/"),
        ('"', ("quote",), "", ""),
    ]


def test_find_mentions_prefers_the_longest_whole_word_name():
    names = {name: Span(0, 0, kind="actor", title=name) for name in ("Iraqi", "Iraqi Armed Forces", "IS")}
    spans = find_mentions("Iraqi Armed Forces and ISIS; Iraqi police.", names)
    assert [(s.start, s.end, s.title) for s in spans] == [(0, 18, "Iraqi Armed Forces"), (29, 34, "Iraqi")]


def test_event_list_query_count_is_flat_with_sorting(client, event_batch):
    event_batch(1)
    with CaptureQueriesContext(connection) as one:
        _html(client.get("/events/", {"sort": "-location"}))
    event_batch(10)
    with CaptureQueriesContext(connection) as many:
        _html(client.get("/events/", {"sort": "-location"}))
    assert len(many) == len(one)


def test_rejected_events_are_left_out_of_dashboard_aggregates(client, world):
    Event.objects.filter(pk=world.attack.pk).update(review_status=Event.ReviewStatus.REJECTED)
    html = _html(client.get("/"))
    assert "<title>Oct 2016: 3</title>" not in html
