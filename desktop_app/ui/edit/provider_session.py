"""Which relay the window talks to, and with what: settings, token, proxy, or the demo.

Everything here that touches the keyring (the token, a proxy password) blocks and is called
from the executor by :class:`desktop_app.ui.edit.edit_runner.EditRunner`, never the GUI thread.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from desktop_app.core.settings import Settings

if TYPE_CHECKING:
    from desktop_app.demo import DemoProvider

DEMO_LATENCY = 2.0  # seconds: long enough to see the stages, short enough to try things


class ProviderSession:
    """The window's provider: the stored settings, or the built-in demo relay on loopback.

    Args:
        settings: the stored settings (with ``RETOUCH_*`` overrides).
        demo: use the demo provider instead of the configured relay; it starts on first
            use (:meth:`effectiveSettings`, :meth:`demoProvider`), not with the window.
    """

    def __init__(self, settings: Settings, *, demo: bool = False) -> None:
        self._settings = settings
        self._demo: DemoProvider | None = None
        self._wants_demo = demo

    def settings(self) -> Settings:
        """The stored settings (never a secret)."""
        return self._settings

    def setSettings(self, settings: Settings) -> None:
        self._settings = settings

    def isDemo(self) -> bool:
        return self._wants_demo

    def effectiveSettings(self) -> Settings:
        """The settings a job uses: the demo relay's address while the demo is on."""
        demo = self.demoProvider()
        if demo is not None:
            return dataclasses.replace(self._settings, base_url=demo.base_url)
        return self._settings

    def token(self) -> str:
        """The active profile's token (may block on the keyring: executor only)."""
        if self._wants_demo:
            return "demo"
        from desktop_app.core.secrets.credentials import require_token

        return require_token(self._settings.active_profile)

    def hasToken(self) -> bool:
        """Whether a token is available (may block on the keyring: executor only)."""
        if self._wants_demo:
            return True
        from desktop_app.core.secrets.credentials import find_token

        return bool(find_token(self._settings.active_profile).token)

    def clientOptions(self) -> dict[str, Any]:
        """``open_http_client`` arguments for the proxy (may read the keyring: executor only)."""
        if self._wants_demo:
            return {}
        from desktop_app.core.relay.proxy import proxy_options_for

        return proxy_options_for(self._settings).as_kwargs()

    def useDemo(self) -> None:
        """Switch to the built-in offline demo relay (started once, on 127.0.0.1)."""
        self._wants_demo = True
        self.demoProvider()

    def demoProvider(self) -> DemoProvider | None:
        """The demo relay, started on the first call while the demo is on (GUI thread)."""
        if self._wants_demo and self._demo is None:
            from desktop_app.demo import DemoProvider

            self._demo = DemoProvider(latency=DEMO_LATENCY).start()
        return self._demo

    def stop(self) -> None:
        self._wants_demo = False
        if self._demo is not None:
            self._demo.stop()
            self._demo = None
