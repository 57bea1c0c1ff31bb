"""The history in the window: every GUI job recorded, and the panel that shows them."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from desktop_app.core.edit_job import Stage
from desktop_app.core.history.store import HistoryStore
from desktop_app.core.settings import data_dir
from desktop_app.ui.docks.history_model import PAGE_SIZE
from desktop_app.ui.docks.history_thumbnails import THUMBNAIL_SIDE
from tests.helpers.images import save_photo

PROMPT = "美化一下这种图片,加上 我爱中国 四个字"


@pytest.fixture
def photo(tmp_path) -> Path:
    return save_photo(tmp_path / "photo.jpg", 800, 600, quality=90)


def jobs() -> list:
    with HistoryStore.open_default() as store:
        return store.list_jobs()


def start_job(window, wait_until, photo: Path, prompt: str = PROMPT, ratio: str = "4:3") -> None:
    if window.inputPath() != photo:
        window.openPath(photo)
        wait_until(lambda: window.inputPath() == photo)
    window.findChild(QPlainTextEdit, "promptEdit").setPlainText(prompt)
    picker = window.findChild(QComboBox, "ratioPicker")
    picker.setCurrentIndex(picker.findData(ratio))
    window.menus().action("run").trigger()


def run_job(window, wait_until, photo: Path, prompt: str = PROMPT, ratio: str = "4:3") -> None:
    ended: list[str] = []
    window.runner.jobEnded.connect(ended.append)
    start_job(window, wait_until, photo, prompt, ratio)
    wait_until(lambda: ended and not window.runner.isBusy())
    window.runner.jobEnded.disconnect(ended.append)


# ------------------------------------------------------------------ recording GUI jobs


def test_a_gui_job_is_recorded_done_with_its_output(window, wait_until, photo):
    run_job(window, wait_until, photo)
    wait_until(lambda: window.resultPaths())
    [job] = jobs()
    assert job.status == "done" and job.prompt == PROMPT and job.ratio == "4:3"
    assert job.output_paths == tuple(p.resolve() for p in window.resultPaths())
    assert job.source_names == ("photo.jpg",)


def test_a_failed_job_is_recorded_failed(window, wait_until, photo, demo_provider):
    demo_provider.inject("http_500")
    run_job(window, wait_until, photo)
    [job] = jobs()
    assert job.status == "failed" and job.error is not None


def test_a_cancelled_job_is_recorded_cancelled(window, wait_until, photo, demo_provider):
    demo_provider.latency = 30
    stages: list[Stage] = []
    window.runner.progressChanged.connect(lambda p: stages.append(p.stage))
    ended: list[str] = []
    window.runner.jobEnded.connect(ended.append)
    start_job(window, wait_until, photo)
    wait_until(lambda: Stage.WAITING in stages)
    window.runner.cancel()
    wait_until(lambda: ended, timeout=5)
    [job] = jobs()
    assert job.status == "cancelled"


def test_use_as_input_chains_the_jobs(window, wait_until, photo):
    run_job(window, wait_until, photo)
    wait_until(lambda: window.resultPaths())
    first = window.resultPaths()[0]
    window.useResultAsInput()
    wait_until(lambda: window.inputPath() == first)
    run_job(window, wait_until, first, "make it warmer")
    newest, oldest = jobs()
    assert newest.parent_id == oldest.id


# ------------------------------------------------------------------ the panel


def open_history(window, wait_until):
    """View → History, then wait for the first page."""
    panel = window.historyPanel()
    assert not window.historyDock().isVisible()  # hidden by default
    window.menus().action("history").trigger()
    assert window.historyDock().isVisible()
    wait_until(lambda: panel.model().isStarted() and not panel.model()._fetching)
    return panel


def button(panel, name: str) -> QPushButton:
    found = panel.findChild(QPushButton, name)
    assert found is not None and found.accessibleName()
    return found


def test_jobs_are_listed_newest_first_and_new_ones_come_on_top(window, wait_until, photo):
    run_job(window, wait_until, photo, "first prompt")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 1)
    assert model.record(0).prompt == "first prompt"
    run_job(window, wait_until, photo, "second prompt")
    wait_until(lambda: model.rowCount() == 2 and model.record(0).status == "done")
    assert [model.record(n).prompt for n in range(2)] == ["second prompt", "first prompt"]
    assert "Tokens:" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    usage = panel.findChild(QLabel, "historyUsage")
    wait_until(lambda: "Today:" in usage.text() and " 0 " not in usage.text())
    thumbnails = data_dir() / "thumbnails"  # made lazily for the rows on screen, kept on disk
    wait_until(lambda: len(list(thumbnails.glob("*.png"))) == 2)
    icon = model.data(model.index(0), Qt.ItemDataRole.DecorationRole)
    assert icon.width() == THUMBNAIL_SIDE and not icon.isNull()


def test_search_filters_and_star_persists(window, wait_until, photo):
    run_job(window, wait_until, photo, "red apple")
    run_job(window, wait_until, photo, "green pear")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 2)
    panel.findChild(QLineEdit, "historySearch").setText("pear")
    wait_until(lambda: model.rowCount() == 1 and model.record(0).prompt == "green pear")
    panel.findChild(QLineEdit, "historySearch").setText("")
    wait_until(lambda: model.rowCount() == 2)
    assert panel.selectJob(model.record(1).id)
    star = button(panel, "historyStarButton")
    star.click()
    wait_until(lambda: model.record(1).starred)
    assert star.text() == "Unstar"
    starred = [job.prompt for job in jobs() if job.starred]
    assert starred == ["red apple"]
    panel.findChild(QCheckBox, "historyStarredOnly").setChecked(True)
    wait_until(lambda: model.rowCount() == 1 and model.record(0).prompt == "red apple")


def test_delete_removes_the_job_and_its_files_only(window, wait_until, photo):
    run_job(window, wait_until, photo, "keep me")
    run_job(window, wait_until, photo, "delete me")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 2)
    doomed, kept = model.record(0), model.record(1)
    panel.selectJob(doomed.id)
    button(panel, "historyDeleteButton").click()
    wait_until(lambda: model.rowCount() == 1 and not any(p.exists() for p in doomed.output_paths))
    assert model.record(0).id == kept.id
    assert all(path.exists() for path in kept.output_paths)
    assert [job.id for job in jobs()] == [kept.id]
    # Into the session's own trash (conftest isolates XDG_DATA_HOME), without a question.
    trash = Path(os.environ["XDG_DATA_HOME"]) / "Trash"
    trashed = {path.name for path in (trash / "files").iterdir()}
    assert {path.name for path in doomed.output_paths} <= trashed
    assert panel.findChild(QMessageBox, "historyDeleteQuestion") is None


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_without_a_trash_deleting_for_good_is_asked_first(
    window, wait_until, photo, tmp_path, monkeypatch, answer
):
    blocked = tmp_path / "no-trash"
    blocked.mkdir()
    (blocked / "Trash").write_text("a file where the trash folder would go")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    run_job(window, wait_until, photo, "delete me")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 1)
    doomed = model.record(0)
    panel.selectJob(doomed.id)
    deleting = panel.deleteSelected()  # what the delete button calls; its end is awaited below
    wait_until(lambda: panel.findChild(QMessageBox, "historyDeleteQuestion") is not None)
    question = panel.findChild(QMessageBox, "historyDeleteQuestion")
    assert "not available for 1 result file(s)" in question.text()
    assert all(path.exists() for path in doomed.output_paths)  # nothing gone before the answer
    question.button(getattr(QMessageBox.StandardButton, answer)).click()
    wait_until(deleting.done)
    assert deleting.exception() is None
    gone = [not path.exists() for path in doomed.output_paths]
    assert gone == [answer == "Yes"] * len(gone)  # "No" keeps the files: nothing lost
    assert jobs() == []


def test_open_shows_the_job_and_reuse_fills_the_prompt(window, wait_until, photo, tmp_path):
    run_job(window, wait_until, photo, "old prompt", "1:1")
    other = save_photo(tmp_path / "other.jpg", 640, 480)
    run_job(window, wait_until, other, "new prompt", "4:3")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 2)
    old = model.record(1)
    panel.selectJob(old.id)
    button(panel, "historyOpenButton").click()
    wait_until(
        lambda: (
            window.inputPath() == old.inputs[0] and window.resultPaths() == list(old.output_paths)
        )
    )
    button(panel, "historyReuseButton").click()
    assert window.editPanel().prompt.text() == "old prompt"
    assert window.editPanel().ratio.ratio() == "1:1"
    button(panel, "historyUseButton").click()
    wait_until(lambda: window.inputPath() == old.output_paths[0])


def test_try_again_reruns_a_failed_job(window, wait_until, photo, demo_provider):
    demo_provider.inject("http_500")
    run_job(window, wait_until, photo, "flaky")
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() == 1 and model.record(0).status == "failed")
    panel.selectJob(model.record(0).id)
    retry = button(panel, "historyRetryButton")
    assert retry.isEnabled()
    retry.click()
    wait_until(lambda: model.rowCount() == 2 and model.record(0).status == "done")
    wait_until(lambda: window.resultPaths() == list(model.record(0).output_paths))
    assert model.record(0).prompt == "flaky"


def test_five_thousand_jobs_are_paged(window, wait_until, isolated_dirs):
    from benchmarks.history import seed_history

    seed_history(isolated_dirs["data"], 5_000)
    panel = open_history(window, wait_until)
    model = panel.model()
    wait_until(lambda: model.rowCount() > 0)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    wait_until(lambda: model.rowCount() == 2 * PAGE_SIZE)
    panel.listView().scrollToBottom()
    wait_until(lambda: model.rowCount() >= 3 * PAGE_SIZE)
    assert model.rowCount() < 5_000
    assert model.record(0).prompt == "product shot 4999: warmer light"


def test_the_history_dock_remembers_being_shown(
    qtbot, event_loop, demo_provider, monkeypatch, wait_until
):
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    assert not first.historyDock().isVisible()

    async def press_ctrl_h() -> None:  # with the loop running, as the app's keys arrive
        first.activateWindow()
        await asyncio.sleep(0.05)
        qtbot.keyClick(first, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)

    event_loop.run_until_complete(press_ctrl_h())
    assert first.historyDock().isVisible()
    assert first.dockWidgetArea(first.historyDock()) == Qt.DockWidgetArea.RightDockWidgetArea
    wait_until(lambda: first.historyPanel().model().isStarted())
    first.close()
    event_loop.run_until_complete(first.shutdown())
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.historyDock().isVisible()
    event_loop.run_until_complete(second.shutdown())
