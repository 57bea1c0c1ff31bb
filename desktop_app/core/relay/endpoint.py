"""Where requests may go: HTTPS only, except to this machine (the demo provider, local relays)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.errors import bad_input

# Only "localhost" counts by name: resolvers must answer it with loopback (RFC 6761), while
# names like localhost.localdomain or ip6-localhost may go through DNS and land elsewhere.
LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this machine."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str) -> str:
    """The provider base URL without a trailing slash; refuses what would leak the token.

    Raises:
        RetouchError: BAD_INPUT for a malformed URL, or ``http://`` to anything but loopback.
    """
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_input(
            f"“{text}” is not a provider address. It should look like https://api.example.com/v1.",
            url=text,
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise bad_input(
            "The provider address must start with https:// so your token travels encrypted "
            f"(plain http:// is only allowed for this computer). Address: {text}",
            url=text,
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def chat_completions_url(base_url: str) -> str:
    return f"{validate_base_url(base_url)}/chat/completions"


def models_url(base_url: str) -> str:
    return f"{validate_base_url(base_url)}/models"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def secure_download_url(url: str) -> str:
    """A result URL to fetch: ``http://`` links of remote CDNs are upgraded to ``https://``."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return urlunsplit(("https", *parts[1:]))
    return url
