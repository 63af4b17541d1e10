"""The fetcher's SSRF guard, table-driven: every URL form that reaches a refused address is refused
before any connection, directly, after DNS resolution and on every redirect hop (issue 17.5).

Loopback only: name resolution is replaced by a table (numeric hosts still go through the real
``getaddrinfo``, with AI_NUMERICHOST, so no query ever leaves the machine), and every connection
the fetcher opens is recorded; only the local test server on 127.0.0.1 may ever be reached.
"""

from __future__ import annotations

import socket

import pytest

from ingest import fetch as fetch_module
from ingest.fetch import FetchError, FetchRefused, address_refusal, fetch
from tests.ingest.conftest import LocalSite

pytestmark = pytest.mark.django_db

_real_getaddrinfo = socket.getaddrinfo

# What a hostile or careless DNS would answer: names that point at refused addresses.
DNS = {
    "localhost": ["127.0.0.1", "::1"],
    "localhost.": ["127.0.0.1"],
    "127.0.0.1.": ["127.0.0.1"],
    "127.0.0.1.nip.io": ["127.0.0.1"],
    "metadata.google.internal": ["169.254.169.254"],
    "instance-data.ec2.internal": ["169.254.169.254", "fd00:ec2::254"],
    "rebind.test": ["2002:7f00:1::1"],  # only a 6to4 address embedding loopback
    "teredo.test": ["2001:0:4136:e378:8000:63bf:80ff:fffe"],
    "nat64.test": ["64:ff9b::a9fe:a9fe"],
    "mapped.test": ["::ffff:10.0.0.1"],
    "mixed.test": ["10.0.0.1", "::ffff:127.0.0.1", "2002:c0a8:101::1"],
    "internal.test": ["192.168.1.10"],
}


def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's names
    name = host.decode() if isinstance(host, bytes) else str(host)
    name = name.encode("idna").decode("ascii").lower() if not name.isascii() else name.lower()
    if name in DNS:
        answers = []
        for address in DNS[name]:
            fam = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if fam == socket.AF_INET6 else (address, port)
            answers.append((fam, socket.SOCK_STREAM, 6, "", sockaddr))
        return answers
    # Numbers only: a name not in the table fails here instead of asking a real resolver.
    return _real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)


@pytest.fixture
def connections(monkeypatch, settings):
    """Resolve through DNS above; record (address, port) of every connection the fetcher opens."""
    settings.INGEST_ALLOWED_NETWORKS = []
    settings.INGEST_FETCH_TIMEOUT = 1
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    opened: list[tuple[str, int]] = []
    real_pool = fetch_module._pool

    def pool(scheme, host, address, port, timeout):
        opened.append((address, port))
        if address != "127.0.0.1":
            raise AssertionError(f"the fetcher tried to connect to {address}:{port}")
        return real_pool(scheme, host, address, port, timeout)

    monkeypatch.setattr(fetch_module, "_pool", pool)
    return opened


