"""The main window's menus and shortcuts, declared in one place (Help lists them later)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowMenus", text)


@dataclass(frozen=True)
class MenuHandlers:
    """What the menu entries do; the window passes its slots."""

    open: Callable[[], object]
    paste: Callable[[], object]
    save: Callable[[], object]
    copy: Callable[[], object]
    use_result: Callable[[], object]
    quit: Callable[[], object]
    zoom_in: Callable[[], object]
    zoom_out: Callable[[], object]
    zoom_fit: Callable[[], object]
    zoom_actual: Callable[[], object]
    compare_mode: Callable[[str], object]
    about: Callable[[], object]
    settings: Callable[[], object]


@dataclass(frozen=True)
class ResultActions:
    """Menu actions that only make sense once there is a result."""

    save: QAction
    copy: QAction
    use_result: QAction

    def setEnabled(self, enabled: bool) -> None:
        for action in (self.save, self.copy, self.use_result):
            action.setEnabled(enabled)


def _action(
    window: QMainWindow, text: str, shortcut: QKeySequence | str | None, slot: Callable[[], object]
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: QMainWindow, handlers: MenuHandlers) -> ResultActions:
    """Fill ``window``'s menu bar; returns the actions to enable once a result exists."""
    keys = QKeySequence.StandardKey
    file_menu = window.menuBar().addMenu(_tr("&File"))
    file_menu.addAction(_action(window, _tr("&Open…"), keys.Open, handlers.open))
    file_menu.addAction(_action(window, _tr("&Paste picture"), keys.Paste, handlers.paste))
    file_menu.addSeparator()
    results = ResultActions(
        save=_action(window, _tr("&Save result as…"), "Ctrl+S", handlers.save),
        copy=_action(window, _tr("&Copy result"), "Ctrl+Shift+C", handlers.copy),
        use_result=_action(
            window, _tr("&Use result as input"), "Ctrl+Shift+U", handlers.use_result
        ),
    )
    file_menu.addActions([results.save, results.copy, results.use_result])
    file_menu.addSeparator()
    file_menu.addAction(_action(window, _tr("Se&ttings…"), "Ctrl+,", handlers.settings))
    file_menu.addSeparator()
    file_menu.addAction(_action(window, _tr("&Quit"), keys.Quit, handlers.quit))

    view_menu = window.menuBar().addMenu(_tr("&View"))
    view_menu.addAction(_action(window, _tr("Zoom &in"), keys.ZoomIn, handlers.zoom_in))
    view_menu.addAction(_action(window, _tr("Zoom &out"), keys.ZoomOut, handlers.zoom_out))
    view_menu.addAction(_action(window, _tr("&Fit to window"), "Ctrl+0", handlers.zoom_fit))
    view_menu.addAction(
        _action(window, _tr("&Actual size (100 %)"), "Ctrl+1", handlers.zoom_actual)
    )
    view_menu.addSeparator()
    for text, key, mode in (
        (_tr("&Side by side"), "Alt+1", "side_by_side"),
        (_tr("S&plit compare"), "Alt+2", "split"),
        (_tr("&Difference"), "Alt+3", "difference"),
    ):
        view_menu.addAction(_action(window, text, key, lambda m=mode: handlers.compare_mode(m)))

    help_menu = window.menuBar().addMenu(_tr("&Help"))
    help_menu.addAction(_action(window, _tr("&About Retouch Studio"), None, handlers.about))
    return results
