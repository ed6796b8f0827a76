"""Fetching URLs on behalf of an API caller without letting the caller reach internal hosts.

Every request the client sends, the first and each redirect hop alike, goes through
:class:`PublicOnlyTransport`: the host is resolved, and the request is refused unless every
address it resolves to is public (not private, loopback, link-local, multicast, reserved or
unspecified). The connection then goes to the address that was checked (the Host header and TLS
server name keep the original host), so a DNS answer that changes between the check and the
connection (DNS rebinding) cannot redirect it either.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import httpx

from sitroom.errors import FetchError
from sitroom.ingest.urls import TIMEOUT, USER_AGENT

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_REDIRECTS = 5


class UnsafeURLError(FetchError):
    """The URL (or a redirect) points at an address the server must not fetch from."""


def is_public(address: IPAddress) -> bool:
    """Whether the address is on the public internet. ``is_global`` also excludes the shared
    address space 100.64.0.0/10 (carrier NAT, and some clouds' metadata service at
    100.100.100.200), which is neither private nor global."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    # scope ids ("fe80::1%eth0") are not part of the address
    return list(
        dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
    )


class PublicOnlyTransport(httpx.BaseTransport):
    """Sends requests only to public addresses, or to the networks in ``allowed``."""

    def __init__(self, allowed: Iterable[IPNetwork] = (), inner: httpx.BaseTransport | None = None):
        self.allowed = tuple(allowed)
        self.inner = inner or httpx.HTTPTransport()

    def _permitted(self, address: IPAddress) -> bool:
        return is_public(address) or any(address in network for network in self.allowed)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        addresses = resolve(host, port)
        refused = [address for address in addresses if not self._permitted(address)]
        if refused or not addresses:
            raise UnsafeURLError(
                f"refused to fetch {request.url.scheme}://{host}: it resolves to a private, "
                f"loopback or link-local address ({', '.join(map(str, refused))})"
            )
        pinned = str(addresses[0])
        if pinned != host.strip("[]"):
            request.url = request.url.copy_with(host=pinned)
            request.extensions = {**request.extensions, "sni_hostname": host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def guarded_client(allow_private: bool | Iterable[IPNetwork] = False) -> httpx.Client:
    """An httpx client for :func:`sitroom.ingest.urls.fetch` that follows redirects, checking
    every hop; ``allow_private`` is True (no check at all) or networks to allow as well."""
    options = {"timeout": TIMEOUT, "headers": {"User-Agent": USER_AGENT}}
    if allow_private is True:
        return httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, **options)
    allowed = () if allow_private is False else tuple(allow_private)
    return httpx.Client(
        transport=PublicOnlyTransport(allowed),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        **options,
    )
