"""How requests reach the relay: through the system proxy, directly, or through a manual proxy.

A profile's ``proxy_mode`` becomes the two arguments of
:func:`desktop_app.core.relay.transport.open_http_client`:

- ``system``: ``trust_env=True``. httpx then follows ``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY``
  and, on Windows and macOS, the proxy set in the system settings (through urllib's
  ``getproxies``), like the browser.
- ``none``: no proxy, ``trust_env=False``, so proxy variables are ignored too.
- ``manual``: the profile's proxy URL with its user and the password from the keyring,
  ``trust_env=False``. The password is registered for redaction, raw and URL-encoded, so the
  URL never shows up readable in a message or a log.

The tunnel to an ``https://`` relay stays end-to-end TLS through any of them; verification
is always on (see :mod:`desktop_app.core.relay.transport`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from desktop_app.core.errors import bad_input
from desktop_app.core.redaction import redact, register_secret
from desktop_app.core.relay.endpoint import is_loopback
from desktop_app.core.secrets.credentials import read_proxy_password

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop_app.core.settings import ProviderProfile, Settings

PROXY_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ProxyOptions:
    """The proxy arguments of ``open_http_client`` (``proxy`` may hold a password)."""

    proxy: str | None = None
    trust_env: bool = True
    direct_hosts: tuple[str, ...] = ()  # a loopback relay's host: never through the proxy

    def as_kwargs(self) -> dict[str, Any]:
        """``open_http_client(**options.as_kwargs())``."""
        return {"proxy": self.proxy, "trust_env": self.trust_env, "direct_hosts": self.direct_hosts}

    def __repr__(self) -> str:  # the URL may carry the proxy password
        shown = redact(self.proxy) if self.proxy else None
        return (
            f"ProxyOptions(proxy={shown!r}, trust_env={self.trust_env}, "
            f"direct_hosts={self.direct_hosts!r})"
        )


def validate_proxy_url(url: str) -> str:
    """A manual proxy address, checked: ``http(s)://host[:port]`` without credentials.

    Raises:
        RetouchError: BAD_INPUT with a sentence for the settings dialog.
    """
    text = (url or "").strip()
    try:
        parts = urlsplit(text if "://" in text else f"http://{text}")
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in PROXY_SCHEMES or not parts.hostname or not port_ok:
        raise bad_input(
            f"“{text}” is not a proxy address. It should look like http://proxy.example.com:3128.",
            url=text,
        )
    if parts.username or parts.password:
        raise bad_input("Put the proxy user name and password in their own fields, not the URL.")
    if parts.path.strip("/") or parts.query:
        raise bad_input("A proxy address has no path: use http://host:port.", url=text)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def proxy_options(profile: ProviderProfile, password: str | None = None) -> ProxyOptions:
    """The proxy arguments for ``profile``; ``password`` is the manual proxy's, if any.

    Raises:
        RetouchError: BAD_INPUT when the manual proxy address is not valid.
    """
    host = urlsplit(profile.base_url).hostname or ""
    direct = (host,) if is_loopback(host) else ()
    if profile.proxy_mode == "none":
        return ProxyOptions(None, trust_env=False, direct_hosts=direct)
    if profile.proxy_mode != "manual":
        return ProxyOptions(None, trust_env=True, direct_hosts=direct)
    url = validate_proxy_url(profile.proxy_url)
    user = profile.proxy_user.strip()
    if not user:
        return ProxyOptions(url, trust_env=False, direct_hosts=direct)
    parts = urlsplit(url)
    userinfo = quote(user, safe="")
    if password:
        register_secret(password)
        register_secret(quote(password, safe=""))
        userinfo += ":" + quote(password, safe="")
    netloc = f"{userinfo}@{parts.netloc}"
    proxy_url = urlunsplit((parts.scheme, netloc, "", "", ""))
    return ProxyOptions(proxy_url, trust_env=False, direct_hosts=direct)


def proxy_options_for(
    settings: Settings, read_password: Callable[[str], str | None] = read_proxy_password
) -> ProxyOptions:
    """The proxy arguments of the active profile, its password read from the keyring.

    May block on the keyring for a manual proxy with a user: run it in an executor.

    Raises:
        RetouchError: BAD_INPUT for a bad proxy address; KeyringUnavailableError when the
            password cannot be read.
    """
    profile = settings.provider
    password = None
    if profile.proxy_mode == "manual" and profile.proxy_user.strip():
        password = read_password(settings.active_profile)
    return proxy_options(profile, password)
