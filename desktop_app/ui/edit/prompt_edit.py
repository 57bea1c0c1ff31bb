"""The prompt field: multi-line text, Ctrl+Enter to run, and a menu of recent prompts.

The recent list is kept by the caller (settings); :func:`remember_prompt` is the pure rule for
updating it, so the main window and the tests share one definition of "recent".
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

RECENT_LIMIT = 15
_MENU_TEXT_CHARS = 60
_MIN_LINES = 4
_SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def remember_prompt(recent: list[str], prompt: str, limit: int = RECENT_LIMIT) -> list[str]:
    """The recent-prompts list after using ``prompt``: it first, then the older ones.

    Pure: ``recent`` is not modified. Entries are stripped, blank ones and duplicates dropped
    (also ones already in ``recent``, so a hand-edited settings file heals), and the result is
    cut to ``limit``. A blank ``prompt`` leaves the list as it was, cleaned.
    """
    result: list[str] = []
    for entry in [prompt, *recent]:
        text = entry.strip() if isinstance(entry, str) else ""
        if text and text not in result:
            result.append(text)
    return result[: max(limit, 0)]


def _menu_text(prompt: str) -> str:
    """One line of at most ~60 characters, with ``&`` escaped so it is not a mnemonic."""
    line = " ".join(prompt.split())
    if len(line) > _MENU_TEXT_CHARS:
        line = line[: _MENU_TEXT_CHARS - 1].rstrip() + "…"
    return line.replace("&", "&&")


class PromptEdit(QWidget):
    """Where the designer says what to change.

    Ctrl+Enter (Cmd+Return on macOS) asks to run instead of inserting a newline; Enter and
    Shift+Enter insert newlines as usual, since prompts may have several lines.

    Signals:
        submitRequested(): Ctrl+Enter or Ctrl+Return was pressed in the editor.
        textChanged(): the prompt text changed, by typing or programmatically.
    """

    submitRequested = Signal()
    textChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recent: list[str] = []

        self._editor = QPlainTextEdit(self)
        self._editor.setObjectName("promptEdit")
        # Tab moves on to the next control; a literal tab is never wanted in a prompt.
        self._editor.setTabChangesFocus(True)
        self._editor.installEventFilter(self)

        self._hint = QLabel(self)
        self._hint.setObjectName("promptHint")
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint_font = self._hint.font()
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self._hint.setFont(hint_font)

        self._menu = QMenu(self)
        self._menu.setObjectName("recentPromptsMenu")
        self._menu.setToolTipsVisible(True)
        self._menu.triggered.connect(self._use_recent)
        self._recent_button = QToolButton(self)
        self._recent_button.setObjectName("recentPromptsButton")
        # Fusion draws its menu arrow over the end of the text; the ▾ above replaces it (the
        # rule is in app.qss: a widget's own stylesheet costs ~10 ms of start-up).
        self._recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._recent_button.setAutoRaise(True)
        self._recent_button.setMenu(self._menu)

        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self._hint)
        footer.addStretch(1)
        footer.addWidget(self._recent_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._editor, 1)
        layout.addLayout(footer)

        self._editor.textChanged.connect(self.textChanged)
        self._update_minimum_height()
        self.retranslateUi()
        self._rebuild_menu()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        shortcut = QKeySequence("Ctrl+Enter").toString(QKeySequence.SequenceFormat.NativeText)
        self._editor.setAccessibleName(self.tr("Prompt"))
        self._editor.setAccessibleDescription(
            self.tr("Describe the change to make. {shortcut} runs the edit.").format(
                shortcut=shortcut
            )
        )
        self._editor.setPlaceholderText(
            self.tr("Describe the change, e.g. 美化一下这张图片，加上“我爱中国”四个字")
        )
        self._hint.setText(self.tr("{shortcut} to run").format(shortcut=shortcut))
        self._recent_button.setText(self.tr("Recent") + " ▾")
        self._recent_button.setAccessibleName(self.tr("Recent prompts"))
        self._recent_button.setAccessibleDescription(self.tr("Reuse a prompt you ran before"))
        self._update_recent_tooltip()

    def focusChain(self) -> list[QWidget]:
        """The editor, then the Recent button: the order Tab visits them."""
        return [self._editor, self._recent_button]

    def text(self) -> str:
        """The prompt as typed (not stripped)."""
        return self._editor.toPlainText()

    def setText(self, text: str) -> None:
        """Replace the prompt, e.g. when restoring a session."""
        self._editor.setPlainText(text)

    def recentPrompts(self) -> list[str]:
        """The prompts offered in the Recent menu, most recent first (a copy)."""
        return list(self._recent)

    def setRecentPrompts(self, prompts: list[str]) -> None:
        """Offer ``prompts`` (most recent first) in the Recent menu, cleaned and limited."""
        self._recent = remember_prompt(prompts, "")
        self._rebuild_menu()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Turn Ctrl+Enter in the editor into :attr:`submitRequested`."""
        if watched is self._editor and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in _SUBMIT_KEYS and (
                key_event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                # Accepting the override keeps a window-wide Ctrl+Return shortcut from also
                # firing, so one key press never starts two runs.
                event.accept()
                if event.type() == QEvent.Type.KeyPress and not key_event.isAutoRepeat():
                    self.submitRequested.emit()
                return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Keep the minimum height at a few lines when the font changes; re-word on a
        language change."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_minimum_height()
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()

    def _update_minimum_height(self) -> None:
        margin = self._editor.document().documentMargin()
        frame = self._editor.frameWidth()
        lines = self._editor.fontMetrics().lineSpacing() * _MIN_LINES
        self._editor.setMinimumHeight(int(lines + 2 * (margin + frame)))

    def _rebuild_menu(self) -> None:
        self._menu.clear()
        for prompt in self._recent:
            action = self._menu.addAction(_menu_text(prompt))
            action.setData(prompt)
            # Rich text so a long prompt wraps in the tooltip and "<b>" in it stays literal.
            action.setToolTip(f"<p style='white-space:pre-wrap'>{html.escape(prompt)}</p>")
        self._recent_button.setEnabled(bool(self._recent))
        self._update_recent_tooltip()

    def _update_recent_tooltip(self) -> None:
        self._recent_button.setToolTip(
            self.tr("Reuse a recent prompt") if self._recent else self.tr("No recent prompts yet")
        )

    def _use_recent(self, action: QAction) -> None:
        # Replace through a cursor rather than setPlainText so Ctrl+Z brings back the old text.
        cursor = self._editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(str(action.data()))
        self._editor.setTextCursor(cursor)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
