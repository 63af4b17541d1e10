"""Which addresses this server may connect to: the SSRF guard of the fetcher and the webhooks.

Every connection to a URL someone else chose (an article, a feed, a webhook) resolves the name
once, checks each address here, and connects to the very address that was checked (the Host
header and TLS SNI keep the name), so a DNS answer that changes between the check and the connect
(DNS rebinding) cannot reach an internal service. INGEST_ALLOWED_NETWORKS opens networks (tests
open 127.0.0.0/8 for a local server); cloud metadata addresses stay refused whatever it says.
"""

from __future__ import annotations

import ipaddress
import socket

import urllib3
from django.conf import settings


class AddressRefused(Exception):
    """No address of the host may be reached; the message says why."""


class Unresolvable(Exception):
    """The host name does not resolve."""


# Cloud instance metadata services: refused even when an allowed network would cover them.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in getattr(settings, "INGEST_ALLOWED_NETWORKS", [])]


_IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT, RFC 2765
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated, RFC 4291
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix, RFC 6052
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # local-use prefixes, RFC 8215: the IPv4 sits anywhere
_ISATAP_IDS = (0x00005EFE, 0x02005EFE)  # interface identifier ::0:5efe:a.b.c.d / ::200:5efe:a.b.c.d, RFC 5214
# Forms whose traffic goes to the embedded IPv4 address itself: judged as that address alone.
_TRANSLATED_FORMS = frozenset({"IPv4-mapped", "NAT64"})


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """Return the IPv4 addresses an IPv6 address carries, each with the name of its form.

    Mapped and translated addresses reach the IPv4 host through the local stack, NAT64 through a
    translator, 6to4 and Teredo through relays, ISATAP through a tunnel: any of them can carry
    traffic to an address the guard refuses in its IPv4 form.
    """
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    forms: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip in _IPV4_MAPPED:
        forms.append(("IPv4-mapped", low32))
    elif ip in _IPV4_TRANSLATED:
        forms.append(("IPv4-translated", low32))
    elif ip in _IPV4_COMPATIBLE and int(ip) > 1:  # not :: or ::1
        forms.append(("IPv4-compatible", low32))
    if ip in _NAT64:
        forms.append(("NAT64", low32))
    if ip.sixtofour is not None:
        forms.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        server, client = ip.teredo
        forms += [("Teredo server", server), ("Teredo client", client)]
    if (int(ip) >> 32) & 0xFFFFFFFF in _ISATAP_IDS:
        forms.append(("ISATAP", low32))
    return forms


def _kind_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            article = "an" if kind[0] in "aeiou" else "a"
            return f"{ip} is {article} {kind.replace('_', '-')} address"
    if not ip.is_global:  # shared address space (100.64/10), documentation ranges, …
        return f"{ip} is not a public address"
    return None


def address_refusal(address: str) -> str | None:
    """Return why the fetcher must not connect to this IP address, or None if it may.

    Every IPv6 form that embeds an IPv4 address (mapped, translated, compatible, NAT64, 6to4,
    Teredo, ISATAP) is refused when the IPv4 address would be.
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    allowed = _allowed_networks()
    if any(ip in net for net in allowed):
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return f"{ip} is a local-use NAT64 address"
        forms = embedded_ipv4(ip)
        for form, ipv4 in forms:
            if ipv4 in METADATA_ADDRESSES:
                return f"{ip} embeds {ipv4} ({form}), a cloud metadata address"
            # An allowed network opens that network, not a tunnel or relay towards it.
            if form in _TRANSLATED_FORMS and any(ipv4 in net for net in allowed):
                continue
            refusal = _kind_refusal(ipv4)
            if refusal is not None:
                return f"{ip} embeds {ipv4} ({form}): {refusal}"
        if forms and all(form in _TRANSLATED_FORMS for form, _ in forms):
            return None  # the connection goes to that IPv4 host, which is allowed
    return _kind_refusal(ip)


def resolve(host: str, port: int) -> str:
    """Resolve a host name and return the first address this server may connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(f"cannot resolve {host}: {exc}") from exc
    refusals = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0])
        refusal = address_refusal(address)
        if refusal is None:
            return address
        refusals.append(refusal)
    raise AddressRefused(f"refused {host}: {refusals[0] if refusals else 'no address'}")


def pinned_pool(scheme: str, host: str, address: str, port: int, timeout: float) -> urllib3.HTTPConnectionPool:
    """Return a connection pool to the checked address that speaks to ``host`` (Host, SNI, certificate)."""
    tm = urllib3.Timeout(connect=timeout, read=timeout)
    if scheme == "https":
        # Connect to the checked address but verify the certificate (and send SNI) for the name.
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=tm,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=tm, retries=False, maxsize=1)
