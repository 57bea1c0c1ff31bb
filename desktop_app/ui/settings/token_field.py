"""A masked field for a secret (API token, proxy password) with a Show/Hide toggle.

Qt already refuses to copy out of a masked field; while the secret is shown, Copy and Cut
stay blocked too (shortcuts and context menu), and on X11 the primary selection a selected
secret lands in is cleared again, so it never reaches a clipboard from here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

_BLOCKED_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)
_BLOCKED_ACTIONS = ("edit-copy", "edit-cut")


class TokenField(QWidget):
    """A password-style line edit and a checkable Show button.

    Args:
        edit_name: objectName of the line edit (``tokenEdit`` for the API token).
        toggle_name: objectName of the Show/Hide button.
        accessible_name: what a screen reader calls the field.
        parent: the owning widget.

    Signals:
        textChanged(str): the secret was edited.
    """

    textChanged = Signal(str)

    def __init__(
        self,
        edit_name: str = "tokenEdit",
        toggle_name: str = "showTokenButton",
        accessible_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._edit = QLineEdit(self)
        self._edit.setObjectName(edit_name)
        self._edit.setAccessibleName(accessible_name or self.tr("API token"))
        self._edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._edit.setClearButtonEnabled(True)
        # No autocompletion or IME memory of a secret.
        self._edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self._edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._edit.customContextMenuRequested.connect(self._show_menu)
        self._edit.installEventFilter(self)
        self._edit.textChanged.connect(self.textChanged)
        self._edit.selectionChanged.connect(self._after_selection)

        self._toggle = QToolButton(self)
        self._toggle.setObjectName(toggle_name)
        self._toggle.setCheckable(True)
        self._toggle.setAccessibleName(
            self.tr("Show or hide: {field}").format(field=self._edit.accessibleName())
        )
        self._toggle.toggled.connect(self._set_shown)
        self._set_shown(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit, 1)
        layout.addWidget(self._toggle)
        self.setFocusProxy(self._edit)

    def text(self) -> str:
        return self._edit.text()

    def setText(self, text: str) -> None:
        self._edit.setText(text)

    def clear(self) -> None:
        self._edit.clear()

    def setPlaceholderText(self, text: str) -> None:
        self._edit.setPlaceholderText(text)

    def placeholderText(self) -> str:
        return self._edit.placeholderText()

    def isShown(self) -> bool:
        """Whether the secret is readable (the toggle is on)."""
        return self._toggle.isChecked()

    def setShown(self, shown: bool) -> None:
        self._toggle.setChecked(shown)

    def lineEdit(self) -> QLineEdit:
        """The inner line edit (for form buddies and tests)."""
        return self._edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow Copy and Cut shortcuts on the field."""
        if (
            watched is self._edit
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _BLOCKED_KEYS)
        ):
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _set_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self._edit.setEchoMode(mode)
        self._toggle.setText(self.tr("Hide") if shown else self.tr("Show"))
        self._toggle.setToolTip(self.tr("Hide the text") if shown else self.tr("Show the text"))
        self._toggle.setAccessibleDescription(self._toggle.toolTip())

    def _after_selection(self) -> None:
        # QLineEdit copies a shown selection to X11's primary selection once the selection
        # settles; take it back out on the next turn of the event loop.
        if self.isShown() and QGuiApplication.clipboard().supportsSelection():
            QTimer.singleShot(0, self._drop_primary_selection)

    def _drop_primary_selection(self) -> None:
        clipboard = QGuiApplication.clipboard()
        selected = clipboard.text(QClipboard.Mode.Selection)
        if selected and selected in self._edit.text():
            clipboard.clear(QClipboard.Mode.Selection)

    def _show_menu(self, position: QPoint) -> None:
        menu = self._edit.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() in _BLOCKED_ACTIONS:
                menu.removeAction(action)
        menu.exec(self._edit.mapToGlobal(position))
        menu.deleteLater()
