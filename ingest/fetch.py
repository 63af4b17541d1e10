"""Fetch a web page or feed safely: SSRF guard, manual redirects, time and size limits.

Every hop is resolved once, the addresses are checked, and the connection goes to the very
address that was checked (the Host header and TLS SNI keep the name), so a DNS answer that
changes between the check and the connect (DNS rebinding) cannot reach an internal service.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from conflict_tracker import netguard

# The guard lives in conflict_tracker (the webhooks of alerts/ use it too); importable from here as before.
from conflict_tracker.netguard import METADATA_ADDRESSES, address_refusal, embedded_ipv4  # noqa: F401
from conflict_tracker.netguard import pinned_pool as _pool
from events.documents import too_large_message

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "text/rss+xml",
        "text/atom+xml",
        "text/plain",
    }
)
CHUNK = 64 * 1024
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_META_LANG = re.compile(
    rb"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*content\s*=\s*[\"']?([A-Za-z]{2,3})\b",
    re.IGNORECASE,
)


class FetchError(Exception):
    """The URL could not be fetched; the message says why, for the article's status reason."""


class FetchRefused(FetchError):
    """The URL points somewhere the fetcher must not go (scheme, private address, …)."""


class FetchTimeout(FetchError):
    pass


class FetchTooLarge(FetchError):
    pass


class UnsupportedContent(FetchError):
    pass


@dataclass(frozen=True)
class FetchResponse:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        return match.group(1) if match else None

    def text(self) -> str:
        """Decode the body: declared charset first, then detection, never an exception."""
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        from trafilatura.utils import decode_file

        decoded = decode_file(self.body)
        return decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Document:
    """The main text and metadata of a fetched page."""

    url: str
    text: str
    raw: str
    title: str = ""
    author: str = ""
    date: str | None = None  # ISO date
    language: str = ""
    sitename: str = ""


def user_agent() -> str:
    contact = getattr(settings, "INGEST_CONTACT_URL", "") or "https://github.com/conflict-tracker"
    return f"ConflictTrackerBot/0.1 (+{contact})"


def resolve(host: str, port: int) -> str:
    """Resolve a host name and return the first address the fetcher may connect to."""
    try:
        return netguard.resolve(host, port)
    except netguard.AddressRefused as exc:
        raise FetchRefused(str(exc)) from exc
    except netguard.Unresolvable as exc:
        raise FetchError(str(exc)) from exc


def _timeout() -> float:
    return float(getattr(settings, "INGEST_FETCH_TIMEOUT", 15))


def fetch(
    url: str,
    *,
    accept: frozenset[str] = HTML_TYPES,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> FetchResponse:
    """GET a URL, following up to MAX_REDIRECTS redirects by hand and checking every hop.

    Returns the final response (status 2xx or 304); raises FetchError with a readable reason
    otherwise. The body is streamed and the download aborted once it passes max_bytes.
    """
    limit = max_bytes if max_bytes is not None else int(settings.INGEST_MAX_BYTES)
    timeout = _timeout()
    # The read timeout bounds each silence; this bounds a server that drips a byte at a time.
    deadline = time.monotonic() + 4 * timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRefused(f"refused {current}: only http and https URLs are fetched")
        try:
            host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(f"invalid URL {current}: {exc}") from exc
        if not host:
            raise FetchError(f"invalid URL {current}: no host")
        address = resolve(host, port)
        default_port = port == (443 if scheme == "https" else 80)
        request_headers = {
            "Host": host if default_port else f"{host}:{port}",
            "User-Agent": user_agent(),
            "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
            **(headers or {}),
        }
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        pool = _pool(scheme, host, address, port, timeout)
        try:
            response = pool.urlopen(
                "GET",
                target,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchTimeout(f"timed out after {timeout:g}s connecting to {current}") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"cannot connect to {current}: {exc}") from exc
        try:
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status in REDIRECT_CODES:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location from {current}")
                current = urljoin(current, location.strip())
                logger.debug("redirect %s -> %s", url, current)
                continue
            if response.status == 304:
                return FetchResponse(url=current, status=304, headers=response_headers)
            if not 200 <= response.status < 300:
                raise FetchError(f"HTTP {response.status} {response.reason or ''} from {current}".strip())
            content_type = response_headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in accept:
                raise UnsupportedContent(f"unsupported content type {content_type} at {current}")
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchTooLarge(too_large_message(limit, int(declared)))
            body = _read_capped(response, limit=limit, deadline=deadline, url=current, timeout=timeout)
            return FetchResponse(url=current, status=response.status, headers=response_headers, body=body)
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {url}")


def _read_capped(response, *, limit: int, deadline: float, url: str, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        # Decoded bytes are counted, so a small gzip bomb is stopped like a large page.
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise FetchTooLarge(too_large_message(limit))
            if time.monotonic() > deadline:
                raise FetchTimeout(f"timed out: {url} took longer than {4 * timeout:g}s to download")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as exc:
        raise FetchTimeout(f"timed out after {timeout:g}s reading {url}") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"download of {url} broke off: {exc}") from exc
    return b"".join(chunks)


def _declared_language(body: bytes) -> str:
    head = body[:20_000]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def extract_document(response: FetchResponse) -> Document:
    """Return the main text and metadata of a fetched HTML or plain-text page."""
    raw = response.text()
    if response.content_type == "text/plain":
        return Document(url=response.url, text=raw.strip(), raw=raw)
    return extract_html(raw, url=response.url, language=_declared_language(response.body))


def extract_html(html: str, *, url: str | None = None, language: str = "") -> Document:
    """Run trafilatura over an HTML string: main text, title, author, date, language, site name."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Document(url=url or "", text="", raw=html, language=language)
    if isinstance(doc, dict):  # older trafilatura
        get = doc.get
    else:

        def get(name: str, default=None):
            return getattr(doc, name, default)

    if not language:
        language = _declared_language(html[:20_000].encode("utf-8", errors="ignore"))
    return Document(
        url=url or "",
        text=(get("text") or "").strip(),
        raw=html,
        title=(get("title") or "").strip(),
        author=(get("author") or "").strip(),
        date=get("date") or None,
        language=(get("language") or language or "").lower()[:8],
        sitename=(get("sitename") or "").strip(),
    )


def fetch_article(url: str) -> Document:
    """Fetch an article page and extract it; raise FetchError with the reason if that fails."""
    response = fetch(url, accept=HTML_TYPES)
    if not response.body.strip():
        raise FetchError(f"empty response from {response.url}")
    return extract_document(response)
