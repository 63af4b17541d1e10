"""A real HTTP server on 127.0.0.1 serving fixture pages and feeds to the fetcher under test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Route:
    body: bytes | Callable[[BaseHTTPRequestHandler], bytes] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Answer 304 when the request carries this ETag in If-None-Match.
    etag: str = ""
    # False: no Content-Length, the body ends when the connection closes (a streamed download).
    send_length: bool = True


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", {"ETag": route.etag})
                    return
                body = route.body(self) if callable(route.body) else route.body
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.etag:
                    headers["ETag"] = route.etag
                if not route.send_length:
                    headers["Connection"] = "close"
                    self.close_connection = True
                self._send(route.status, body, headers, send_length=route.send_length)

            def _send(self, status: int, body: bytes, headers: dict[str, str], send_length: bool = True) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if status != 304 and send_length:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher gave up on purpose (size cap, timeout)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str | Callable = b"", **kwargs) -> str:
        self.routes[path] = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@pytest.fixture
def site():
    server = LocalSite()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def allow_localhost(settings):
    """Let the fetcher reach the local test server (the SSRF guard refuses loopback otherwise)."""
    settings.INGEST_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.INGEST_FETCH_TIMEOUT = 1
    return settings


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def page(title: str, body: str, *, lang: str = "en", author: str = "Jane Roe", date: str = "2016-10-17") -> str:
    paragraphs = "".join(f"<p>{p.strip()}</p>\n" for p in body.strip().split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Example Wire</title>
<meta name="author" content="{author}"><meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="{date}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}</article>
<footer>© Example Wire. All rights reserved.</footer></body></html>"""
