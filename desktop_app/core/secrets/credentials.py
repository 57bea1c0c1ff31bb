"""Where the API token comes from and where it is kept: the OS keyring, never a file.

:func:`find_token` looks, for one profile, in this order:

1. ``RETOUCH_API_KEY``: this process only; it overrides everything (scripts, CI).
2. The session-only token (:func:`set_session_token`): typed by the user in this process
   and held in memory until it quits; the settings dialog offers it when the keyring is
   unusable. It comes before the keyring because it is the user's latest word, and because
   it spares a keyring call that can block or fail on every job while the keyring is broken.
3. The keyring entry ``retouch-studio`` / ``<profile>``.

Saving a token in the keyring (:func:`store_token`) or deleting it drops the session-only
token of that profile, so at most one of the two is ever in play. There is no plaintext file
fallback: with no working keyring the token lives for this session or not at all. A manual
proxy's password is kept the same way, under ``proxy:<profile>``.

Blocking: keyring calls go over D-Bus (Secret Service) or to the OS and may wait for an
unlock prompt. GUI code runs every function here that touches the keyring in an executor
(``loop.run_in_executor``), never on the GUI thread.

Which backend: see :mod:`desktop_app.core.secrets.keyring_backends` (discovery, the null and fail
backends counting as "no keyring", the platform backend picked explicitly in a frozen app).

Every token read is registered for redaction, so it is masked in messages and logs.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from desktop_app import APP_ID
from desktop_app.core.errors import ErrorKind, RetouchError, bad_input
from desktop_app.core.redaction import register_secret
from desktop_app.core.secrets.keyring_backends import (
    backend_display_name,
    is_no_keyring,
    keyring_backend,
    no_keyring_text,
    problem_of,
)

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

KEYRING_SERVICE = APP_ID
DEFAULT_PROFILE = "default"
ENV_TOKEN = "RETOUCH_API_KEY"
PROXY_ENTRY_PREFIX = "proxy:"
_PROBE_ENTRY = "status-check"


_session_lock = threading.Lock()
_session: dict[str, str] = {}  # keyring entry name -> secret, for this process only

T = TypeVar("T")


@dataclass(frozen=True)
class TokenLookup:
    """A token and where it came from.

    ``source`` is ``"environment"``, ``"session"``, ``"keyring"`` or ``""`` for none;
    ``problem`` says in plain words why the keyring could not be read, if it could not.
    """

    token: str | None
    source: str
    problem: str = ""


@dataclass(frozen=True)
class KeyringStatus:
    """Whether secrets can be kept: the backend's display name, and the problem if not."""

    backend: str
    usable: bool
    problem: str = ""


class KeyringUnavailableError(RetouchError):
    """The keyring could not store, read or delete a secret (kind AUTH: CLI exit code 3)."""


def proxy_entry(profile: str) -> str:
    """The keyring entry name of ``profile``'s proxy password."""
    return f"{PROXY_ENTRY_PREFIX}{profile}"


def _with_keyring(operation: Callable[[KeyringBackend], T]) -> T:
    """Run ``operation`` on the backend; every failure becomes KeyringUnavailableError."""
    from keyring.errors import PasswordDeleteError

    try:
        backend = keyring_backend()
        if is_no_keyring(backend):
            raise KeyringUnavailableError(ErrorKind.AUTH, no_keyring_text())
        return operation(backend)
    except (KeyringUnavailableError, PasswordDeleteError):
        raise
    except Exception as exc:  # backends raise D-Bus and OS errors of their own
        log.info("keyring failed: %s", type(exc).__name__)
        raise KeyringUnavailableError(ErrorKind.AUTH, problem_of(exc), type(exc).__name__) from None


def keyring_status() -> KeyringStatus:
    """Whether the keyring can keep secrets now (a read probe: may block, see module doc)."""
    try:
        backend = keyring_backend()
    except Exception as exc:
        return KeyringStatus("none", False, problem_of(exc))
    name = backend_display_name(backend)
    try:
        _with_keyring(lambda kr: kr.get_password(KEYRING_SERVICE, _PROBE_ENTRY))
    except KeyringUnavailableError as error:
        return KeyringStatus(name, False, error.message)
    return KeyringStatus(name, True)


# --- secrets by entry name --------------------------------------------------------------------


def _get_secret(entry: str) -> str | None:
    secret = _with_keyring(lambda kr: kr.get_password(KEYRING_SERVICE, entry))
    if secret:
        register_secret(secret)
    return secret or None


# Windows Credential Manager keeps at most 2,560 bytes a secret (CRED_MAX_CREDENTIAL_BLOB_SIZE)
# and keyring stores the text as UTF-16, so 1,280 characters; a longer one fails with error
# 1783, which would read as "the keyring did not respond".
WINDOWS_SECRET_LIMIT_BYTES = 2560


def check_fits_keyring(secret: str, platform: str = sys.platform) -> None:
    """Raise a clear BAD_INPUT when the system keyring cannot hold ``secret``."""
    if platform != "win32":
        return
    size = len(secret.encode("utf-16-le"))
    if size > WINDOWS_SECRET_LIMIT_BYTES:
        limit = WINDOWS_SECRET_LIMIT_BYTES // 2
        raise bad_input(
            f"This secret has {len(secret):,} characters; Windows Credential Manager keeps at "
            f"most {limit:,}. Set it for a run with RETOUCH_API_KEY instead.",
            problem="secret_too_long",
            length=len(secret),
            limit=limit,
        )


def _set_secret(entry: str, secret: str) -> None:
    check_fits_keyring(secret)
    register_secret(secret)
    _with_keyring(lambda kr: kr.set_password(KEYRING_SERVICE, entry, secret))
    _set_session(entry, None)


def _delete_secret(entry: str) -> bool:
    _set_session(entry, None)
    return _delete_entry(entry)


