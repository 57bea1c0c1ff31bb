"""The QApplication of Retouch Studio: also hears the system ask it to open a picture.

On macOS, "Open With › Retouch Studio" in Finder and a picture dropped on the Dock icon do
not come as command-line arguments but as a ``QFileOpenEvent`` sent to the application, at
start (before the window exists) and while it runs. Overriding :meth:`event` here costs
nothing per event, unlike an application-wide event filter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


class FileOpenQueue:
    """Hands paths to one receiver; keeps those that come before the receiver is named."""

    def __init__(self) -> None:
        self._receiver: Callable[[Path], object] | None = None
        self._pending: list[Path] = []

    def deliverTo(self, receiver: Callable[[Path], object]) -> None:
        self._receiver = receiver
        pending, self._pending = self._pending, []
        for path in pending:
            receiver(path)

    def put(self, path: Path) -> None:
        if self._receiver is None:
            self._pending.append(path)
        else:
            self._receiver(path)


class RetouchApplication(QApplication):
    """A QApplication that hands the files the system asks it to open to one receiver.

    Files asked for before :meth:`deliverFileOpensTo` names the receiver (the window is not
    built yet) are kept and handed over then, in order.
    """

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.fileOpens = FileOpenQueue()

    def deliverFileOpensTo(self, receiver: Callable[[Path], object]) -> None:
        self.fileOpens.deliverTo(receiver)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file() or event.url().toLocalFile()
            if path:
                self.fileOpens.put(Path(path))
                return True
        return super().event(event)
