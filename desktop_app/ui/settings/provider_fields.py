"""The "Provider" part of a profile: base URL, model, API token and "Test connection".

The base URL is validated as it is typed (``https://`` only, except this computer) with the
reason shown under the field. The token is typed into :class:`TokenBox`; the test itself
runs in the dialog, which owns the network and the keyring.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop_app.core.errors import RetouchError
from desktop_app.core.relay.connection_check import CheckOutcome, ConnectionCheck
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.secrets.credentials import KeyringStatus, TokenLookup
from desktop_app.core.settings import KNOWN_MODELS, ProviderProfile
from desktop_app.ui.common.status_label import StatusLabel
from desktop_app.ui.settings.form_style import form_layout
from desktop_app.ui.settings.token_box import TokenBox
from desktop_app.ui.window.i18n import ENGLISH, current_language


class ProviderFields(QGroupBox):
    """Base URL, model and token of one profile, with the connection test's button and result.

    Signals:
        changed(): the base URL or the model changed (the caller re-validates).
        tokenEdited(): the token field changed.
        testRequested(): "Test connection" was clicked.
        forgetRequested(): "Remove saved token" was clicked.
    """

    changed = Signal()
    tokenEdited = Signal()
    testRequested = Signal()
    forgetRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Provider"), parent)
        self.setObjectName("providerGroup")
        self._base_url = QLineEdit(self)
        self._base_url.setObjectName("baseUrlEdit")
        self._base_url.setAccessibleName(self.tr("Provider base URL"))
        self._base_url.setAccessibleDescription(
            self.tr("The relay's address, for example https://api.example.com/v1")
        )
        self._base_url.setPlaceholderText("https://api.example.com/v1")
        self._base_url_error = StatusLabel("baseUrlError", self.tr("Address problem"), self)
        self._model = QComboBox(self)
        self._model.setObjectName("modelCombo")
        self._model.setAccessibleName(self.tr("Model"))
        self._model.setAccessibleDescription(
            self.tr("The model that edits the pictures; type another id if yours is not listed")
        )
        self._model.setEditable(True)
        self._model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._model.addItems(list(KNOWN_MODELS))
        self._api = QComboBox(self)
        self._api.setObjectName("apiCombo")
        self._api.setAccessibleName(self.tr("API"))
        self._api.setAccessibleDescription(
            self.tr("Chat completions (size in the prompt) or the Images API (exact sizes)")
        )
        self._api.addItem(self.tr("Chat completions"), "chat")
        self._api.addItem(self.tr("Images API"), "images")
        self._token = TokenBox(self)
        self._test = QPushButton(self.tr("Test connection"), self)
        self._test.setObjectName("testConnectionButton")
        self._test.setAccessibleName(self.tr("Test connection"))
        self._test.setAccessibleDescription(
            self.tr("Ask the provider for its model list; no image is generated")
        )
        self._test.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._result = StatusLabel("connectionResultLabel", self.tr("Connection test"), self)

        test_row = QWidget(self)
        row = QHBoxLayout(test_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self._test, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._result, 1)
        form = form_layout(self)
        form.addRow(self.tr("Base &URL:"), self._base_url)
        form.addRow("", self._base_url_error)
        form.addRow(self.tr("&Model:"), self._model)
        form.addRow(self.tr("A&PI:"), self._api)
        form.addRow(self.tr("API &token:"), self._token)
        form.addRow("", test_row)

        self._base_url.textChanged.connect(self._on_url)
        self._model.currentTextChanged.connect(self.changed)
        self._token.textChanged.connect(self._result.clear)
        self._token.textChanged.connect(self.tokenEdited)
        self._token.forgetRequested.connect(self.forgetRequested)
        self._test.clicked.connect(self.testRequested)

    def setProfile(self, profile: ProviderProfile, typed_token: str = "") -> None:
        """Show ``profile``; ``typed_token`` is one typed earlier and not saved yet."""
        self._base_url.setText(profile.base_url)
        self._model.setCurrentText(profile.model)
        self._api.setCurrentIndex(max(0, self._api.findData(profile.api)))
        self._token.setText(typed_token)
        self._result.clear()

    def applyTo(self, profile: ProviderProfile) -> ProviderProfile:
        """``profile`` with this base URL, model and API."""
        return dataclasses.replace(
            profile,
            base_url=self._base_url.text().strip(),
            model=self._model.currentText().strip() or profile.model,
            api=self._api.currentData() or profile.api,
        )

    def token(self) -> str:
        """The token typed ("" keeps the saved one)."""
        return self._token.text()

    def clearToken(self) -> None:
        self._token.setText("")

    def sessionOnly(self) -> bool:
        return self._token.sessionOnly()

    def setKeyringState(
        self, status: KeyringStatus | None, lookup: TokenLookup | None, forgotten: bool
    ) -> None:
        self._token.setKeyringState(status, lookup, forgotten)

    def problem(self) -> str:
        """Why the base URL cannot be used, or ``""`` (worded here: the core only refuses)."""
        text = self._base_url.text().strip()
        try:
            validate_base_url(text)
        except RetouchError:
            if urlsplit(text).scheme == "http":
                return self.tr(
                    "The provider address must start with https:// so your token travels "
                    "encrypted (plain http:// is only allowed for this computer)."
                )
            return self.tr(
                "“{url}” is not a provider address. It should look like https://api.example.com/v1."
            ).format(url=text)
        return ""

    def setTestEnabled(self, enabled: bool) -> None:
        self._test.setEnabled(enabled)

    def showChecking(self) -> None:
        self._result.showBusy(self.tr("Checking the connection…"))

    def showCheck(self, check: ConnectionCheck) -> None:
        """Show the test's result and offer the models the provider listed."""
        message = check.message  # the core's English, the most specific there is
        if current_language() != ENGLISH:
            message = self._check_text(check)
            details = "\n\n".join(part for part in (check.message, check.details) if part)
        else:
            details = check.details
        self._result.showResult(check.ok, message, details)
        for model in check.models:
            if self._model.findText(model) < 0:
                self._model.addItem(model)

    def _check_text(self, check: ConnectionCheck) -> str:
        """The test's outcome in the current language (the English one goes to the tooltip)."""
        model = self._model.currentText().strip()
        if check.outcome is CheckOutcome.OK:
            if not check.models:
                return self.tr("Connected. The provider accepted the token.")
            return self.tr("Connected. The token works and “{model}” is available.").format(
                model=model
            )
        if check.outcome is CheckOutcome.NO_SUCH_MODEL:
            return self.tr("Connected, but this token cannot use the model “{model}”.").format(
                model=model
            )
        if check.outcome is CheckOutcome.BAD_TOKEN:
            return self.tr("The provider did not accept this token, or none is set yet.")
        if check.outcome is CheckOutcome.UNREACHABLE:
            return self.tr(
                "The provider can't be reached. Check the address, the proxy and your "
                "internet connection."
            )
        return self.tr("The test did not succeed. The details say why.")

    def _on_url(self) -> None:
        self._base_url_error.showError(self.problem())
        self.changed.emit()
