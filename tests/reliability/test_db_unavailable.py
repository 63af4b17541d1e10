"""An unreachable database is answered with 503 and a message, never a 500.

In-process: the default connection is swapped for one whose database cannot be reached (a
SQLite file in a directory that does not exist, or a PostgreSQL port nothing listens on), so
the real driver really fails to connect. Over HTTP: gunicorn on a private PostgreSQL cluster
(tests/reliability/pg_cluster.py) that the test stops.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections

from conflict_tracker.middleware import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from tests.conftest import uses_real_services
from tests.reliability.pg_cluster import (
    Cluster,
    Web,
    free_port,
    http_request,
    private_cluster,
    running_gunicorn,
    stack_env,
    submitter_token,
)

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
ARTICLE = (
    "Government forces shelled the town of Kafr Nabl in Idlib province on Tuesday, killing three "
    "civilians, a monitoring group said."
)


@pytest.fixture
def unreachable_database(django_db_blocker, tmp_path) -> Iterator[None]:
    """Point the default alias, for this thread, at a database that cannot be reached."""
    real = connections["default"]
    broken_settings = dict(real.settings_dict)
    if real.vendor == "sqlite":
        broken_settings["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        broken_settings.update(HOST="127.0.0.1", PORT=str(free_port()))
    broken = type(real)(broken_settings, "default")
    with django_db_blocker.unblock():
        connections["default"] = broken
        try:
            yield
        finally:
            broken.close()
            connections["default"] = real


def _assert_api_503(response) -> None:
    assert response.status_code == 503, response.content[:500]
    # The ACLED endpoint wraps the same detail in ACLED's error envelope.
    assert response.json()["detail"] == DATABASE_UNAVAILABLE
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.parametrize(
    "path", ["/api/v1/events/", "/api/v1/events/1/", "/api/v1/actors/", "/api/v1/stats/", "/api/v1/events/?format=csv"]
)
def test_api_read_answers_503_json_when_the_database_is_unreachable(unreachable_database, client, path):
    _assert_api_503(client.get(path))


def test_acled_read_answers_503_json_when_the_database_is_unreachable(unreachable_database, client):
    _assert_api_503(client.get("/api/acled/read", {"key": "k" * 40, "email": "analyst@example.org"}))


def test_article_submission_answers_503_when_the_database_is_unreachable(unreachable_database, client):
    # The token cannot even be checked: an answer to retry, not a 401 or a 500.
    response = client.post(
        "/api/v1/articles/", {"text": ARTICLE}, content_type="application/json", HTTP_AUTHORIZATION="Token " + "a" * 40
    )
    _assert_api_503(response)


@pytest.mark.parametrize("path", ["/events/", "/actors/1/", "/", "/map/data/"])
def test_pages_answer_the_503_page_when_the_database_is_unreachable(unreachable_database, client, path):
    from django.core.cache import cache

    cache.clear()  # a warm aggregate cache may answer /map/data/ without the database (and should)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert DATABASE_UNAVAILABLE in response.content.decode()


@pytest.mark.parametrize("path", ["/events/", "/map/data/"])
def test_a_private_deployment_answers_503_not_500_when_the_session_cannot_be_read(
    unreachable_database, client, settings, path
):
    settings.PUBLIC_READ = False
    client.cookies["sessionid"] = "s" * 32  # a session to look up: the first query is the sign-in check
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_health_still_reports_down(unreachable_database, client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_a_wrong_query_stays_a_server_error(db):
    """Only an unreachable database is a 503: a query on a missing table is a bug (SQLite reports it as OperationalError)."""
    from django.db import connection
    from django.db.utils import DatabaseError
    from django.test import RequestFactory

    from conflict_tracker.middleware import DatabaseUnavailableMiddleware

    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/events/"), raised.value) is None


# --- Over HTTP, with PostgreSQL stopped under a running gunicorn -----------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not uses_real_services():
        pytest.skip("needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…")
    with private_cluster("ct_db_unavailable") as instance:
        yield instance


@pytest.fixture(scope="module")
def env(cluster) -> dict[str, str]:
    # No broker either: a submission while the database is up must still be stored (queued).
    return stack_env(cluster, broker_url=UNREACHABLE_BROKER)


@pytest.fixture(scope="module")
def api_token(env) -> str:
    return submitter_token(env, "outage-submitter")


@pytest.fixture(scope="module")
def web(env, tmp_path_factory) -> Iterator[Web]:
    with running_gunicorn(env, tmp_path_factory.mktemp("db-unavailable-web")) as server:
        yield server


@pytest.mark.services
def test_stopped_postgres_gives_503_answers_and_the_service_recovers(cluster, web, api_token):
    # Broker down, database up: the submission is stored as queued and accepted.
    reply = http_request(web, "POST", "/api/v1/articles/", {"text": ARTICLE}, api_token)
    assert reply.status == 202, reply
    assert cluster.query("SELECT status FROM events_article WHERE id = %s", (reply.body["id"],)) == [("queued",)]
    assert http_request(web, "GET", "/api/v1/events/").status == 200

    cluster.stop()
    try:
        for path in ("/api/v1/events/", "/api/acled/read?key=" + "k" * 40 + "&email=a@example.org"):
            reply = http_request(web, "GET", path)
            assert reply.status == 503, (path, reply)
            assert reply.body["detail"] == DATABASE_UNAVAILABLE
            assert reply.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        reply = http_request(web, "POST", "/api/v1/articles/", {"text": ARTICLE + " Again."}, api_token)
        assert reply.status == 503, reply
        assert reply.body == {"detail": DATABASE_UNAVAILABLE}
        page = http_request(web, "GET", "/events/", accept="text/html")
        assert page.status == 503, page
        assert page.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert DATABASE_UNAVAILABLE in page.body
        assert http_request(web, "GET", "/health/").status == 503
    finally:
        cluster.start()

    # The same worker answers again once the database is back (its connection is health-checked).
    statuses = [http_request(web, "GET", "/api/v1/events/").status for _ in range(3)]
    assert statuses[-1] == 200, statuses
    assert web.proc.poll() is None
    assert settings.CELERY_BROKER_URL != UNREACHABLE_BROKER
