"""Property-based run of the served OpenAPI schema (schemathesis) against the WSGI app.

The same run as ``make api-fuzz`` (the CLI against a server), in process: every operation, with a
token whose user may submit articles and keep saved searches, gets the examples, coverage and
fuzzing phases' requests, and every check schemathesis has must pass: no 5xx; status code,
content type, headers and body as documented; a request the schema allows is not refused and
one it forbids is not accepted; an undeclared method is a 405. ``schemathesis.toml`` (shared with
the CLI) says what no schema can (a saved search's webhook host must resolve).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from conflict_tracker.wsgi import application

pytestmark = pytest.mark.django_db

CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
MAX_EXAMPLES = 25
# Every operation the schema has today; a new one must be added here, a lost one is a failure.
OPERATIONS = 19


@pytest.fixture
def _keep_test_connection():
    # Called as a bare WSGI app, Django would close the connection (and with it the test's
    # transaction) after each request; its test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def _unthrottled(monkeypatch):
    rates = {"anon": "100000/minute", "user": "100000/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture(scope="module")
def run_figures():
    """Requests and statuses of the whole run, printed at the end (the CLI's summary, in short)."""
    figures: dict[str, dict] = {"operations": {}, "statuses": {}}
    started = time.monotonic()
    yield figures
    elapsed = time.monotonic() - started
    total = sum(figures["operations"].values())
    print(  # noqa: T201 - the run's figures
        f"\nschemathesis: {len(figures['operations'])} operations, {total} requests in {elapsed:.1f}s, "
        f"statuses {dict(sorted(figures['statuses'].items()))}"
    )


@pytest.fixture
def _token(submitter):
    # The key the schema's config sends (set before any test runs, as the CLI's -H is).
    Token.objects.create(user=submitter, key=TOKEN_KEY)


# The schema as served (drf-spectacular builds it without the database), one test per operation.
TOKEN_KEY = "schemathesis0000000000000000000000000000"
_config = SchemathesisConfig.from_path(CONFIG)
_config.projects.default.update(headers={"Authorization": f"Token {TOKEN_KEY}"})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=_config)
load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())


def test_all_checks_are_run():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"not_a_server_error", "positive_data_acceptance", "negative_data_rejection", "unsupported_method"} <= names


def test_the_schema_has_every_operation():
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS, sorted(f"{op.method.upper()} {op.path}" for op in operations)


@pytest.mark.usefixtures("world", "_token", "_keep_test_connection", "_unthrottled")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(case, run_figures):
    response = case.call()
    label = case.operation.label
    run_figures["operations"][label] = run_figures["operations"].get(label, 0) + 1
    run_figures["statuses"][response.status_code] = run_figures["statuses"].get(response.status_code, 0) + 1
    case.validate_response(response, checks=ALL_CHECKS)


# What the runs above found, pinned one by one (each was a failure of the CLI or this test).


def test_an_undeclared_method_is_a_405_whatever_the_format(token_client):
    response = token_client.generic("TRACE", "/api/v1/events/?format=csv")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["get", "delete", "patch"])
def test_an_unknown_api_path_is_a_json_404_with_debug_on_and_a_session(client, submitter, settings, method):
    settings.DEBUG = True  # runserver's default, where Django would answer its HTML debug page
    client.force_login(submitter)
    client.handler.enforce_csrf_checks = True  # and no CSRF token: the HTML 403 page before
    response = getattr(client, method)("/api/v1/subscriptions/0.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_api_path_without_its_slash_still_redirects(client):
    response = client.get("/api/v1/events")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/events/"


def test_stats_period_left_empty_is_the_default_and_the_schema_says_so(api_client, world):
    response = api_client.get("/api/v1/stats/", {"period": "", "top": ""})
    assert response.status_code == 200
    assert response.json()["period"] == "month"
    params = {p["name"]: p["schema"] for p in _operation("/api/v1/stats/", "get")["parameters"]}
    assert "" in params["period"]["enum"]
    assert "minLength" not in params["period"]
    assert {"type": "string", "maxLength": 0} in params["top"]["anyOf"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/story", "Enter a valid URL"),  # the fetcher only follows http(s)
        ("https://0.a/", "Enter a valid URL"),  # the schema's pattern refuses it too
        # Within the 2,000 characters as sent, not once canonical (the query re-encoded): was a 500.
        ("https://example.org/?q=" + "/" * 1970, "URL too long"),
    ],
)
def test_a_url_the_api_cannot_take_is_a_400(token_client, url, message):
    response = token_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]


def test_a_form_body_is_documented_without_null(token_client):
    body = _operation("/api/v1/articles/", "post")["requestBody"]
    assert body["required"] is True
    form = body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert form == "ArticleSubmitForm"
    assert "nullable" not in _schema()["components"]["schemas"][form]["properties"]["published"]
    assert "nullable" in _schema()["components"]["schemas"]["ArticleSubmit"]["properties"]["published"]


def test_acled_csv_is_documented(api_client):
    assert "text/csv" in _operation("/api/acled/read", "get")["responses"]["200"]["content"]


def _schema() -> dict:
    from rest_framework.test import APIClient

    return APIClient().get("/api/schema/?format=json").json()


def _operation(path: str, method: str) -> dict:
    return _schema()["paths"][path][method]


@pytest.mark.parametrize("page_size", ["abc", "0", "1001"])
def test_an_export_refuses_the_page_size_a_page_refuses(api_client, world, page_size):
    response = api_client.get("/api/v1/events/", {"format": "jsonl", "page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["detail"]


def test_a_trimmed_field_is_measured_after_trimming_as_the_schema_says(token_client):
    title = "Headline" + "\x1f " * 400  # 808 characters as sent, 8 once DRF has stripped them
    pattern = _schema()["components"]["schemas"]["ArticleSubmit"]["properties"]["title"]["pattern"]
    assert re.fullmatch(pattern.removeprefix("^").removesuffix("$"), title)
    assert not re.fullmatch(pattern.removeprefix("^").removesuffix("$"), "x" * 501)
    response = token_client.post("/api/v1/articles/", {"url": "https://example.org/a", "title": title}, format="json")
    assert response.status_code == 202, response.content
    too_long = token_client.post(
        "/api/v1/articles/", {"url": "https://example.org/b", "title": "x" * 501}, format="json"
    )
    assert too_long.status_code == 400
