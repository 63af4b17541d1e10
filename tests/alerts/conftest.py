"""A webhook receiver on 127.0.0.1 (http.server in a thread) that answers from a script."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.test_pages_browser import browser, outside_requests, page  # noqa: F401  (the browser harness)


@dataclass
class Receiver:
    statuses: list[int] = field(default_factory=list)  # answered in order, then 200
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _alert_settings(settings):
    settings.INGEST_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.ALERTS_WEBHOOK_BACKOFF_SECONDS = 0.05
    settings.ALERTS_WEBHOOK_MAX_ATTEMPTS = 5
    settings.ALERTS_WEBHOOK_TIMEOUT = 2.0
    settings.ALERTS_MAX_CONSECUTIVE_FAILURES = 3


@pytest.fixture
def analyst(db):
    from django.contrib.auth.models import User

    return User.objects.create_user("analyst", password="pw-analyst-1")


@pytest.fixture
def analyst_client(analyst):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client
