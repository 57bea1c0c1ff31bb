"""Window geometry and splitter positions, kept across restarts (UI state, not settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop_app.core.settings import config_dir

STATE_FILE = "window-state.ini"


def _store() -> QSettings:
    return QSettings(str(config_dir() / STATE_FILE), QSettings.Format.IniFormat)


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
