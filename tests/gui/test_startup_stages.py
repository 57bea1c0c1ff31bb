"""Two-stage start-up: the shell first, the docks after the first paint, nothing lost between.

The tests check what exists and in which order things happen, never how long they take.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QPushButton, QWidget

from desktop_app.ui.window.first_paint import when_exposed
from desktop_app.ui.window.startup_stages import StartupStages
from tests.gui.test_main_window import drop_files, find
from tests.helpers.images import save_photo

pytestmark = pytest.mark.gui

# The ``window`` fixture is shown and handed over before the event loop turned once: the
# second stage has not begun.


def stages_of(window) -> StartupStages:
    stages = window.findChild(StartupStages)
    assert stages is not None
    return stages


def test_the_shell_shows_first_and_the_docks_follow_after_the_first_paint(window, wait_until):
    stages = stages_of(window)
    assert not stages.isFinished()
    assert window.findChild(QDockWidget, "historyDock") is None
    for name in ("promptEdit", "ratioPicker", "runButton", "beforeView"):
        assert find(window, name).isVisible(), name
    assert window.menuBar().actions(), "the menus are there from the start"
    wait_until(stages.isFinished)
    assert window.findChild(QDockWidget, "historyDock") is not None
    assert window.findChild(QDockWidget, "queueDock") is not None
    assert not window.historyDock().isVisible()


def test_a_drop_during_the_second_stage_is_taken_at_once(window, wait_until, tmp_path):
    photo = save_photo(tmp_path / "early.jpg", 320, 240)
    assert not stages_of(window).isFinished()
    drop_files(find(window, "beforeView").viewport(), photo)  # asserts it is accepted
    wait_until(lambda: window.inputPath() == photo)


def test_a_run_clicked_during_the_second_stage_runs_once_it_is_ready(window, qtbot, wait_until):
    stages = stages_of(window)
    seen: list[str] = []
    stages.finished.connect(lambda: seen.append("second stage ready"))
    qtbot.mouseClick(find(window, "runButton", QPushButton), Qt.MouseButton.LeftButton)
    assert window.banner().message() == "", "queued, not run before the stage is ready"
    wait_until(lambda: window.banner().message())
    assert seen == ["second stage ready"]
    assert "Describe the change" in window.banner().message()  # no prompt: refused, once ready


def test_queued_commands_run_after_the_last_step_in_the_order_they_came(
    qtbot, event_loop, wait_until
):
    widget = QWidget()
    qtbot.addWidget(widget)
    order: list[str] = []
    stages = StartupStages(widget, [lambda: order.append("step 1"), lambda: order.append("step 2")])
    stages.finished.connect(lambda: order.append("finished"))
    widget.show()
    stages.start()
    stages.whenReady(lambda: order.append("click"))
    stages.whenReady(lambda: order.append("drop"))
    assert order == []
    wait_until(stages.isFinished)
    assert order == ["step 1", "step 2", "click", "drop", "finished"]
    stages.whenReady(lambda: order.append("later"))
    assert order[-1] == "later", "once ready, a command runs at once"


def test_what_waits_in_the_loop_goes_before_the_next_step(qtbot, event_loop, wait_until):
    widget = QWidget()
    qtbot.addWidget(widget)
    order: list[str] = []

    def first_step() -> None:
        order.append("step 1")
        QTimer.singleShot(0, lambda: order.append("posted by step 1"))

    stages = StartupStages(widget, [first_step, lambda: order.append("step 2")])
    widget.show()
    stages.start()
    # As the benchmark's drop: posted by another part once the first frame is painted.
    when_exposed(widget, lambda: QTimer.singleShot(0, lambda: order.append("drop")))
    wait_until(stages.isFinished)
    assert order == ["drop", "step 1", "posted by step 1", "step 2"]


def test_asking_for_a_dock_builds_the_second_stage_on_the_spot(window):
    assert not stages_of(window).isFinished()
    assert window.queueDock().objectName() == "queueDock"
    assert stages_of(window).isFinished()


def test_export_all_chosen_during_the_second_stage_runs_once_it_is_ready(window, wait_until):
    stages = stages_of(window)
    window.menus().action("export_all").trigger()
    assert window.statusBar().currentMessage() == "", "queued behind the second stage"
    wait_until(stages.isFinished)
    assert window.statusBar().currentMessage() == "No batch results to export yet"


def test_abandoned_stages_run_nothing_more(qtbot, event_loop, wait_until):
    widget = QWidget()
    qtbot.addWidget(widget)
    order: list[str] = []
    stages = StartupStages(widget, [lambda: order.append("step 1"), lambda: order.append("step 2")])
    widget.show()
    stages.start()
    stages.whenReady(lambda: order.append("click"))
    stages.abandon()  # the window closed as it appeared
    wait_until(stages.isFinished)
    assert order == []
