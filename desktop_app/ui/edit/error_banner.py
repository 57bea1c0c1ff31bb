"""An inline banner above the result for failures and notices, instead of a modal dialog.

A dialog would hide the picture and the prompt the designer needs to fix the problem; the
banner keeps them in view and offers "Try again" where retrying can help.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ERROR = "error"
NOTICE = "notice"
_TRACEBACK = "Traceback (most recent call last)"
_DETAIL_LINES = 8
_ICON_SIZE = 24
# Hues the tint is blended from; the palette's own Window colour supplies the lightness, so
# the banner is a pale tint in light mode and a deep one in dark mode.
_ACCENTS = {ERROR: QColor(224, 49, 49), NOTICE: QColor(34, 139, 230)}


def strip_traceback(details: str) -> str:
    """``details`` with any Python traceback cut down to its final ``Type: message`` line.

    A traceback means nothing to a designer, carries local paths (user names) and source
    lines, and the full one is already in the log; the last line still names the failure for
    a bug report. Text before the traceback (status, request id) is kept.
    """
    start = details.find(_TRACEBACK)
    if start < 0:
        return details
    lines = [line for line in details[start:].splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    if last.startswith(_TRACEBACK):  # a truncated traceback with no exception line
        last = ""
    return "\n".join(part for part in (details[:start].rstrip(), last) if part)


# Marks relays put in refusals ("生成失败 ❌"): without an emoji font they draw as empty boxes.
_EMOJI_MARKS = re.compile(
    "[\u274c\u274e\u2716\u2717\u2718\u26d4\u26a0\u2705\u2714\ufe0f\U0001f6ab]"
)
_REASON_MARK_SIZE = 16


def plain_reason(reason: str) -> tuple[str, bool]:
    """``reason`` without emoji marks, and whether it had one (then an icon says it)."""
    lines = [" ".join(_EMOJI_MARKS.sub(" ", line).split()) for line in reason.strip().splitlines()]
    text = "\n".join(line for line in lines if line)
    return text, text != reason.strip()


def _mix(base: QColor, tint: QColor, weight: float) -> QColor:
    """``base`` moved ``weight`` (0 to 1) of the way towards ``tint``."""
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * weight,
        base.greenF() + (tint.greenF() - base.greenF()) * weight,
        base.blueF() + (tint.blueF() - base.blueF()) * weight,
    )


class ErrorBanner(QFrame):
    """Shows why an edit failed (or a notice about the result) in place, with next steps.

    The dynamic property ``severity`` is ``"error"`` or ``"notice"``. The tinted background is
    painted from the palette in :meth:`paintEvent` rather than set with a stylesheet: Qt
    copies a stylesheet background into the widget's palette, after which the banner would
    stop following palette changes such as a switch to dark mode.

    Signals:
        retryRequested(): "Try again" was clicked; the banner has already hidden itself.
        dismissed(): the close button was clicked; the banner has already hidden itself.
    """

    retryRequested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setProperty("severity", ERROR)
        self._severity: str | None = None

        self._icon = QLabel(self)
        self._icon.setObjectName("errorIcon")
        self._icon.setFixedSize(_ICON_SIZE, _ICON_SIZE)
        self._title = self._text_label("errorTitle")
        title_font = self._title.font()
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._message = self._text_label("errorMessage")
        self._reason = self._text_label("errorReason")
        reason_font = self._reason.font()
        reason_font.setItalic(True)
        self._reason.setFont(reason_font)
        self._reason_mark = QLabel(self)
        self._reason_mark.setObjectName("errorReasonMark")
        mark = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self._reason_mark.setPixmap(mark.pixmap(_REASON_MARK_SIZE, _REASON_MARK_SIZE))
        self._reason_row = QWidget(self)
        reason_row = QHBoxLayout(self._reason_row)
        reason_row.setContentsMargins(12, 0, 0, 0)
        reason_row.setSpacing(6)
        reason_row.addWidget(self._reason_mark, 0, Qt.AlignmentFlag.AlignTop)
        reason_row.addWidget(self._reason, 1)

        self._details_button = QToolButton(self)
        self._details_button.setObjectName("errorDetailsButton")
        self._details_button.setCheckable(True)
        self._details_button.setAutoRaise(True)
        self._details_button.setArrowType(Qt.ArrowType.RightArrow)
        self._details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._details_button.toggled.connect(self._show_details)
        self._retry_button = QPushButton(self)
        self._retry_button.setObjectName("retryButton")
        self._retry_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        )
        self._retry_button.clicked.connect(self._on_retry)
        self._dismiss_button = QToolButton(self)
        self._dismiss_button.setObjectName("dismissErrorButton")
        self._dismiss_button.setAutoRaise(True)
        # A text glyph, drawn in the palette's button-text colour: the style's close icon is a
        # fixed dark grey that almost vanishes on a dark banner.
        self._dismiss_button.setText("✕")
        self._dismiss_button.clicked.connect(self._on_dismiss)

        self._details = QPlainTextEdit(self)
        self._details.setObjectName("errorDetails")
        self._details.setReadOnly(True)
        self._details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._details.hide()

        self._actions = QWidget(self)
        actions = QHBoxLayout(self._actions)
        actions.setContentsMargins(0, 2, 0, 0)
        actions.addWidget(self._details_button)
        actions.addStretch(1)
        actions.addWidget(self._retry_button)
        column = QVBoxLayout()
        column.setSpacing(4)
        for widget in (self._title, self._message, self._reason_row, self._actions, self._details):
            column.addWidget(widget)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 6, 10)
        layout.setSpacing(10)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(column, 1)
        layout.addWidget(self._dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslateUi()
        self.hide()

    def retranslateUi(self) -> None:
        """Set the banner's own texts in the current language (the caller re-shows what it
        reported, see :meth:`showError`)."""
        self._title.setAccessibleName(self.tr("Error title"))
        self._message.setAccessibleName(self.tr("Message"))
        self._reason.setAccessibleName(self.tr("Reason given by the service"))
        self._details_button.setText(self.tr("Details"))
        self._details_button.setAccessibleName(self.tr("Details"))
        self._details_button.setAccessibleDescription(self.tr("Show technical details"))
        self._retry_button.setText(self.tr("Try again"))
        self._retry_button.setAccessibleName(self.tr("Try again"))
        self._retry_button.setAccessibleDescription(self.tr("Run the same edit again"))
        self._dismiss_button.setAccessibleName(self.tr("Dismiss"))
        self._dismiss_button.setAccessibleDescription(self.tr("Hide this message"))
        self._dismiss_button.setToolTip(self.tr("Dismiss"))
        self._details.setAccessibleName(self.tr("Technical details"))
        self._details.setAccessibleDescription(
            self.tr("What went wrong in technical terms, for a bug report")
        )
        self.setAccessibleName(self.tr("Notice") if self._severity == NOTICE else self.tr("Error"))

    def showError(
        self,
        title: str,
        message: str,
        *,
        reason: str = "",
        details: str = "",
        retryable: bool = True,
    ) -> None:
        """Show a failure: ``reason`` is the provider's own words, ``details`` start collapsed."""
        details = strip_traceback(details).strip()
        self._present(ERROR, message)
        self._title.setText(title)
        self._title.setVisible(bool(title))
        reason, marked = plain_reason(reason)
        self._reason.setText(self.tr("“{reason}”").format(reason=reason))
        self._reason_mark.setVisible(marked)
        self._reason_row.setVisible(bool(reason))
        self._details.setPlainText(details)
        lines = min(max(details.count("\n") + 1, 3), _DETAIL_LINES)
        metrics = self._details.fontMetrics()
        margins = 2 * (self._details.frameWidth() + self._details.document().documentMargin())
        # +4: QPlainTextEdit wants a little slack below the last line before it drops the
        # scroll bar; without it three short lines already scroll.
        self._details.setFixedHeight(int(lines * metrics.lineSpacing() + margins) + 4)
        self._details_button.setVisible(bool(details))
        self._details_button.setChecked(False)
        self._retry_button.setVisible(retryable)
        self._actions.setVisible(bool(details) or retryable)
        self._announce(". ".join(part for part in (title, message) if part))

    def showNotice(self, message: str) -> None:
        """Show information about a result in the same place, e.g. a different ratio."""
        self._present(NOTICE, message)
        for widget in (self._title, self._reason_row, self._actions, self._retry_button):
            widget.hide()
        self._details_button.setChecked(False)
        self._announce(message)

    def clear(self) -> None:
        """Hide the banner and forget what it showed."""
        self._severity = None
        for label in (self._title, self._message, self._reason):
            label.clear()
        self._details.clear()
        self.setAccessibleDescription("")
        self.hide()

    def focusChain(self) -> list[QWidget]:
        """The banner's buttons in keyboard order (hidden ones are skipped by Qt)."""
        return [self._details_button, self._retry_button, self._dismiss_button]

    def isShowingError(self) -> bool:
        """Whether an error (not a notice) is on show."""
        return self._severity == ERROR

    def message(self) -> str:
        """The plain message on show, or ``""`` once cleared."""
        return self._message.text() if self._severity else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the tinted, rounded background for the current severity."""
        window = self.palette().color(QPalette.ColorRole.Window)
        accent = _ACCENTS.get(str(self.property("severity")), _ACCENTS[ERROR])
        dark = window.lightnessF() < 0.5
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_mix(window, accent, 0.6 if dark else 0.5), 1))
        painter.setBrush(_mix(window, accent, 0.22 if dark else 0.1))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        """Follow style changes (the icon comes from the style) and language changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._severity:
            self._set_icon(self._icon_kind())
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()

    def _text_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        # Plain text: provider messages must never be interpreted as HTML.
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return label

    def _present(self, severity: str, message: str) -> None:
        self._severity = severity
        self.setProperty("severity", severity)
        # Re-polish so an application stylesheet keyed on [severity=...] applies at once.
        self.style().unpolish(self)
        self.style().polish(self)
        self._set_icon(self._icon_kind())
        self._message.setText(message)
        self._message.setVisible(bool(message))
        self.setAccessibleName(self.tr("Error") if severity == ERROR else self.tr("Notice"))
        self.setAccessibleDescription(message)
        self.show()
        self.update()

    def _icon_kind(self) -> QStyle.StandardPixmap:
        if self._severity == NOTICE:
            return QStyle.StandardPixmap.SP_MessageBoxInformation
        return QStyle.StandardPixmap.SP_MessageBoxWarning

    def _set_icon(self, kind: QStyle.StandardPixmap) -> None:
        icon = self.style().standardIcon(kind, None, self)
        self._icon.setPixmap(icon.pixmap(QSize(_ICON_SIZE, _ICON_SIZE), self.devicePixelRatioF()))

    def _announce(self, text: str) -> None:
        # Screen readers do not notice a widget appearing; an announcement reads it out.
        if not QAccessible.isActive() or not text:
            return
        event = QAccessibleAnnouncementEvent(self, text)
        if self._severity == ERROR:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def _show_details(self, shown: bool) -> None:
        self._details.setVisible(shown)
        self._details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _on_retry(self) -> None:
        self.clear()
        self.retryRequested.emit()

    def _on_dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()
