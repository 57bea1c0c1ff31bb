"""The token in a real Secret Service (gnome-keyring under dbus-run-session), across processes.

Run locally:

    dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock \\
        --components=secrets >/dev/null; python -m pytest tests/service/test_keyring_real.py'

Without a reachable, unlocked Secret Service these tests skip, saying why; with
``RETOUCH_REQUIRE_SECRET_SERVICE=1`` (CI) they fail instead, so CI cannot pass by skipping.
Every test uses its own profile name and removes what it stored.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid

import pytest
from keyring.backends import SecretService
from keyring.backends.chainer import ChainerBackend

from desktop_app.core.secrets.credentials import (
    delete_proxy_password,
    delete_token,
    find_token,
    keyring_status,
    read_proxy_password,
    reassign_profiles,
    store_proxy_password,
    store_token,
)
from desktop_app.core.settings import ProviderProfile, Settings, put_profile, save_settings
from tests.helpers.keyrings import use_keyring

pytestmark = pytest.mark.keyring_real

REQUIRED = os.environ.get("RETOUCH_REQUIRE_SECRET_SERVICE") == "1"
# No known prefix: only the registration of what the keyring gave masks these.
TOKEN = "relay_real_7f3a9c1d2e4b6789"
REPLACEMENT = "relay_real_replaced_5a6f42"

# What a freshly started app process finds: the source, a digest instead of the token, and
# whether redaction masks the token it only ever read from the keyring.
READ_IN_NEW_PROCESS = """
import hashlib, sys
from desktop_app.core.redaction import redact
from desktop_app.core.secrets.credentials import find_token
lookup = find_token(sys.argv[1])
digest = hashlib.sha256(lookup.token.encode()).hexdigest() if lookup.token else "-"
masked = "-"
if lookup.token:
    masked = "masked" if redact(lookup.token) == "***" else "unmasked"
print(lookup.source or "none", digest, masked)
"""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.fixture
def secret_service(monkeypatch):
    """keyring's own discovery, which must land on a working Secret Service."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    with use_keyring(None) as backend:
        chain = backend.backends if isinstance(backend, ChainerBackend) else [backend]
        if not chain or not isinstance(chain[0], SecretService.Keyring):
            problem = f"keyring chose {backend}"
        else:
            problem = keyring_status().problem
        if problem:
            reason = f"no usable Secret Service: {problem}"
            if REQUIRED:
                pytest.fail(f"RETOUCH_REQUIRE_SECRET_SERVICE=1 but {reason}")
            pytest.skip(f"{reason} (run under dbus-run-session with an unlocked gnome-keyring)")
        yield backend


@pytest.fixture
def profile(secret_service):
    """A profile name no other test or person uses; its entries are removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    for entry_owner in (name, f"{name}-renamed"):
        delete_token(entry_owner)
        delete_proxy_password(entry_owner)


def in_new_process(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )


def read_after_restart(profile: str) -> str:
    run = in_new_process("-c", READ_IN_NEW_PROCESS, profile)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return in_new_process("-m", "desktop_app", "token", *args, stdin=stdin)


def test_the_token_survives_a_restart_is_replaced_and_deleted(profile):
    assert read_after_restart(profile) == "none - -"
    store_token(TOKEN, profile)
    assert read_after_restart(profile) == f"keyring {digest(TOKEN)} masked"
    store_token(REPLACEMENT, profile)
    assert read_after_restart(profile) == f"keyring {digest(REPLACEMENT)} masked"
    assert delete_token(profile) is True
    assert read_after_restart(profile) == "none - -"
    assert delete_token(profile) is False


def test_token_cli_set_status_clear(profile, isolated_dirs):
    save_settings(put_profile(Settings(), profile, ProviderProfile()))
    run = cli("set", "--profile", profile, stdin=TOKEN + "\n")
    assert run.returncode == 0, run.stderr
    assert TOKEN not in run.stdout + run.stderr and "Secret Service" in run.stdout
    assert find_token(profile).token == TOKEN  # written by the CLI, read here

    run = cli("--profile", profile, "status")
    assert run.returncode == 0, run.stderr
    assert TOKEN not in run.stdout and "keyring (rel…6789)" in run.stdout
    assert "Secret Service, working" in run.stdout

    run = cli("clear", "--profile", profile)
    assert run.returncode == 0 and "Removed" in run.stdout
    assert find_token(profile).token is None
    assert "none" in cli("status", "--profile", profile).stdout


def test_proxy_password_and_renames_in_the_real_keyring(profile):
    store_token(TOKEN, profile)
    store_proxy_password("proxy-pass-word", profile)
    renamed = f"{profile}-renamed"
    reassign_profiles({renamed: profile})
    assert find_token(profile).token is None and read_proxy_password(profile) is None
    assert read_after_restart(renamed) == f"keyring {digest(TOKEN)} masked"
    assert read_proxy_password(renamed) == "proxy-pass-word"
