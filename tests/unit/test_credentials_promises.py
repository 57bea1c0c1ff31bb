"""The credential promises that mutation testing found unchecked: exact words, sources, profiles.

Each test drives the real module through a real keyring backend (in memory, locked, or raising);
only keyring's own ``get_keyring`` is replaced to stage a backend discovery that fails.
"""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backends import fail

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import redact
from desktop_app.core.secrets.credentials import (
    ENV_TOKEN,
    KEYRING_SERVICE,
    KeyringUnavailableError,
    check_fits_keyring,
    clean_token,
    delete_proxy_password,
    environment_token,
    find_token,
    keyring_status,
    read_keyring_token,
    read_proxy_password,
    reassign_profiles,
    require_token,
    set_session_proxy_password,
    set_session_token,
    store_proxy_password,
    store_token,
)
from tests.helpers.keyrings import MemoryKeyring, use_keyring
from tests.helpers.secrets_scan import unheard_of_token


class RecordingKeyring(MemoryKeyring):
    """A memory keyring that remembers which entries were read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[tuple[str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.reads.append((service, username))
        return super().get_password(service, username)


class BrokenKeyring(MemoryKeyring):
    """A keyring whose every call fails with an error of the OS's own (not keyring's)."""

    def _check(self) -> None:
        raise OSError("the D-Bus connection was closed")


# `memory` and `fresh_session`: tests/unit/conftest.py.
pytestmark = pytest.mark.usefixtures("fresh_session")


def test_no_token_error_says_how_to_provide_one_and_why_the_keyring_failed():
    with use_keyring(MemoryKeyring(locked=True)), pytest.raises(RetouchError) as caught:
        require_token()
    error = caught.value
    assert error.kind is ErrorKind.AUTH
    assert error.message == (
        "No API token is set. Enter your token in Settings, set RETOUCH_API_KEY, "
        "or try the offline demo with --demo."
    )
    assert error.params == {"problem": "no_token"}
    assert "locked" in error.details.lower()


def test_a_failing_backend_becomes_an_auth_error_naming_the_exception(caplog):
    caplog.set_level(logging.INFO, logger="desktop_app.core.secrets.credentials")
    with use_keyring(BrokenKeyring()), pytest.raises(KeyringUnavailableError) as caught:
        store_token(unheard_of_token())
    assert caught.value.kind is ErrorKind.AUTH
    assert caught.value.details == "OSError"
    assert "keyring failed: OSError" in [r.getMessage() for r in caplog.records]


def test_keyring_status_when_discovery_itself_fails(monkeypatch):
    def discovery_fails():
        raise RuntimeError("no backend could be loaded")

    monkeypatch.setattr(keyring, "get_keyring", discovery_fails)
    status = keyring_status()
    assert status.backend == "none"
    assert status.usable is False
    assert status.problem == "The system keyring did not respond (RuntimeError)."


def test_keyring_status_probes_the_apps_own_entry_and_names_the_backend():
    with use_keyring(RecordingKeyring()) as backend:
        status = keyring_status()
    assert (status.backend, status.usable, status.problem) == (backend.name, True, "")
    assert backend.reads == [(KEYRING_SERVICE, "status-check")]


def test_keyring_status_of_a_locked_keyring_is_not_usable():
    with use_keyring(MemoryKeyring(locked=True)):
        status = keyring_status()
    assert status.usable is False
    assert "locked" in status.problem.lower()


def test_a_secret_too_long_for_windows_reports_its_length_and_the_limit():
    secret = "x" * 1281
    with pytest.raises(RetouchError) as caught:
        check_fits_keyring(secret, platform="win32")
    assert caught.value.params == {"problem": "secret_too_long", "length": 1281, "limit": 1280}
    assert "1,281 characters" in caught.value.message
    assert "at most 1,280. Set it" in caught.value.message
    assert type(caught.value.params["limit"]) is int
    check_fits_keyring("x" * 1280, platform="win32")


def test_stored_and_session_secrets_are_masked_without_being_read_back(memory):
    stored, session, proxy = unheard_of_token(), unheard_of_token(), unheard_of_token("proxy")
    store_token(stored)
    set_session_token(session, "other")
    store_proxy_password(proxy)
    assert stored not in redact(f"a {stored} b")
    assert session not in redact(f"a {session} b")
    assert proxy not in redact(f"a {proxy} b")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("   ", "The token is empty."),
        ("abc def", "The token contains spaces or line breaks; paste it again."),
        ("abc\x1fdef", "The token contains spaces or line breaks; paste it again."),
    ],
)
def test_a_bad_token_is_refused_in_plain_words(token, message):
    with pytest.raises(RetouchError) as caught:
        clean_token(token)
    assert caught.value.kind is ErrorKind.BAD_INPUT
    assert caught.value.message == message


def test_nothing_found_reports_no_source(memory):
    assert read_keyring_token("nobody").source == ""
    assert environment_token({}).source == ""
    with use_keyring(MemoryKeyring(locked=True)):
        assert read_keyring_token().source == ""


def test_the_given_environment_is_used_instead_of_the_process_one(memory, monkeypatch):
    monkeypatch.setenv(ENV_TOKEN, unheard_of_token())
    assert environment_token({}).token is None
    given = unheard_of_token()
    lookup = find_token(environ={ENV_TOKEN: given})
    assert (lookup.token, lookup.source) == (given, "environment")


def test_a_session_proxy_password_is_per_profile_and_wins_over_the_keyring(memory):
    store_proxy_password("in-the-keyring", "work")
    set_session_proxy_password("typed-this-session", "work")
    assert read_proxy_password("work") == "typed-this-session"
    assert read_proxy_password("home") is None
    set_session_proxy_password(None, "work")
    assert read_proxy_password("work") == "in-the-keyring"
    set_session_proxy_password("", "home")
    assert read_proxy_password("home") is None


def test_a_session_proxy_password_needs_no_keyring():
    with use_keyring(fail.Keyring()):
        set_session_proxy_password("typed-this-session", "work")
        assert read_proxy_password("work") == "typed-this-session"


def test_an_empty_proxy_password_is_refused(memory):
    with pytest.raises(RetouchError) as caught:
        store_proxy_password("")
    assert caught.value.message == "The proxy password is empty."


def test_deleting_a_proxy_password_says_whether_there_was_one(memory):
    store_proxy_password("secret-1", "work")
    set_session_proxy_password("secret-2", "work")
    assert delete_proxy_password("work") is True
    assert read_proxy_password("work") is None
    assert delete_proxy_password("work") is False


def test_renaming_without_a_keyring_moves_the_session_secrets(caplog):
    caplog.set_level(logging.INFO, logger="desktop_app.core.secrets.credentials")
    token = unheard_of_token()
    with use_keyring(fail.Keyring()):
        set_session_token(token, "old")
        set_session_proxy_password("proxy-secret", "old")
        set_session_token(unheard_of_token(), "gone")
        reassign_profiles({"new": "old"}, removed=["gone"])
        assert find_token("new").token == token
        assert read_proxy_password("new") == "proxy-secret"
        assert find_token("old").token is None
        assert find_token("gone").token is None
    assert not [r for r in caplog.records if "keyring failed" in r.getMessage()]
