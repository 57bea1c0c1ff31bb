"""Where a result may be downloaded from: every link and every redirect hop is checked.

A relay chooses the result links, and the image host chooses where its redirects go, so
neither may steer a download into this machine or its network (blind SSRF: cloud metadata at
169.254.169.254, a router's admin page, another local service). The rules, for the link and
for each hop alike:

- ``http`` and ``https`` only; ``http://`` to anything but loopback becomes ``https://``.
- Loopback only on the relay's own host and port (the demo relay and local relays serve their
  results themselves; another local port is another program).
- Link-local, private and unspecified addresses (by the literal or the resolved address) only
  when the relay itself is at that address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.endpoint import is_loopback, secure_download_url

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_INTERNAL_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_unspecified
        or address.is_multicast
        or any(address in network for network in _INTERNAL_NETWORKS)
    )


def _port(scheme: str, port: int | None) -> int:
    return port or (443 if scheme == "https" else 80)


def refused(url: str, why: str) -> RetouchError:
    """The error for a result link (or a redirect to one) the rules do not allow."""
    return RetouchError(
        ErrorKind.BAD_RESPONSE,
        f"The result image could not be downloaded: the provider pointed to {why}, which "
        "Retouch Studio does not fetch from.",
        url[:300],
        params={"problem": "result_host_refused"},
    )


async def _addresses(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []  # the download itself reports the name that does not resolve
    found: list[Address] = []
    for info in infos:
        try:
            found.append(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        except ValueError:
            continue
    return found


class ResultHosts:
    """The download rules for results of one relay.

    Args:
        relay_url: the relay's base URL; None allows no loopback nor internal address.
    """

    def __init__(self, relay_url: str | None) -> None:
        parts = urlsplit(relay_url or "")
        self._relay_host = (parts.hostname or "").lower()
        self._relay_port = _port(parts.scheme, parts.port) if self._relay_host else 0
        self._relay_addresses: list[Address] | None = None

    async def checked(self, url: str) -> str:
        """The URL to request for ``url`` (upgraded to https where due).

        Raises:
            RetouchError: BAD_RESPONSE when the rules forbid the address.
        """
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise refused(url, "a link that is not http(s)")
        url = secure_download_url(url)
        parts = urlsplit(url)
        host = parts.hostname.lower() if parts.hostname else ""
        port = _port(parts.scheme.lower(), parts.port)
        own_host = host == self._relay_host and port == self._relay_port
        addresses = await _addresses(host, port)
        if is_loopback(host) or any(a.is_loopback for a in addresses):
            if not own_host:
                raise refused(url, "another program on this computer")
            return url
        internal = [a for a in addresses if _internal(a)]
        if internal and not set(internal) <= set(await self._relay_resolved()):
            raise refused(url, f"a private or link-local address ({internal[0]})")
        return url

    async def _relay_resolved(self) -> list[Address]:
        if self._relay_addresses is None:
            self._relay_addresses = (
                await _addresses(self._relay_host, self._relay_port) if self._relay_host else []
            )
        return self._relay_addresses
