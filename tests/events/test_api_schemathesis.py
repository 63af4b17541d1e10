"""Property-based run of the served OpenAPI schema (schemathesis) against the WSGI app.

Every operation gets generated requests; each answer must not be a 5xx and must match the
schema (status code, content type, headers, body).
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conflict_tracker.wsgi import application

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_test_connection():
    # Called as a bare WSGI app, Django would close the connection (and with it the test's
    # transaction) after each request; its test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _runner(operation, label: str, calls: dict[str, int], statuses: dict[int, int]):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def run(case):
        calls[label] = calls.get(label, 0) + 1
        response = case.call()
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS)

    return run


@pytest.mark.usefixtures("_keep_test_connection")
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(world, monkeypatch, capsys):
    rates = {"anon": "100000/minute", "user": "100000/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    calls: dict[str, int] = {}
    statuses: dict[int, int] = {}
    failures: list[str] = []
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"

        run = _runner(operation, label, calls, statuses)
        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{label}: {exc}")
    elapsed = time.monotonic() - started
    with capsys.disabled():
        total = sum(calls.values())
        print(f"\nschemathesis: {len(operations)} operations, {total} requests in {elapsed:.1f}s, statuses {statuses}")  # noqa: T201 - the run's figures
    assert not failures, "\n\n".join(failures)
    assert not any(code >= 500 for code in statuses)