# (URL, words the refusal names). Every one must fail without a connection.
URLS = [
    # loopback, in every spelling getaddrinfo accepts
    ("http://127.0.0.1/", "loopback"),
    ("http://127.0.0.1:6379/", "loopback"),
    ("https://127.0.0.1/", "loopback"),
    ("HTTP://127.0.0.1/", "loopback"),
    ("http://127.1/", "loopback"),
    ("http://127.0.1/", "loopback"),
    ("http://0x7f.0.0.1/", "loopback"),
    ("http://0x7f000001/", "loopback"),
    ("http://2130706433/", "loopback"),
    ("http://0177.0.0.1/", "loopback"),
    ("http://017700000001/", "loopback"),
    ("http://127.000.000.001/", "loopback"),
    ("http://127.255.255.254/", "loopback"),
    ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "loopback"),  # full-width digits, IDNA-folded
    ("http://0/", "unspecified"),
    ("http://0.0.0.0/", "unspecified"),
    # private, link-local, shared and special-purpose IPv4
    ("http://10.0.0.1/", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://172.31.255.255/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://169.254.170.2/v2/credentials", "metadata"),
    ("http://100.100.100.200/latest/meta-data/", "metadata"),
    ("http://169.254.1.1/", "link-local"),
    ("http://100.64.0.1/", "not a public address"),
    ("http://192.0.0.1/", "private"),
    ("http://192.0.2.1/", "private"),
    ("http://198.18.0.1/", "private"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    # IPv6
    ("http://[::1]/", "loopback"),
    ("http://[0:0:0:0:0:0:0:1]/", "loopback"),
    ("https://[::1]:8443/", "loopback"),
    ("http://[::]/", "unspecified"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[2001:db8::1]/", "private"),
    # IPv6 that embeds or maps to a refused IPv4
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
    ("http://[::ffff:7f00:1]/", "IPv4-mapped"),
    ("http://[0:0:0:0:0:ffff:127.0.0.1]/", "IPv4-mapped"),
    ("http://[::ffff:169.254.169.254]/", "metadata"),
    ("http://[::ffff:10.0.0.1]:8080/", "IPv4-mapped"),
    ("http://[::ffff:0:127.0.0.1]/", "IPv4-translated"),
    ("http://[::127.0.0.1]/", "IPv4-compatible"),
    ("http://[::a9fe:a9fe]/", "metadata"),
    ("http://[2002:7f00:1::1]/", "6to4"),
    ("http://[2002:a9fe:a9fe::1]/", "metadata"),
    ("http://[2002:c0a8:101::1]/", "6to4"),
    ("http://[2002:a00:1::]/", "6to4"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo client"),
    ("http://[2001:0:7f00:1::1]/", "Teredo server"),
    ("http://[64:ff9b::7f00:1]/", "NAT64"),
    ("http://[64:ff9b::a9fe:a9fe]/", "metadata"),
    ("http://[64:ff9b::10.0.0.1]/", "NAT64"),
    ("http://[64:ff9b::192.168.0.1]/", "NAT64"),
    ("http://[64:ff9b:1::a00:1]/", "local-use NAT64"),
    ("http://[2001:4860::5efe:7f00:1]/", "ISATAP"),
    ("http://[2606:4700::200:5efe:a9fe:a9fe]/", "metadata"),
    # names, checked after resolution
    ("http://localhost/", "loopback"),
    ("http://LOCALHOST/", "loopback"),
    ("http://localhost./", "loopback"),
    ("http://\u24dbocalhost/", "loopback"),  # circled l, IDNA-folded to localhost
    ("http://127.0.0.1./", "loopback"),
    ("http://127.0.0.1.nip.io/", "loopback"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
    ("http://instance-data.ec2.internal/", "metadata"),
    ("http://rebind.test/", "6to4"),
    ("http://teredo.test/", "Teredo"),
    ("http://nat64.test/", "metadata"),
    ("http://mapped.test/", "IPv4-mapped"),
    ("http://mixed.test/", "private"),
    ("http://internal.test/", "private"),
    # URL-parsing tricks: the host is what urllib3 would connect to
    ("http://example.com@127.0.0.1/", "loopback"),
    ("http://user:pass@[::1]:8080/", "loopback"),
    ("http://127.0.0.1#@example.com/", "loopback"),
    ("http://127.0.0.1?@example.com/", "loopback"),
    ("http://127.0.0.1:80@127.0.0.1/", "loopback"),
    # schemes other than http(s)
    ("file:///etc/passwd", "only http and https"),
    ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
    ("ftp://127.0.0.1/", "only http and https"),
    ("dict://127.0.0.1:11211/stats", "only http and https"),
    ("ldap://127.0.0.1/", "only http and https"),
]


@pytest.mark.parametrize(("url", "words"), URLS, ids=[u for u, _ in URLS])
def test_every_form_of_a_refused_address_is_refused_before_connecting(connections, url, words):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)
    assert words in str(refused.value), str(refused.value)
    assert connections == []


def test_the_table_is_at_least_sixty_forms():
    assert len(URLS) >= 60
    assert len({u for u, _ in URLS}) == len(URLS)


@pytest.mark.parametrize("url", ["http:///127.0.0.1/", "http://[fe80::1%25nosuchif]/", "http://no-such-name.test/"])
def test_unreadable_hosts_fail_without_a_connection(connections, url):
    with pytest.raises(FetchError):
        fetch(url)
    assert connections == []


# Redirect targets, each sent by the allowed local server as its Location.
REDIRECTS = [
    ("http://127.0.0.2/", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://0x7f000002/", "loopback"),
    ("http://0/", "unspecified"),
    ("//10.0.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://[::ffff:169.254.169.254]/", "metadata"),
    ("http://[::ffff:127.0.0.2]/", "IPv4-mapped"),
    ("http://[2002:a9fe:a9fe::1]/", "metadata"),
    ("http://[2002:7f00:2::1]/", "6to4"),
    ("http://[64:ff9b::a9fe:a9fe]/", "metadata"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo"),
    ("http://[::127.0.0.2]/", "IPv4-compatible"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
    ("http://rebind.test/", "6to4"),  # 6to4 of 127.0.0.1: the allowed 127.0.0.1/32 opens no tunnel to it
    ("http://internal.test/", "private"),
    ("file:///etc/passwd", "only http and https"),
    ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
]


@pytest.fixture
def site():
    server = LocalSite()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.mark.parametrize(("target", "words"), REDIRECTS, ids=[t for t, _ in REDIRECTS])
def test_every_redirect_hop_is_checked(connections, settings, site, target, words):
    settings.INGEST_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the first hop, to the test server, only
    site.add("/start", status=302, headers={"Location": "/middle"})
    site.add("/middle", status=301, headers={"Location": target.format(port=site.port)})
    with pytest.raises(FetchRefused) as refused:
        fetch(site.url("/start"))
    assert words in str(refused.value), str(refused.value)
    assert [path for path, _ in site.requests] == ["/start", "/middle"]
    assert connections == [("127.0.0.1", site.port)] * 2


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]
)
def test_public_addresses_and_forms_embedding_one_stay_allowed(settings, address):
    settings.INGEST_ALLOWED_NETWORKS = []
    assert address_refusal(address) is None


def test_an_allowed_network_covers_its_mapped_form_but_never_metadata(settings):
    settings.INGEST_ALLOWED_NETWORKS = ["10.0.0.0/8", "169.254.0.0/16"]
    assert address_refusal("::ffff:10.1.2.3") is None
    assert address_refusal("64:ff9b::a01:203") is None
    assert "metadata" in address_refusal("::ffff:169.254.169.254")
    assert "metadata" in address_refusal("2002:a9fe:a9fe::1")
