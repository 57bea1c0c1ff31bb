"""The "Network" part of a provider profile: proxy (system, none, manual) and timeouts.

The manual proxy's password is typed here but stored in the keyring, never in the profile;
the timeouts' ranges come from the settings field metadata.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from desktop_app.core.errors import RetouchError
from desktop_app.core.relay.proxy import validate_proxy_url
from desktop_app.core.settings import PROXY_MODES, ProviderProfile
from desktop_app.ui.common.status_label import StatusLabel
from desktop_app.ui.settings.form_style import form_layout, spin_box
from desktop_app.ui.settings.token_field import TokenField
from desktop_app.ui.window.i18n import ENGLISH, current_language

_META = {f.name: f.metadata for f in dataclasses.fields(ProviderProfile)}
_TIMEOUTS = ("connect_timeout", "read_timeout", "download_timeout")


class NetworkFields(QGroupBox):
    """Proxy and timeouts of one profile.

    Signals:
        changed(): a field changed (the caller re-validates).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Network"), parent)
        self.setObjectName("networkGroup")
        self._mode = QComboBox(self)
        self._mode.setObjectName("proxyModeCombo")
        self._mode.setAccessibleName(self.tr("Proxy"))
        self._mode.setAccessibleDescription(
            self.tr("Use the system's proxy, none, or the one entered below")
        )
        labels = {
            "system": self.tr("Use the system proxy"),
            "none": self.tr("No proxy"),
            "manual": self.tr("Manual proxy"),
        }
        for mode in PROXY_MODES:
            self._mode.addItem(labels[mode], mode)
        self._url = QLineEdit(self)
        self._url.setObjectName("proxyUrlEdit")
        self._url.setAccessibleName(self.tr("Proxy address"))
        self._url.setAccessibleDescription(self.tr("For example http://proxy.example.com:3128"))
        self._url.setPlaceholderText("http://proxy.example.com:3128")
        self._user = QLineEdit(self)
        self._user.setObjectName("proxyUserEdit")
        self._user.setAccessibleName(self.tr("Proxy user name"))
        self._user.setAccessibleDescription(self.tr("Only if the proxy asks for one"))
        self._user.setPlaceholderText(self.tr("Optional"))
        self._password = TokenField(
            "proxyPasswordEdit", "showProxyPasswordButton", self.tr("Proxy password"), self
        )
        self._password.setPlaceholderText(self.tr("Kept in the system keyring"))
        self._password.lineEdit().setAccessibleDescription(
            self.tr("Kept in the system keyring, never in a file")
        )
        self._error = StatusLabel("proxyError", self.tr("Proxy problem"), self)
        self._spins = {
            name: spin_box(f"{name.split('_')[0]}TimeoutSpin", _META[name], self.tr(" s"), self)
            for name in _TIMEOUTS
        }

        form = form_layout(self)
        form.addRow(self.tr("&Proxy:"), self._mode)
        form.addRow(self.tr("Proxy a&ddress:"), self._url)
        form.addRow(self.tr("Proxy u&ser:"), self._user)
        form.addRow(self.tr("Proxy pass&word:"), self._password)
        form.addRow("", self._error)
        form.addRow(self.tr("C&onnect timeout:"), self._spins["connect_timeout"])
        form.addRow(self.tr("Wait for the mode&l:"), self._spins["read_timeout"])
        form.addRow(self.tr("Do&wnload timeout:"), self._spins["download_timeout"])

        self._mode.currentIndexChanged.connect(self._on_changed)
        self._url.textChanged.connect(self._on_changed)
        for widget in (self._user, self._password):
            widget.textChanged.connect(self.changed)
        for spin in self._spins.values():
            spin.valueChanged.connect(self.changed)
        self._on_changed()

    def setProfile(self, profile: ProviderProfile, proxy_password: str = "") -> None:
        """Show ``profile``'s proxy and timeouts; ``proxy_password`` is one typed earlier."""
        self._mode.setCurrentIndex(max(self._mode.findData(profile.proxy_mode), 0))
        self._url.setText(profile.proxy_url)
        self._user.setText(profile.proxy_user)
        self._password.setText(proxy_password)
        self._password.setShown(False)
        for name, spin in self._spins.items():
            spin.setValue(int(getattr(profile, name)))

    def applyTo(self, profile: ProviderProfile) -> ProviderProfile:
        """``profile`` with the proxy and timeouts of these fields."""
        return dataclasses.replace(
            profile,
            proxy_mode=str(self._mode.currentData()),
            proxy_url=self._url.text().strip(),
            proxy_user=self._user.text().strip(),
            **{name: float(spin.value()) for name, spin in self._spins.items()},
        )

    def proxyPassword(self) -> str:
        """The password typed for the manual proxy ("" keeps the saved one)."""
        return self._password.text()

    def problem(self) -> str:
        """Why the fields cannot be saved, or ``""``."""
        if self._mode.currentData() != "manual":
            return ""
        try:
            validate_proxy_url(self._url.text())
        except RetouchError as error:
            if current_language() == ENGLISH:
                return error.message  # the core's specific English sentence
            return self.tr(
                "“{url}” is not a proxy address. Use http://host:port, with the user name "
                "and password in their own fields."
            ).format(url=self._url.text().strip())
        return ""

    def formLayout(self) -> QFormLayout:
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        return layout

    def _on_changed(self) -> None:
        manual = self._mode.currentData() == "manual"
        for widget in (self._url, self._user, self._password):
            widget.setEnabled(manual)
        self._error.showError(self.problem())
        self.changed.emit()
