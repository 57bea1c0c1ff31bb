"""While a new edit runs, and after it fails, the previous result looks like the previous one."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.ui.edit.stale_results import StaleResults
from tests.helpers.images import save_photo


def test_the_previous_result_is_dimmed_and_labelled(window, demo_provider, wait_until, tmp_path):
    photo = save_photo(tmp_path / "photo.jpg", 800, 600, quality=90)
    stale = window.findChild(StaleResults)  # the window's own
    note = window.findChild(QLabel, "staleResultLabel")
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    window.editPanel().prompt.setText("warmer")
    window.menus().action("run").trigger()
    wait_until(lambda: window.currentResultPath() is not None and not window.runner.isBusy())
    assert stale.reason() == "" and note.isHidden()

    demo_provider.latency = 1.0
    window.menus().action("run").trigger()
    wait_until(window.runner.isBusy)
    assert stale.reason() == "running" and "Previous result" in note.text()
    assert window.beforeAfterView().afterView().graphicsEffect() is not None
    wait_until(lambda: not window.runner.isBusy() and stale.reason() == "")
    assert window.beforeAfterView().afterView().graphicsEffect() is None

    demo_provider.latency = 0.0
    demo_provider.inject("refusal_policy")
    window.menus().action("run").trigger()
    wait_until(lambda: not window.runner.isBusy() and stale.reason() == "failed")
    assert not note.isHidden() and "Previous result" in note.text()
