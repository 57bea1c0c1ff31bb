"""The first window fits the screen it opens on (a 1280 × 800 laptop included)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow

from desktop_app.ui.window.window_state import fit_first_size


def test_a_first_window_larger_than_the_screen_is_fitted_and_centred(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()

    fit_first_size(window, QSize(free.width() + 500, free.height() + 300))

    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.frameGeometry().center())
    assert abs(window.frameGeometry().center().x() - free.center().x()) <= 1


def test_a_first_window_smaller_than_the_screen_keeps_its_size(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    fit_first_size(window, QSize(400, 300))
    assert window.size() == QSize(400, 300)
