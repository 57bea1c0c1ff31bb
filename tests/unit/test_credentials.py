"""Where the token comes from and where it is kept: environment, session, keyring; no file."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from keyring.backends import fail, null

from desktop_app.cli.token import run_token_command
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import redact
from desktop_app.core.relay.proxy import proxy_options_for
from desktop_app.core.secrets import credentials, keyring_backends
from desktop_app.core.secrets.credentials import (
    KEYRING_SERVICE,
    KeyringUnavailableError,
    delete_token,
    find_token,
    keyring_status,
    proxy_entry,
    read_keyring_token,
    read_proxy_password,
    reassign_profiles,
    require_token,
    set_session_token,
    store_proxy_password,
    store_token,
)
from desktop_app.core.settings import (
    ProviderProfile,
    Settings,
    put_profile,
    save_settings,
    switch_profile,
)
from tests.helpers.keyrings import MemoryKeyring, use_keyring
from tests.helpers.secrets_scan import files_containing, unheard_of_token

# No known prefix: the generic sk- pattern would mask these even if nobody registered them.
TOKEN = "relay_unit_7f3a9c1d2e4b6789"
OTHER = "relay_other_9e8d7c6b5a4f3e2d"


# `memory` and `fresh_session`: tests/unit/conftest.py.
pytestmark = pytest.mark.usefixtures("fresh_session")


@pytest.fixture
def no_keyring():
    with use_keyring(null.Keyring()) as backend:
        yield backend


def token_cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_token_command(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- lookup order -----------------------------------------------------------------------------


def test_environment_wins_then_session_then_keyring(memory, monkeypatch):
    store_token(TOKEN)
    set_session_token(OTHER)
    monkeypatch.setenv("RETOUCH_API_KEY", "sk-from-the-environment-42")
    assert find_token() == credentials.TokenLookup("sk-from-the-environment-42", "environment")
    monkeypatch.delenv("RETOUCH_API_KEY")
    assert find_token() == credentials.TokenLookup(OTHER, "session")
    set_session_token(None)
    assert find_token() == credentials.TokenLookup(TOKEN, "keyring")
    assert require_token() == TOKEN


def test_store_replace_delete_per_profile(memory):
    store_token(f"  {TOKEN}\n", "work")  # pasted with blanks: stored clean
    assert memory.entries == {(KEYRING_SERVICE, "work"): TOKEN}
    store_token(OTHER, "work")
    assert read_keyring_token("work").token == OTHER
    assert find_token("default").token is None  # profiles do not share tokens
    assert delete_token("work") is True
    assert delete_token("work") is False
    assert memory.entries == {}


def test_tokens_with_inner_blanks_are_refused(memory):
    for bad in ("", "   ", "sk-abc def", "sk-abc\nsk-def"):
        with pytest.raises(RetouchError) as caught:
            store_token(bad)
        assert caught.value.kind is ErrorKind.BAD_INPUT
    assert memory.entries == {}


def test_every_read_token_is_redacted(memory, monkeypatch):
    from_keyring, from_environment = unheard_of_token(), unheard_of_token()
    memory.entries[(KEYRING_SERVICE, "default")] = from_keyring  # stored by an earlier run
    assert find_token().token == from_keyring
    assert redact(f"header: {from_keyring}") == "header: ***"
    monkeypatch.setenv("RETOUCH_API_KEY", from_environment)
    assert find_token().token == from_environment
    assert redact(f"header: {from_environment}") == "header: ***"


# --- no usable keyring ------------------------------------------------------------------------


@pytest.mark.parametrize("backend", [null.Keyring(), fail.Keyring()], ids=["null", "fail"])
def test_no_keyring_is_said_plainly_and_nothing_lands_in_a_file(backend, isolated_dirs):
    with use_keyring(backend):
        status = keyring_status()
        assert not status.usable and status.backend == "none"
        assert "No system keyring is available" in status.problem
        with pytest.raises(KeyringUnavailableError) as caught:
            store_token(TOKEN)
        assert caught.value.exit_code == 3 and TOKEN not in str(caught.value)
        lookup = find_token()
        assert lookup.token is None and "No system keyring" in lookup.problem
        with pytest.raises(RetouchError) as missing:
            require_token()
        assert missing.value.kind is ErrorKind.AUTH and "No system keyring" in missing.value.details
        # The session-only token works instead, in memory.
        set_session_token(TOKEN)
        assert find_token() == credentials.TokenLookup(TOKEN, "session")
        save_settings(Settings())
    assert files_containing(TOKEN, isolated_dirs["config"], isolated_dirs["data"]) == []
    assert files_containing(TOKEN, Path.home() / ".local" / "share" / "python_keyring") == []


def test_a_locked_keyring_is_reported_as_locked():
    with use_keyring(MemoryKeyring(locked=True)):
        status = keyring_status()
        assert not status.usable and "locked" in status.problem
        assert "locked" in read_keyring_token().problem
        with pytest.raises(KeyringUnavailableError, match="locked"):
            store_token(TOKEN)


def test_session_token_is_dropped_when_the_keyring_takes_over(memory):
    set_session_token(TOKEN, "work")
    assert find_token("work").source == "session"
    store_token(OTHER, "work")
    assert find_token("work") == credentials.TokenLookup(OTHER, "keyring")
    set_session_token(TOKEN, "work")
    delete_token("work")
    assert find_token("work").token is None


# --- frozen apps ------------------------------------------------------------------------------


def test_frozen_app_picks_the_platform_backend_when_discovery_failed(monkeypatch):
    chosen = MemoryKeyring()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    with use_keyring(fail.Keyring()):
        assert keyring_backends.keyring_backend(frozen=False) is not chosen  # from source
        found = keyring_backends.keyring_backend(frozen=True, native_backend=lambda: chosen)
        assert found is chosen
        assert keyring_status().usable  # installed: later calls use it too


def test_frozen_app_respects_an_explicit_backend_choice():
    with use_keyring(null.Keyring()):
        # PYTHON_KEYRING_BACKEND (set for every test) names the null backend on purpose.
        found = keyring_backends.keyring_backend(frozen=True, native_backend=MemoryKeyring)
        assert isinstance(found, null.Keyring)


def test_platform_backend_of_another_system_is_not_viable_here():
    other = "win32" if sys.platform != "win32" else "darwin"
    assert keyring_backends.platform_backend(other) is None


# --- proxy password, profiles -----------------------------------------------------------------


def test_proxy_password_stays_in_the_keyring_and_out_of_settings_json(memory, isolated_dirs):
    password = "p@ss:w/rd-proxy-secret"
    profile = ProviderProfile(
        proxy_mode="manual", proxy_url="http://proxy.corp:3128", proxy_user="jdoe"
    )
    settings = switch_profile(put_profile(Settings(), "work", profile), "work")
    store_proxy_password(password, "work")
    store_token(TOKEN, "work")
    path = save_settings(settings)
    text = path.read_text(encoding="utf-8")
    assert password not in text and TOKEN not in text and "jdoe" in text
    assert memory.entries[(KEYRING_SERVICE, proxy_entry("work"))] == password
    options = proxy_options_for(settings)
    assert options.proxy == "http://jdoe:p%40ss%3Aw%2Frd-proxy-secret@proxy.corp:3128"
    assert password not in repr(options) and "p%40ss" not in repr(options)
    assert files_containing(password, isolated_dirs["config"], isolated_dirs["data"]) == []


def test_renamed_and_swapped_profiles_take_their_secrets_along(memory):
    store_token("sk-token-of-a-111111", "a")
    store_token("sk-token-of-b-222222", "b")
    store_proxy_password("proxy-of-a", "a")
    store_token("sk-token-of-gone-333", "gone")
    reassign_profiles({"b": "a", "a": "b"}, removed=["gone"])
    assert read_keyring_token("a").token == "sk-token-of-b-222222"
    assert read_keyring_token("b").token == "sk-token-of-a-111111"
    assert read_proxy_password("b") == "proxy-of-a" and read_proxy_password("a") is None
    assert read_keyring_token("gone").token is None


# --- the CLI ----------------------------------------------------------------------------------


def test_token_cli_set_status_clear(memory, monkeypatch):
    code, out, err = token_cli("set", stdin=TOKEN + "\n")
    assert code == 0, err
    assert memory.entries[(KEYRING_SERVICE, "default")] == TOKEN
    assert TOKEN not in out + err and "rel…6789" in out
    code, out, _ = token_cli("status")
    assert code == 0 and TOKEN not in out
    assert "Profile:  default (active)" in out and "Token:    keyring (rel…6789)" in out
    monkeypatch.setenv("RETOUCH_API_KEY", OTHER)
    code, out, _ = token_cli("status", "--profile", "default")
    assert "environment" in out and OTHER not in out and "not used while it is set" in out
    monkeypatch.delenv("RETOUCH_API_KEY")
    assert token_cli("clear")[0] == 0
    assert memory.entries == {}
    assert "none" in token_cli("status")[1]


def test_token_cli_never_takes_the_token_as_an_argument(memory):
    code, out, err = token_cli("set", TOKEN)
    assert code == 2 and memory.entries == {}
    assert TOKEN not in out + err and "never taken from the command line" in err


def test_token_cli_usage_errors(memory):
    assert token_cli("set", stdin="")[0] == 2
    assert token_cli("set", "--profile", "nope", stdin=TOKEN)[0] == 2
    assert token_cli("bogus")[0] == 2
    assert token_cli()[0] == 2
    assert memory.entries == {}


def test_token_cli_set_without_a_keyring_exits_3(no_keyring, isolated_dirs):
    code, out, err = token_cli("set", stdin=TOKEN)
    assert code == 3 and "No system keyring" in err and "RETOUCH_API_KEY" in err
    assert TOKEN not in out + err
    assert files_containing(TOKEN, isolated_dirs["config"], isolated_dirs["data"]) == []
    code, out, _ = token_cli("status")
    assert code == 0 and "not usable" in out
