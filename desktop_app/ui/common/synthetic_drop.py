"""A drop of files made in code, as a file manager sends it (start-up probes, benchmarks)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop_files(target: QWidget, paths: Sequence[Path]) -> bool:
    """Drag ``paths`` onto ``target``'s centre and drop them; whether both were accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    point = QPointF(target.rect().center())
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), action, mime, button, modifiers)
    QApplication.sendEvent(target, enter)
    dropped = QDropEvent(point, action, mime, button, modifiers)
    QApplication.sendEvent(target, dropped)
    return enter.isAccepted() and dropped.isAccepted()