def _delete_entry(entry: str) -> bool:
    from keyring.errors import PasswordDeleteError

    try:
        _with_keyring(lambda kr: kr.delete_password(KEYRING_SERVICE, entry))
    except PasswordDeleteError:
        return False
    return True


def _set_session(entry: str, secret: str | None) -> None:
    with _session_lock:
        if secret:
            register_secret(secret)
            _session[entry] = secret
        else:
            _session.pop(entry, None)


def _session_secret(entry: str) -> str | None:
    with _session_lock:
        return _session.get(entry)


def clean_token(token: str) -> str:
    """``token`` without surrounding blanks, if it can be one (raises BAD_INPUT otherwise)."""
    return _clean_secret(token, "token")


def _clean_secret(secret: str, what: str) -> str:
    text = (secret or "").strip()
    if not text:
        raise bad_input(f"The {what} is empty.")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise bad_input(f"The {what} contains spaces or line breaks; paste it again.")
    return text


def clear_session_secrets() -> None:
    """Forget every session-only token and proxy password of this process."""
    with _session_lock:
        _session.clear()


# --- the API token ----------------------------------------------------------------------------


def set_session_token(token: str | None, profile: str = DEFAULT_PROFILE) -> None:
    """Keep ``token`` for ``profile`` in memory until the app quits (None forgets it)."""
    _set_session(profile, clean_token(token) if token else None)


def read_keyring_token(profile: str = DEFAULT_PROFILE) -> TokenLookup:
    """The token stored for ``profile``; a missing or broken keyring is reported, not raised."""
    try:
        token = _get_secret(profile)
    except KeyringUnavailableError as error:
        return TokenLookup(None, "", error.message)
    return TokenLookup(token, "keyring") if token else TokenLookup(None, "")


def environment_token(environ: Mapping[str, str] | None = None) -> TokenLookup:
    """``RETOUCH_API_KEY`` of ``environ`` (default: os.environ); never blocks."""
    env = os.environ if environ is None else environ
    token = (env.get(ENV_TOKEN) or "").strip()
    if token:
        register_secret(token)
        return TokenLookup(token, "environment")
    return TokenLookup(None, "")


def find_token(
    profile: str = DEFAULT_PROFILE, environ: Mapping[str, str] | None = None
) -> TokenLookup:
    """The token of ``profile``: environment, then session-only, then keyring (module doc)."""
    from_env = environment_token(environ)
    if from_env.token:
        return from_env
    session = _session_secret(profile)
    if session:
        return TokenLookup(session, "session")
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
        params={"problem": "no_token"},
    )


def store_token(token: str, profile: str = DEFAULT_PROFILE) -> None:
    """Save (or replace) ``profile``'s token in the keyring; drops its session-only token.

    Raises:
        RetouchError: BAD_INPUT for an empty token or one with spaces or line breaks.
        KeyringUnavailableError: no usable keyring; nothing was stored anywhere.
    """
    _set_secret(profile, clean_token(token))


def delete_token(profile: str = DEFAULT_PROFILE) -> bool:
    """Remove ``profile``'s token (keyring and session-only); whether the keyring had one.

    Raises:
        KeyringUnavailableError: the keyring could not be reached (the session token is gone).
    """
    return _delete_secret(profile)


# --- the proxy password -----------------------------------------------------------------------


def set_session_proxy_password(password: str | None, profile: str = DEFAULT_PROFILE) -> None:
    """Keep the manual proxy's password for ``profile`` in memory until the app quits."""
    _set_session(proxy_entry(profile), password or None)


def read_proxy_password(profile: str = DEFAULT_PROFILE) -> str | None:
    """The proxy password of ``profile`` (session-only first, then keyring), or None.

    Raises:
        KeyringUnavailableError: the keyring could not be read.
    """
    return _session_secret(proxy_entry(profile)) or _get_secret(proxy_entry(profile))


def store_proxy_password(password: str, profile: str = DEFAULT_PROFILE) -> None:
    """Save the manual proxy's password of ``profile`` in the keyring (raises like store_token)."""
    if not password:
        raise bad_input("The proxy password is empty.")
    _set_secret(proxy_entry(profile), password)


def delete_proxy_password(profile: str = DEFAULT_PROFILE) -> bool:
    """Remove the proxy password of ``profile``; whether the keyring had one."""
    return _delete_secret(proxy_entry(profile))


# --- profiles renamed or removed --------------------------------------------------------------


def reassign_profiles(moves: Mapping[str, str], removed: Iterable[str] = ()) -> None:
    """Make the keyring follow renamed and removed profiles.

    Args:
        moves: new profile name -> the name its secrets are stored under now. All secrets are
            read before any is written, so swapping two names works.
        removed: profiles whose secrets are deleted.

    Raises:
        KeyringUnavailableError: the keyring failed part-way; what was done stays done.
    """
    moves = {new: old for new, old in moves.items() if new != old}
    pairs = [
        pair
        for new, old in moves.items()
        for pair in ((new, old), (proxy_entry(new), proxy_entry(old)))
    ]
    in_session = {new: s for new, old in pairs if (s := _session_secret(old))}
    stale = [entry for name in {*moves.values(), *removed} for entry in (name, proxy_entry(name))]
    with _session_lock:
        for entry in stale:
            _session.pop(entry, None)
        _session.update(in_session)
    if is_no_keyring(keyring_backend()):
        return  # nothing can be stored there, so nothing needs to move
    in_keyring = {new: s for new, old in pairs if (s := _get_secret(old))}
    for entry in stale:
        _delete_entry(entry)
    for entry, secret in in_keyring.items():
        _with_keyring(lambda kr, e=entry, v=secret: kr.set_password(KEYRING_SERVICE, e, v))
