"""A picture's variations in the real window: all of them to step through, no queue pop-up."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDockWidget

from tests.helpers.images import save_photo

pytestmark = pytest.mark.gui


def test_three_variations_are_results_to_step_through(window, wait_until, tmp_path):
    photo = save_photo(tmp_path / "photo.png", 480, 360)
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    window.editPanel().prompt.setText("warmer")
    window.editPanel().variations.setValue(3)
    finished = []
    window.runner.batchFinished.connect(finished.append)

    window.menus().action("run").trigger()
    wait_until(lambda: finished and len(window.resultPaths()) == 3, timeout=60)

    assert len(set(window.resultPaths())) == 3  # three files, each its own result
    assert window.currentResultPath() == window.resultPaths()[0]
    window.menus().action("next_result").trigger()
    assert window.currentResultPath() == window.resultPaths()[1]
    queue = window.findChild(QDockWidget, "queueDock")
    assert queue is None or not queue.isVisible()  # one picture: the strip, not the queue
