"""The welcome panel shown while no token is set: how to start, instead of an error on Run.

It offers the two ways in (enter a token, or try the offline demo provider), says where a
token comes from and that it is kept in the system keyring, and asks nothing else.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.settings import DEFAULT_BASE_URL

_MAX_TEXT_WIDTH = 460
_MIN_WIDTH = 320


def provider_site(base_url: str) -> str:
    """The provider's web site guessed from its API address: ``https://api.x.ai/v1`` → x.ai."""
    host = (urlsplit(base_url).hostname or "").lower()
    return host.removeprefix("api.") if host.count(".") >= 2 else host


class FirstRunPanel(QFrame):
    """A friendly card that explains how to get started when there is no API token.

    Args:
        base_url: the configured provider address, to name the site where tokens come from.
        parent: the owning widget.

    Signals:
        settingsRequested(): "Enter your API token" was clicked; open the settings dialog.
        demoRequested(): "Try the demo provider" was clicked; switch to the offline demo.
    """

    settingsRequested = Signal()
    demoRequested = Signal()

    def __init__(self, base_url: str = DEFAULT_BASE_URL, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunPanel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMaximumWidth(_MAX_TEXT_WIDTH + 64)
        self._base_url = base_url

        self._title = self._label("firstRunTitle")
        title_font = self._title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._intro = self._label("firstRunIntro")
        self._where = self._label("firstRunWhere")
        self._where.setTextFormat(Qt.TextFormat.RichText)
        self._where.setOpenExternalLinks(True)
        self._where.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._keyring_note = self._label("firstRunKeyringNote")
        self._keyring_note.setProperty("role", "secondary")

        self._token_button = QPushButton(self)
        self._token_button.setObjectName("enterTokenButton")
        self._token_button.setProperty("role", "primary")
        self._token_button.setDefault(True)
        self._token_button.clicked.connect(self.settingsRequested)
        self._demo_button = QPushButton(self)
        self._demo_button.setObjectName("tryDemoButton")
        self._demo_button.clicked.connect(self.demoRequested)
        self._demo_note = self._label("firstRunDemoNote")
        self._demo_note.setProperty("role", "secondary")

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self._token_button)
        buttons.addWidget(self._demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addWidget(self._where)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self._demo_note)
        layout.addSpacing(6)
        layout.addWidget(self._keyring_note)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self.setAccessibleName(self.tr("Getting started"))
        self._title.setText(self.tr("Welcome to Retouch Studio"))
        self._intro.setText(
            self.tr(
                "To edit pictures, the app needs an API token from your image provider "
                "(an OpenAI-compatible relay)."
            )
        )
        self._keyring_note.setText(
            self.tr(
                "Your token is kept in the system keyring (Keychain, Credential Manager or "
                "Secret Service), never in a file."
            )
        )
        self._token_button.setText(self.tr("Enter your API token…"))
        self._token_button.setAccessibleName(self.tr("Enter your API token"))
        self._token_button.setAccessibleDescription(self.tr("Open the settings to add a token"))
        self._demo_button.setText(self.tr("Try the demo provider"))
        self._demo_button.setAccessibleName(self.tr("Try the demo provider"))
        self._demo_button.setAccessibleDescription(
            self.tr("Use the built-in offline provider: no token, made-up results")
        )
        self._demo_note.setText(
            self.tr("The demo runs offline on this computer and needs no token.")
        )
        self.setProviderAddress(self._base_url)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        """As wide as the text may run, as tall as the text needs at that width."""
        width = self.maximumWidth()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # The window centres the panel above a stretching view: a wrapped label's own minimum
        # is one line, so without this the panel was squeezed and its lines and the buttons'
        # labels were cut off mid-line.
        width = self.width() if self.isVisible() else self.maximumWidth()
        return QSize(_MIN_WIDTH, self.heightForWidth(max(width, _MIN_WIDTH)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The layout keeps the heights it worked out for an earlier width; asked again at the
        # new width, the wrapped lines get the height they need there.
        self.layout().invalidate()
        needed = self.heightForWidth(event.size().width())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def focusChain(self) -> list[QWidget]:
        """The two ways in, in keyboard order."""
        return [self._token_button, self._demo_button]

    def setProviderAddress(self, base_url: str) -> None:
        """Name the site where tokens come from, after the provider address ``base_url``."""
        self._base_url = base_url
        site = provider_site(base_url)
        if not site:
            self._where.setText(html.escape(self.tr("Get a token on your provider's web site.")))
            return
        link = f'<a href="https://{html.escape(site)}">{html.escape(site)}</a>'
        text = self.tr(
            "Sign in on your provider's site, {site}, create a token (it often starts "
            "with “sk-”) and paste it in Settings."
        )
        self._where.setText(html.escape(text).replace("{site}", link))

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded card in the palette's base colour, so it follows light and dark themes."""
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
        painter.end()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label
