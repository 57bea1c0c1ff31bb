"""The settings dialog: provider profiles, token, proxy, timeouts and where results go.

Nothing here blocks the GUI thread: keyring reads and writes and the settings file run in
the executor, the connection test on the asyncio loop (qasync). The coroutines are public
(:meth:`SettingsDialog.refreshKeyringStatus`, :meth:`SettingsDialog.testConnection`,
:meth:`SettingsDialog.saveChanges`) so tests can await them. A token sits only in the token
field and in :class:`~desktop_app.core.secrets.profile_edits.ProfileEdits` on its way to the
keyring: never in the dialog's :class:`Settings`, never in a log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any

import httpx
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import RetouchError
from desktop_app.core.relay.connection_check import CheckOutcome, ConnectionCheck, test_connection
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.relay.proxy import proxy_options, validate_proxy_url
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.secrets.changes import apply_pending_secrets
from desktop_app.core.secrets.credentials import (
    KeyringStatus,
    TokenLookup,
    environment_token,
    find_token,
    keyring_status,
    read_proxy_password,
)
from desktop_app.core.secrets.profile_edits import ProfileEdits
from desktop_app.core.settings import ProviderProfile, Settings, save_settings, with_profiles
from desktop_app.ui.common.status_label import StatusLabel
from desktop_app.ui.settings.form_style import align_label_columns
from desktop_app.ui.settings.network_fields import NetworkFields
from desktop_app.ui.settings.picture_fields import PictureFields
from desktop_app.ui.settings.profile_picker import ProfilePicker
from desktop_app.ui.settings.provider_fields import ProviderFields
from desktop_app.ui.window.appearance import apply_appearance

log = logging.getLogger(__name__)
_WINDOW_FRAME = 48  # a title bar and borders the window manager adds
_LEAST_FORM_HEIGHT = 240

HttpFactory = Callable[..., httpx.AsyncClient]  # like open_http_client(proxy=, trust_env=)


class SettingsDialog(QDialog):
    """Edit the settings and the secrets of every provider profile; save them together.

    The profile shown when Save is pressed becomes the active one.

    Args:
        settings: the settings to start from (not modified).
        executor: where keyring and file work runs (None: the loop's default executor).
        http_factory: makes the HTTP client for "Test connection" from the proxy arguments
            (``proxy``, ``trust_env``); default :func:`open_http_client`.
        parent: the owning window.

    Signals:
        settingsSaved(Settings): the settings file was written and the secrets stored.
    """

    settingsSaved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        executor: Executor | None = None,
        http_factory: HttpFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self._original = settings
        self._executor = executor
        self._http_factory = http_factory or open_http_client
        self._edits = ProfileEdits(settings)
        self._current = settings.active_profile
        self._lookups: dict[str, TokenLookup] = {}  # what find_token said, per profile
        self._keyring: KeyringStatus | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._saving = self._testing = self._started = False

        self._build()
        self._picker.setProfiles(self._edits.names(), self._current)
        self._load_profile(self._current)
        self._pictures.setValues(settings)
        self._connect()
        self._validate()

    # ----------------------------------------------------------------- public API

    def settings(self) -> Settings:
        """The settings as edited (saved or not); they never hold a secret."""
        self._commit_form()
        edited = self._pictures.applyTo(self._original)
        return with_profiles(edited, self._edits.profiles, self._current)

    async def refreshKeyringStatus(self) -> KeyringStatus:
        """Ask the keyring whether it works and what the current profile has saved."""
        self._keyring = await self._in_executor(keyring_status)
        self._lookups.clear()
        await self._refresh_lookup(self._current)
        return self._keyring

    async def testConnection(self) -> ConnectionCheck:
        """Check the current profile as edited (address, proxy, token, model); show it."""
        self._commit_form()
        name = self._current
        self._testing = True
        self._validate()
        self._provider.showChecking()
        try:
            check = await self._check(name, self._edits.profiles[name])
        finally:
            self._testing = False
            self._validate()
        self._provider.showCheck(check)
        return check

    async def saveChanges(self) -> bool:
        """Store the secrets, write the settings file, emit settingsSaved; False if not."""
        settings = self.settings()
        if not self._save_button.isEnabled():
            return False
        if self._keyring is None:
            await self.refreshKeyringStatus()
        usable = self._keyring is not None and self._keyring.usable
        pending = self._edits.pending_secrets(session_only=not usable)
        typed = bool(pending.tokens or pending.proxy_passwords)
        if typed and not usable and not self._provider.sessionOnly():
            problem = self._keyring.problem if self._keyring else ""
            message = self.tr(
                "{problem} Tick “Keep for this session only” to use it until you quit."
            )
            self._save_problem.showResult(False, message.format(problem=problem))
            return False
        self._saving = True
        self._validate()
        self._save_problem.clear()
        try:
            await self._in_executor(apply_pending_secrets, pending)
            await self._in_executor(save_settings, settings)
        except RetouchError as error:
            self._save_problem.showResult(False, error.message)
            return False
        except OSError as exc:
            message = self.tr("The settings could not be written ({error}).")
            self._save_problem.showResult(False, message.format(error=type(exc).__name__))
            return False
        finally:
            self._saving = False
            self._validate()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_appearance(app, settings.appearance)  # at once, like the language
        self.settingsSaved.emit(settings)
        return True

    # ----------------------------------------------------------------- Qt overrides

    def showEvent(self, event: QShowEvent) -> None:
        """Ask the keyring once, when the dialog first appears."""
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._spawn(self.refreshKeyringStatus())

    def event(self, event: QEvent) -> bool:
        """After the layout settles (nested size changes arrive as LayoutRequest), fit."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
        return handled

    def done(self, result: int) -> None:
        """Close, cancelling a connection test or keyring read still under way."""
        for task in list(self._tasks):
            task.cancel()
        super().done(result)

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        self._picker = ProfilePicker(parent=self)
        profile_label = QLabel(self.tr("P&rofile:"), self)
        profile_label.setBuddy(self._picker)
        profile_label.setProperty("role", "heading")
        profile_note = QLabel(self.tr("The selected profile is used for new edits."), self)
        profile_note.setObjectName("profileNote")
        profile_note.setProperty("role", "secondary")

        self._provider = ProviderFields(self)
        self._network = NetworkFields(self)

        self._pictures = PictureFields(self)
        align_label_columns(self._provider, self._network, self._pictures)

        self._save_problem = StatusLabel("saveProblemLabel", self.tr("Save problem"), self)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.setObjectName("settingsButtons")
        self._save_button = self._buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setObjectName("saveSettingsButton")
        self._save_button.setAccessibleName(self.tr("Save the settings"))
        self._save_button.setAccessibleDescription(
            self.tr("Write the settings and keep typed tokens in the system keyring")
        )
        self._save_button.setProperty("role", "primary")
        self._save_button.style().polish(self._save_button)  # the stylesheet keys on role
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelSettingsButton")
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Close without saving"))
        for button in (self._save_button, cancel):
            button.setIcon(QIcon())  # some styles add floppy/cross icons; words are clearer

        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(profile_label)
        header.addWidget(self._picker, 1)
        # The groups scroll when the screen is shorter than they are (1280 x 800 with a
        # title bar): the profile above and Save below stay in view.
        self._form = QWidget(self)
        self._form.setObjectName("settingsForm")
        form = QVBoxLayout(self._form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        for widget in (self._provider, self._network, self._pictures):
            form.addWidget(widget)
        form.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("settingsScroll")
        self._scroll.setWidget(self._form)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(profile_note)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._save_problem)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(620)

    def _connect(self) -> None:
        self._picker.currentProfileChanged.connect(self._on_profile_picked)
        self._picker.profileAdded.connect(self._on_profile_added)
        self._picker.profileRenamed.connect(self._on_profile_renamed)
        self._picker.profileRemoved.connect(self._on_profile_removed)
        self._provider.changed.connect(self._validate)
        self._network.changed.connect(self._validate)
        self._provider.forgetRequested.connect(self._on_forget)
        self._provider.testRequested.connect(lambda: self._spawn(self.testConnection()))
        self._buttons.accepted.connect(lambda: self._spawn(self._save_and_close()))
        self._buttons.rejected.connect(self.reject)

    # ----------------------------------------------------------------- profiles

    def _load_profile(self, name: str) -> None:
        profile = self._edits.profiles[name]
        self._provider.setProfile(profile, self._edits.tokens.get(name, ""))
        self._network.setProfile(profile, self._edits.proxy_passwords.get(name, ""))
        self._show_keyring_state()

    def _commit_form(self) -> None:
        """Copy the fields (and typed secrets) into the current profile's edits."""
        profile = self._provider.applyTo(self._network.applyTo(self._edits.profiles[self._current]))
        self._edits.update(
            self._current, profile, self._provider.token(), self._network.proxyPassword()
        )

    def _on_profile_picked(self, name: str) -> None:
        if name == self._current or name not in self._edits.profiles:
            return
        self._commit_form()
        self._current = name
        self._load_profile(name)
        self._validate()
        if name not in self._lookups and self._keyring is not None:
            self._spawn(self._refresh_lookup(name))

    def _on_profile_added(self, name: str) -> None:
        self._commit_form()
        self._edits.add(name)
        self._lookups[name] = environment_token()  # nothing is stored under a new name

    def _on_profile_renamed(self, old: str, new: str) -> None:
        self._commit_form()
        self._edits.rename(old, new)
        if old in self._lookups:
            self._lookups[new] = self._lookups.pop(old)
        self._current = new if self._current == old else self._current

    def _on_profile_removed(self, name: str) -> None:
        self._edits.remove(name)
        self._lookups.pop(name, None)

    def _on_forget(self) -> None:
        self._edits.forget_token(self._current)
        self._provider.clearToken()
        self._show_keyring_state()

    # ----------------------------------------------------------------- keyring and checks

    async def _refresh_lookup(self, name: str) -> None:
        origin = self._edits.origin(name)
        if origin is None:
            lookup = environment_token()
        else:
            lookup = await self._in_executor(find_token, origin)
        self._lookups[name] = lookup
        self._show_keyring_state()

    def _show_keyring_state(self) -> None:
        name = self._current
        forgotten = name in self._edits.forget
        self._provider.setKeyringState(self._keyring, self._lookups.get(name), forgotten)

    def _validate(self) -> None:
        """Inline errors for the current profile; Save only when every profile is valid."""
        current_ok = not self._provider.problem() and not self._network.problem()
        others_ok = all(
            _profile_ok(profile)
            for name, profile in self._edits.profiles.items()
            if name != self._current
        )
        # Leaving a profile with an error would hide it, so switching waits for a fix.
        self._picker.setSwitchingEnabled(current_ok and not self._saving)
        self._save_button.setEnabled(current_ok and others_ok and not self._saving)
        self._buttons.setEnabled(not self._saving)
        self._provider.setTestEnabled(current_ok and not self._testing)

    async def _check(self, name: str, profile: ProviderProfile) -> ConnectionCheck:
        token = self._edits.tokens.get(name, "").strip()
        origin = self._edits.origin(name)
        try:
            if not token and origin and name not in self._edits.forget:
                token = (await self._in_executor(find_token, origin)).token or ""
            token = token or environment_token().token or ""
            password = self._edits.proxy_passwords.get(name)
            if profile.proxy_mode == "manual" and profile.proxy_user and not password and origin:
                password = await self._in_executor(read_proxy_password, origin)
            options = proxy_options(profile, password)
        except RetouchError as error:
            return ConnectionCheck(CheckOutcome.OTHER, error.message)
        settings = with_profiles(self._original, {name: profile}, name)
        async with self._http_factory(**options.as_kwargs()) as http:
            return await test_connection(settings, token, http)

    def _fit_height(self) -> None:
        """Show the groups whole where the screen allows, else let them scroll.

        Qt derives a window's minimum size from its layout's minimum, which ignores labels
        that wrap (height-for-width), so a long message would overlap the fields below it;
        and a scroll area asks for little. The groups get the height their text needs at
        the dialog's width, up to what the screen leaves beside the title bar and the rest.
        """
        form = self._form.layout()
        width = max(self._scroll.viewport().width(), self._form.minimumSizeHint().width())
        content = form.totalHeightForWidth(width) if form.hasHeightForWidth() else -1
        content = max(content, form.totalMinimumSize().height())
        screen = self.screen()
        if screen is not None:
            others = self.layout().totalMinimumSize().height() - self._scroll.minimumHeight()
            room = screen.availableGeometry().height() - _WINDOW_FRAME - others
            content = min(content, max(room, _LEAST_FORM_HEIGHT))
        if content != self._scroll.minimumHeight():
            self._scroll.setMinimumHeight(content)

    # ----------------------------------------------------------------- actions

    async def _save_and_close(self) -> None:
        if await self.saveChanges():
            self.accept()

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(self._guarded(coroutine))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Await ``coroutine``; a failure is shown in the dialog, never raised into Qt."""
        try:
            return await coroutine
        except RetouchError as error:
            self._save_problem.showResult(False, error.message, error.details)
        except Exception as exc:
            log.exception("settings dialog task failed")
            self._save_problem.showResult(
                False, self.tr("Something went wrong ({error}).").format(error=type(exc).__name__)
            )
        return None

    async def _in_executor(self, function: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, *args)


def _profile_ok(profile: ProviderProfile) -> bool:
    try:
        validate_base_url(profile.base_url)
        if profile.proxy_mode == "manual":
            validate_proxy_url(profile.proxy_url)
    except RetouchError:
        return False
    return True
