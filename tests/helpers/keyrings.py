"""Keyring backends for tests: an in-memory one (optionally locked) and a way to swap backends.

keyring picks its backend once per process, so tests never rely on PYTHON_KEYRING_BACKEND
alone: :func:`use_keyring` installs a backend and puts the previous state back afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import keyring
import keyring.core
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict; ``locked=True`` makes every call fail like a locked collection.

    Installed only explicitly (:func:`use_keyring`): keyring's discovery considers every
    backend class it has seen, so this one declares itself not viable.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test backend, never chosen by discovery")

    def __init__(self, locked: bool = False) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = locked

    def _check(self) -> None:
        if self.locked:
            raise KeyringLocked("Failed to unlock the collection!")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")


@contextlib.contextmanager
def use_keyring(backend: KeyringBackend | None) -> Iterator[KeyringBackend | None]:
    """Install ``backend`` (None: let keyring discover again) and restore the previous state."""
    previous = keyring.core._keyring_backend  # may be None: not chosen yet in this process
    if backend is None:
        keyring.core.init_backend()
    else:
        keyring.set_keyring(backend)
    try:
        yield keyring.get_keyring()
    finally:
        keyring.core._keyring_backend = previous
