"""Two-stage start-up: the shell first, the docks after the first paint, nothing lost between.

The tests check what exists and in which order things happen, never how long they take.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QPushButton, QWidget

from desktop_app.ui.window.startup_stages import StartupStages
from tests.gui.test_main_window import drop_files, find
from tests.helpers.images import save_photo

pytestmark = pytest.mark.gui


@pytest.fixture
def fresh_window(qtbot, event_loop, demo_provider, monkeypatch):
    """A new window, shown, before the event loop turned once."""
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    monkeypatch.setenv("RETOUCH_API_KEY", "sk-gui-test-token-123456")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    event_loop.run_until_complete(window.shutdown())


def stages_of(window) -> StartupStages:
    stages = window.findChild(StartupStages)
    assert stages is not None
    return stages


def test_the_shell_shows_first_and_the_docks_follow_after_the_first_paint(fresh_window, wait_until):
    stages = stages_of(fresh_window)
    assert not stages.isFinished()
    assert fresh_window.findChild(QDockWidget, "historyDock") is None
    for name in ("promptEdit", "ratioPicker", "runButton", "beforeView"):
        assert find(fresh_window, name).isVisible(), name
    assert fresh_window.menuBar().actions(), "the menus are there from the start"
    wait_until(stages.isFinished)
    assert fresh_window.findChild(QDockWidget, "historyDock") is not None
    assert fresh_window.findChild(QDockWidget, "queueDock") is not None
    assert not fresh_window.historyDock().isVisible()


def test_a_drop_during_the_second_stage_is_taken_at_once(fresh_window, wait_until, tmp_path):
    photo = save_photo(tmp_path / "early.jpg", 320, 240)
    assert not stages_of(fresh_window).isFinished()
    drop_files(find(fresh_window, "beforeView").viewport(), photo)  # asserts it is accepted
    wait_until(lambda: fresh_window.inputPath() == photo)


def test_a_run_clicked_during_the_second_stage_runs_once_it_is_ready(
    fresh_window, qtbot, wait_until
):
    stages = stages_of(fresh_window)
    seen: list[str] = []
    stages.finished.connect(lambda: seen.append("second stage ready"))
    qtbot.mouseClick(find(fresh_window, "runButton", QPushButton), Qt.MouseButton.LeftButton)
    assert fresh_window.banner().message() == "", "queued, not run before the stage is ready"
    wait_until(lambda: fresh_window.banner().message())
    assert seen == ["second stage ready"]
    assert "Add a picture first" in fresh_window.banner().message()


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


def test_asking_for_a_dock_builds_the_second_stage_on_the_spot(fresh_window):
    assert not stages_of(fresh_window).isFinished()
    assert fresh_window.queueDock().objectName() == "queueDock"
    assert stages_of(fresh_window).isFinished()
