"""Keys that act while held (listed under Help → Keyboard shortcuts as ``HELD_KEYS``).

Space held shows the original in place of the result; releasing it shows the result again.
The filter sits on the main window, so it sees the key presses no focused widget took.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent


class HeldKeys(QObject):
    """Shows the original while Space is held on ``window``.

    Args:
        window: the main window whose key events are watched (also the filter's parent).
        flash_original: shows the original (True) or the result again (False).
        has_result: whether a result is on show (Space does nothing without one).
    """

    def __init__(
        self,
        window: QObject,
        flash_original: Callable[[bool], None],
        has_result: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._flash_original = flash_original
        self._has_result = has_result
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._window or not isinstance(event, QKeyEvent):
            return False
        if event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return False
        if event.type() == QEvent.Type.KeyPress and self._has_result():
            self._flash_original(True)
            return True
        if event.type() == QEvent.Type.KeyRelease:
            self._flash_original(False)
            return True
        return False
