"""The API token field with what the keyring says about it, under it.

Below the masked field one line says where the token is (saved in the keyring, kept for
this session, overridden by ``RETOUCH_API_KEY``) or, when the keyring cannot be used, why,
plainly; then "Keep for this session only" appears instead of any file fallback.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_app.core.redaction import mask_for_display
from desktop_app.core.secrets.credentials import KeyringStatus, TokenLookup
from desktop_app.ui.settings.token_field import TokenField
from desktop_app.ui.window.i18n import ENGLISH, current_language


class TokenBox(QWidget):
    """Token entry (``tokenEdit``), keyring status line and the session-only choice.

    Signals:
        textChanged(str): the token field was edited.
        forgetRequested(): "Remove saved token" was clicked.
    """

    textChanged = Signal(str)
    forgetRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenBox")
        self._field = TokenField("tokenEdit", "showTokenButton", self.tr("API token"), self)
        self._field.setPlaceholderText(self.tr("Paste your API token"))
        self._field.lineEdit().setAccessibleDescription(
            self.tr("Kept in the system keyring, never in a file")
        )
        self._field.textChanged.connect(self.textChanged)
        self._status = QLabel(self.tr("Checking the system keyring…"), self)
        self._status.setObjectName("keyringStatusLabel")
        self._status.setAccessibleName(self.tr("Keyring status"))
        self._status.setProperty("role", "secondary")
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._status.setWordWrap(True)
        self._forget = QToolButton(self)
        self._forget.setObjectName("forgetTokenButton")
        self._forget.setText(self.tr("Remove saved token"))
        self._forget.setAccessibleName(self.tr("Remove the saved token"))
        self._forget.setAccessibleDescription(
            self.tr("Delete this profile's token from the system keyring when you save")
        )
        self._forget.setAutoRaise(True)
        self._forget.clicked.connect(self.forgetRequested)
        self._forget.hide()
        self._session_only = QCheckBox(self.tr("Keep for this session only"), self)
        self._session_only.setObjectName("sessionOnlyCheck")
        self._session_only.setAccessibleName(self.tr("Keep the token for this session only"))
        self._session_only.setToolTip(self.tr("The token is forgotten when the app quits."))
        self._session_only.setAccessibleDescription(self._session_only.toolTip())
        self._session_only.setChecked(True)
        self._session_only.hide()

        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self._status, 1)
        status_row.addWidget(self._forget, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._field)
        layout.addLayout(status_row)
        layout.addWidget(self._session_only)
        self.setFocusProxy(self._field)

    def text(self) -> str:
        return self._field.text()

    def setText(self, text: str) -> None:
        self._field.setText(text)
        self._field.setShown(False)

    def field(self) -> TokenField:
        return self._field

    def sessionOnly(self) -> bool:
        """Whether the user agreed to keep the token in memory only (keyring unusable)."""
        return not self._session_only.isHidden() and self._session_only.isChecked()

    def statusText(self) -> str:
        return self._status.text()

    def setKeyringState(
        self, status: KeyringStatus | None, lookup: TokenLookup | None, forgotten: bool
    ) -> None:
        """Say where the token is: ``lookup`` is what find_token found for this profile."""
        stored = lookup is not None and lookup.source in ("keyring", "session")
        self._forget.setVisible(stored and not forgotten)
        self._session_only.setVisible(status is not None and not status.usable)
        shown = mask_for_display(lookup.token) if lookup and lookup.token else ""
        if status is None or lookup is None:
            text = self.tr("Checking the system keyring…")
        elif lookup.source == "environment":
            text = self.tr(
                "RETOUCH_API_KEY is set ({token}): it is used instead of a saved token "
                "while the app runs."
            ).format(token=shown)
        elif forgotten:
            text = self.tr("The saved token will be removed when you save.")
        elif lookup.source == "session":
            text = self.tr("Kept for this session only ({token}).").format(token=shown)
        elif not status.usable:
            text = status.problem  # the core's English: specific (locked, missing, ...)
            if current_language() != ENGLISH:
                text = self.tr(
                    "The system keyring can't be used, so the token can't be saved on this "
                    "computer."
                )
        elif lookup.source == "keyring":
            text = self.tr("Saved in the system keyring, {backend} ({token}).")
            text = text.format(backend=status.backend, token=shown)
        else:
            text = self.tr("Not saved yet. It will be kept in the system keyring, {backend}.")
            text = text.format(backend=status.backend)
        self._status.setText(text)
        self._status.setToolTip(status.problem if status and not status.usable else "")
        self._field.setPlaceholderText(
            self.tr("Type a new token to replace the saved one")
            if stored and not forgotten
            else self.tr("Paste your API token")
        )
