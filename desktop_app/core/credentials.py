"""Where the API token comes from: ``RETOUCH_API_KEY`` for this process, else the OS keyring.

The token never touches the settings file. Every token read is registered for redaction,
so it is masked in messages and logs from then on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from desktop_app import APP_ID
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import register_secret

log = logging.getLogger(__name__)

KEYRING_SERVICE = APP_ID
DEFAULT_PROFILE = "default"
ENV_TOKEN = "RETOUCH_API_KEY"


@dataclass(frozen=True)
class TokenLookup:
    """A token and where it came from (``"environment"``, ``"keyring"`` or ``""`` for none)."""

    token: str | None
    source: str
    problem: str = ""


def read_keyring_token(profile: str = DEFAULT_PROFILE) -> TokenLookup:
    """The token stored for ``profile``; a missing or broken keyring is reported, not raised."""
    try:
        import keyring  # deferred: keyring's backend discovery is slow and off the start-up path
        from keyring.errors import KeyringError

        token = keyring.get_password(KEYRING_SERVICE, profile)
    except KeyringError as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return TokenLookup(None, "", f"The system keyring is not available ({type(exc).__name__}).")
    except Exception as exc:  # backends raise dbus/OS errors of their own
        log.info("keyring failed: %s", type(exc).__name__)
        return TokenLookup(None, "", f"The system keyring failed ({type(exc).__name__}).")
    if token:
        register_secret(token)
        return TokenLookup(token, "keyring")
    return TokenLookup(None, "")


def find_token(
    profile: str = DEFAULT_PROFILE, environ: dict[str, str] | None = None
) -> TokenLookup:
    """``RETOUCH_API_KEY`` if set, else the keyring entry of ``profile``."""
    env = os.environ if environ is None else environ
    token = (env.get(ENV_TOKEN) or "").strip()
    if token:
        register_secret(token)
        return TokenLookup(token, "environment")
    return read_keyring_token(profile)


def require_token(profile: str = DEFAULT_PROFILE) -> str:
    """The token, or an AUTH error that tells the user how to provide one."""
    lookup = find_token(profile)
    if lookup.token:
        return lookup.token
    raise RetouchError(
        ErrorKind.AUTH,
        "No API token is set. Enter your token in Settings, set RETOUCH_API_KEY, "
        "or try the offline demo with --demo.",
        lookup.problem,
    )
