"""Which keyring backend holds the secrets, and how its failures are worded for people.

keyring's own discovery decides, honouring ``PYTHON_KEYRING_BACKEND`` (tests use the null
backend) and ``keyringrc.cfg``. The null backend silently stores nothing, so it counts as
"no keyring", like the fail backend. A frozen app (PyInstaller) can lose the entry points
discovery relies on; then :func:`keyring_backend` picks the platform backend explicitly
(Windows Credential Manager, macOS Keychain, Secret Service), if it is viable there.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

ENV_BACKEND = "PYTHON_KEYRING_BACKEND"
# What to use when a frozen app's discovery found nothing (module path, class name).
_PLATFORM_BACKENDS = {
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}
_LINUX_BACKEND = "keyring.backends.SecretService.Keyring"
_FRIENDLY_NAMES = {
    "SecretService": "Secret Service",
    "Windows": "Windows Credential Manager",
    "macOS": "macOS Keychain",
    "kwallet": "KWallet",
}


def is_no_keyring(backend: KeyringBackend) -> bool:
    """Whether ``backend`` cannot keep anything (null: silently drops, fail: raises)."""
    from keyring.backends import fail, null

    return isinstance(backend, fail.Keyring | null.Keyring)


def platform_backend(platform: str = sys.platform) -> KeyringBackend | None:
    """This platform's native backend if it is viable here, else None."""
    path = _PLATFORM_BACKENDS.get(platform, _LINUX_BACKEND)
    module_name, _, class_name = path.rpartition(".")
    try:
        backend_class = getattr(importlib.import_module(module_name), class_name)
        if not backend_class.viable or backend_class.priority <= 0:
            return None
        return backend_class()
    except Exception as exc:  # an import or D-Bus failure means "not here"
        log.info("keyring backend %s not usable: %s", path, type(exc).__name__)
        return None


def keyring_backend() -> KeyringBackend:
    """The backend in use; in a frozen app whose discovery failed, the platform's own."""
    import keyring  # deferred: backend discovery is slow and off the start-up path

    backend = keyring.get_keyring()
    frozen = getattr(sys, "frozen", False)
    if frozen and is_no_keyring(backend) and not os.environ.get(ENV_BACKEND):
        chosen = platform_backend()
        if chosen is not None:
            log.info("frozen app: using the %s keyring backend explicitly", chosen.name)
            keyring.set_keyring(chosen)
            backend = chosen
    return backend


def backend_display_name(backend: KeyringBackend) -> str:
    """A name for people: "Secret Service", "Windows Credential Manager", "none"."""
    from keyring.backends.chainer import ChainerBackend

    if is_no_keyring(backend):
        return "none"
    if isinstance(backend, ChainerBackend) and backend.backends:
        backend = backend.backends[0]  # the chain writes to its highest-priority backend
    module = type(backend).__module__.rpartition(".")[2]
    return _FRIENDLY_NAMES.get(module, backend.name)


def no_keyring_text() -> str:
    """The plain sentence for "there is no keyring here"."""
    where = (
        " On Linux this needs a Secret Service such as GNOME Keyring or KWallet."
        if sys.platform.startswith("linux")
        else ""
    )
    return "No system keyring is available, so secrets cannot be saved on this computer." + where


def problem_of(exc: Exception, platform: str = sys.platform) -> str:
    """The plain sentence for a keyring failure ``exc``."""
    from keyring.errors import KeyringLocked, NoKeyringError

    if isinstance(exc, KeyringLocked) and platform == "darwin":
        # The Keychain says "locked" when its prompt was denied. The app is not signed with
        # a fixed identity, so the Keychain sees each update as a new app and asks again.
        return (
            "macOS did not let Retouch Studio use the Keychain: Deny was chosen, or the app "
            "was updated since you allowed it, which makes macOS ask again. Try again and "
            "choose Always Allow."
        )
    if isinstance(exc, KeyringLocked):
        return (
            "The system keyring is locked. Unlock it (for example by logging in again "
            "or opening your keyring app), then try again."
        )
    if isinstance(exc, NoKeyringError):
        return no_keyring_text()
    return f"The system keyring did not respond ({type(exc).__name__})."
