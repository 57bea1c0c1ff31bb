"""Window geometry and splitter positions, kept across restarts (UI state, not settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop_app.core.settings import config_dir

STATE_FILE = "window-state.ini"


def _store() -> QSettings:
    return QSettings(str(config_dir() / STATE_FILE), QSettings.Format.IniFormat)


def fit_first_size(window: QMainWindow, preferred: QSize) -> None:
    """Size ``window`` for a first run: ``preferred``, or less on a smaller screen.

    A 1400 px window on a 1280 × 800 laptop would start with its right edge and the result
    bar off screen; it gets the screen's free area less a margin instead, and is centred.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(preferred)
        return
    free = screen.availableGeometry()
    size = preferred.boundedTo(QSize(int(free.width() * 0.96), int(free.height() * 0.94)))
    window.resize(size)
    frame = window.frameGeometry()
    frame.moveCenter(free.center())
    window.move(frame.topLeft())


def restore_window_state(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Put ``window`` back where it was; returns False on the first run."""
    store = _store()
    geometry = store.value("geometry")
    if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
        return False
    state = store.value("windowState")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        value = store.value(f"splitter/{name}")
        if isinstance(value, QByteArray):
            splitter.restoreState(value)
    return True


def save_window_state(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    store = _store()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("windowState", window.saveState())
    for name, splitter in splitters.items():
        store.setValue(f"splitter/{name}", splitter.saveState())
    store.sync()
