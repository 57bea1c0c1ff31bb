"""Fixtures shared by the unit tests of the credential store (opt-in, nothing autouse)."""

from __future__ import annotations

import pytest

from desktop_app.core.secrets.credentials import ENV_TOKEN, clear_session_secrets
from tests.helpers.keyrings import MemoryKeyring, use_keyring


@pytest.fixture
def fresh_session(monkeypatch):
    """No token from the environment and no session secrets, before and after the test."""
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    clear_session_secrets()
    yield
    clear_session_secrets()


@pytest.fixture
def memory():
    """An empty in-memory keyring installed for the test."""
    with use_keyring(MemoryKeyring()) as backend:
        yield backend
