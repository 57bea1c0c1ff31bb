"""Run something once a window's first frame is on screen (after its first expose event)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget


def when_exposed(window: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` from the event loop once the shown ``window`` is on screen.

    Waits for the expose event (a window started minimised or on another desktop may wait
    long; nothing polls meanwhile). The expose event paints the first frame, so ``callback``
    runs after it.
    """
    handle = window.windowHandle()
    if handle is None or handle.isExposed():
        QTimer.singleShot(0, callback)
        return
    handle.installEventFilter(_ExposeWatcher(handle, callback))


class _ExposeWatcher(QObject):
    """Calls back once after the first expose event of the window it filters."""

    def __init__(self, handle: QWindow, callback: Callable[[], object]) -> None:
        super().__init__(handle)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        exposed = isinstance(watched, QWindow) and watched.isExposed()
        if event.type() == QEvent.Type.Expose and exposed:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)  # after this event has painted
            self.deleteLater()
        return False
