"""The one shared ``httpx.AsyncClient``: OS trust store for TLS, sane pool limits.

Create it inside the running event loop and close it (``await client.aclose()``) before
the loop ends. TLS verification is always on; the OS trust store (via truststore, when
installed) makes corporate proxies with their own CA work like in the browser.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable

import httpx

from desktop_app import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"RetouchStudio/{__version__}"
# Never through a proxy: a loopback relay speaks plain http, and a proxy (from the system or
# HTTP_PROXY) would see the token and break the request. A mount of None means "direct" and
# wins over the proxy mounts, which match less specific patterns. These are the usual
# loopback names; a relay on another loopback address is added by ``direct_hosts``.
LOOPBACK_PATTERNS: tuple[str, ...] = (
    "all://localhost",
    "all://127.0.0.1",
    "all://[::1]",
)


def tls_context() -> ssl.SSLContext | bool:
    """The OS trust store if truststore is available, else certifi's bundle (httpx default)."""
    try:
        import truststore
    except ImportError:
        return True
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def open_http_client(
    *,
    proxy: str | None = None,
    trust_env: bool | None = None,
    direct_hosts: Iterable[str] = (),
) -> httpx.AsyncClient:
    """The client every request of this process shares (connection reuse, one TLS setup).

    Args:
        proxy: a proxy URL (credentials included) for every request, or None.
        trust_env: whether the environment's proxy variables apply; by default only when no
            ``proxy`` is given. :func:`desktop_app.core.relay.proxy.proxy_options` builds both.
        direct_hosts: more hosts never reached through a proxy (a relay on another loopback
            address than the usual ones); ``proxy_options`` names the relay's.
    """
    direct = (*LOOPBACK_PATTERNS, *(f"all://{_url_host(host)}" for host in direct_hosts))
    return httpx.AsyncClient(
        verify=tls_context(),
        proxy=proxy,
        trust_env=(proxy is None) if trust_env is None else trust_env,
        mounts=dict.fromkeys(direct),
        follow_redirects=False,  # a redirect must never carry the token elsewhere
        limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
        headers={"User-Agent": USER_AGENT},
    )


def _url_host(host: str) -> str:
    """``host`` as a URL writes it (IPv6 addresses in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
