"""PUBLIC_READ=0 (or its older name API_PUBLIC_READ=0): pages, exports, map data, autocomplete and
the API all need sign-in or a token; the page's export links work for a signed-in user (issue 17.6)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/events/",
    "/events/{event}/",
    "/map/",
    "/actors/",
    "/actors/{actor}/",
    "/locations/",
    "/locations/{location}/",
    "/articles/",
    "/articles/{article}/",
    "/quotes/",
]
JSON_PAGES = ["/map/data/", "/autocomplete/actors/?q=Isl", "/autocomplete/locations/?q=Mos"]
API = [
    "/api/v1/events/",
    "/api/v1/events/{event}/",
    "/api/v1/events/?format=csv",
    "/api/v1/events/?format=geojson",
    "/api/v1/events/?format=jsonl",
    "/api/v1/actors/",
    "/api/v1/locations/",
    "/api/v1/quotes/",
    "/api/v1/articles/",
    "/api/v1/articles/{article}/",
    "/api/v1/stats/",
    "/api/acled/read",
    "/api/acled/read.csv",
    "/api/schema/",
]


@pytest.fixture(params=["PUBLIC_READ", "API_PUBLIC_READ"])
def private(request, settings):
    setattr(settings, request.param, False)
    return settings


@pytest.fixture
def urls(world):
    ids = {
        "event": world.clash.pk,
        "actor": world.clash.actor1_id,
        "location": world.clash.location_id,
        "article": world.clash.evidence.first().article_id,
    }
    return lambda path: path.format(**ids)


@pytest.fixture
def analyst(db):
    return User.objects.create_user("analyst", password="pw-analyst-1")  # no staff, no permissions


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_anonymous_visitors_to_sign_in(private, client, urls, path):
    response = client.get(urls(path))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", JSON_PAGES)
def test_map_data_and_autocomplete_answer_401_json(private, client, urls, path):
    response = client.get(urls(path))
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize("path", API)
def test_the_api_answers_401_without_credentials(private, api_client, urls, path):
    response = api_client.get(urls(path))
    assert response.status_code == 401, (path, response.status_code)


@pytest.mark.parametrize("path", PAGES + JSON_PAGES)
def test_a_signed_in_analyst_reads_every_page(private, client, urls, analyst, path):
    client.force_login(analyst)
    assert client.get(urls(path)).status_code == 200


@pytest.mark.parametrize("path", API)
def test_a_signed_in_analyst_reads_the_api_with_the_session(private, client, urls, analyst, path):
    client.force_login(analyst)
    assert client.get(urls(path)).status_code == 200, path


@pytest.mark.parametrize("path", API + JSON_PAGES)
def test_a_token_reads_the_api_and_the_json_pages(private, client, urls, analyst, path):
    token = Token.objects.create(user=analyst)
    assert client.get(urls(path), HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200, path


def test_a_bad_token_is_401(private, client, urls):
    assert client.get("/map/data/", HTTP_AUTHORIZATION="Token " + "0" * 40).status_code == 401


def test_the_event_list_export_links_download_for_a_signed_in_analyst(private, client, analyst, world):
    client.force_login(analyst)
    page = client.get("/events/", {"event_type": "battles"}).content.decode()
    for link_id in ("export-csv", "export-geojson"):
        href = page.split(f'id="{link_id}"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        response = client.get(href)
        assert response.status_code == 200, (href, response.status_code)
        assert b"".join(response.streaming_content)


def test_sign_in_page_signs_an_analyst_in_and_back_to_the_page(private, client, analyst):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/?next=/quotes/", {"username": "analyst", "password": "pw-analyst-1", "next": "/quotes/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/quotes/"
    assert client.get("/quotes/").status_code == 200


def test_health_admin_login_and_static_stay_reachable(private, client):
    assert client.get("/health/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200


def test_a_public_deployment_stays_open(settings, client, api_client, urls):
    assert settings.PUBLIC_READ is True
    assert client.get(urls("/articles/{article}/")).status_code == 200
    assert client.get("/map/data/").status_code == 200
    assert api_client.get("/api/v1/events/").status_code == 200
    assert api_client.post("/api/v1/articles/", {"text": "x"}, format="json").status_code == 401


def _settings_with(**env: str) -> subprocess.CompletedProcess:
    code = "from conflict_tracker import settings as s; print(s.PUBLIC_READ, s.API_PUBLIC_READ)"
    clean = {k: v for k, v in __import__("os").environ.items() if k not in ("PUBLIC_READ", "API_PUBLIC_READ")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "True True"),
        ({"PUBLIC_READ": "0"}, "False False"),
        ({"API_PUBLIC_READ": "0"}, "False False"),
        ({"PUBLIC_READ": "0", "API_PUBLIC_READ": "0"}, "False False"),
        ({"PUBLIC_READ": "1"}, "True True"),
    ],
)
def test_the_setting_and_its_older_name(env, printed):
    assert _settings_with(**env).stdout.strip() == printed


def test_the_setting_and_its_older_name_must_agree():
    result = _settings_with(PUBLIC_READ="1", API_PUBLIC_READ="0")
    assert result.returncode != 0
    assert "disagree" in result.stderr
