"""Batches from the window against the demo provider: one job per dropped picture,
variations, the queue's cancel and retry, the concurrency setting, and fitted exports."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDockWidget, QPushButton, QSpinBox, QTableWidget

from desktop_app.core.imaging.metadata import read_metadata
from tests.gui.test_main_window import PROMPT, drop_files, find, run_job
from tests.helpers.images import save_photo

ENDED = ("done", "failed", "cancelled")


@pytest.fixture
def photos(tmp_path) -> list[Path]:
    return [save_photo(tmp_path / f"shot-{n}.jpg", 640, 480, quality=90) for n in range(3)]


def drop(window, wait_until, paths: list[Path]) -> None:
    drop_files(find(window, "beforeView").viewport(), *paths)
    wait_until(lambda: window.inputPath() == paths[0])
    if len(paths) > 1:
        wait_until(lambda: window.batchInputs() == paths)


def states(window) -> list[str]:
    return [str(job.state) for job in window.queuePanel().jobs()]


def wait_ended(window, wait_until, count: int) -> None:
    wait_until(
        lambda: (
            len(states(window)) == count
            and all(s in ENDED for s in states(window))
            and not window.runner.isBusy()
        )
    )


def set_concurrency(window, wait_until, run_loop, value: int) -> None:
    window.openSettings()
    dialog = window.findChild(QDialog, "settingsDialog")
    wait_until(lambda: dialog is not None and dialog.isVisible())
    find(dialog, "concurrencySpin", QSpinBox).setValue(value)
    assert run_loop(dialog.saveChanges())
    dialog.close()
    assert window.settings().concurrency == value


def test_dropping_three_pictures_runs_three_jobs(window, qtbot, wait_until, photos, demo_provider):
    drop(window, wait_until, photos)
    dock = window.findChild(QDockWidget, "queueDock")
    assert dock is not None and not dock.isVisible()
    run_job(window, qtbot, wait_until)
    wait_ended(window, wait_until, 3)
    assert dock.isVisible()
    assert states(window) == ["done"] * 3
    requests = demo_provider.chat_requests
    assert len(requests) == 3
    for request in requests:
        content = request.body["messages"][0]["content"]
        assert sum(part.get("type") == "image_url" for part in content) == 1
    panel = window.queuePanel()
    assert panel.objectName() == "queuePanel"
    assert [panel.stageText(row) for row in range(3)] == ["Done"] * 3
    assert all(panel.elapsedText(row) for row in range(3))
    assert {job.request.inputs[0] for job in panel.jobs()} == set(photos)
    # The first result is on show; selecting another finished job shows it.
    wait_until(lambda: window.resultPaths())
    panel.selectRow(2)
    third = panel.job(2).result.outputs
    wait_until(lambda: window.resultPaths() == list(third))
    assert window.inputPath() == photos[2]


def test_variations_run_the_same_input_n_times(window, qtbot, wait_until, photos, demo_provider):
    drop(window, wait_until, photos[:1])
    find(window, "variationsSpin", QSpinBox).setValue(2)
    run_job(window, qtbot, wait_until)
    wait_ended(window, wait_until, 2)
    assert states(window) == ["done", "done"]
    assert len(demo_provider.chat_requests) == 2
    assert all(job.request.inputs == (photos[0],) for job in window.queuePanel().jobs())
    table = window.queuePanel().findChild(QTableWidget)
    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert names == [f"{photos[0].name} · variation {i} of 2" for i in (1, 2)]


def test_one_failure_leaves_the_others_done_and_its_retry_succeeds(
    window, qtbot, wait_until, photos, demo_provider, tmp_path
):
    demo_provider.inject("http_500")
    drop(window, wait_until, photos)
    run_job(window, qtbot, wait_until)
    wait_ended(window, wait_until, 3)
    assert sorted(states(window)) == ["done", "done", "failed"]
    failed = states(window).index("failed")
    panel = window.queuePanel()
    retry = find(panel, "queueRetryButton", QPushButton)
    panel.selectRow(failed)
    assert retry.isEnabled()
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    wait_until(lambda: states(window)[failed] == "done" and not window.runner.isBusy())
    assert states(window) == ["done"] * 3 and panel.rowCount() == 3
    # Export all takes the retried job's result with the others.
    done = window.exportAllTo(tmp_path / "all")
    wait_until(done.done)
    assert len(done.result()) == 3


def test_cancel_one_queued_and_one_running_job(window, qtbot, wait_until, photos, demo_provider):
    demo_provider.latency = 30
    drop(window, wait_until, photos)
    run_job(window, qtbot, wait_until)
    # Clicks run Qt events outside the asyncio loop: wait until both requests are sent.
    wait_until(
        lambda: states(window)[:2] == ["running", "running"] and demo_provider.chats_in_flight == 2
    )
    assert states(window)[2] == "queued"
    panel = window.queuePanel()
    cancel = find(panel, "queueCancelButton", QPushButton)
    panel.selectRow(2)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_until(lambda: states(window)[2] == "cancelled")
    panel.selectRow(0)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_until(lambda: states(window)[0] == "cancelled")
    assert states(window)[1] == "running"
    qtbot.mouseClick(find(panel, "queueCancelAllButton", QPushButton), Qt.MouseButton.LeftButton)
    wait_ended(window, wait_until, 3)
    assert states(window) == ["cancelled"] * 3


@pytest.mark.parametrize("concurrency", [1, 3])
def test_the_concurrency_setting_is_respected(
    window, qtbot, wait_until, run_loop, photos, demo_provider, tmp_path, concurrency
):
    set_concurrency(window, wait_until, run_loop, concurrency)
    # The relay holds every answer until released: the limit is reached, then checked.
    release = threading.Event()
    demo_provider.on_chat = lambda request: release.wait(60)
    more = [save_photo(tmp_path / f"more-{n}.jpg", 320, 240) for n in range(2)]
    drop(window, wait_until, [*photos, *more])
    run_job(window, qtbot, wait_until)
    wait_until(lambda: demo_provider.chats_in_flight == concurrency)
    assert states(window).count("running") == concurrency
    assert states(window).count("queued") == 5 - concurrency
    release.set()
    wait_ended(window, wait_until, 5)
    assert states(window) == ["done"] * 5
    assert demo_provider.max_concurrent_chats == concurrency


def test_save_fitted_to_the_asked_ratio_writes_it_with_metadata(
    window, qtbot, wait_until, photos, tmp_path
):
    drop(window, wait_until, photos[:1])
    run_job(window, qtbot, wait_until, ratio="4:3")
    wait_until(lambda: window.resultPaths() and not window.runner.isBusy())
    wait_until(lambda: window.currentResultPath() is not None)
    # The demo answers 3:2 to a 4:3 request: fitting is offered.
    assert window.menus().action("save_fit_crop").isEnabled()
    assert window.menus().action("save_fit_pad").isEnabled()
    assert window.menus().action("save_source_size").isEnabled()
    for fit in ("crop", "pad"):
        target = tmp_path / f"fitted-{fit}.png"
        done = window.saveResultAs(target, fit=fit)
        wait_until(done.done)
        with Image.open(target) as image:
            width, height = image.size
        assert abs(width * 3 - height * 4) <= 4, (fit, width, height)
        meta = read_metadata(target)
        assert meta is not None and meta.prompt == PROMPT
        assert meta.ratio == "4:3" and meta.source_name == photos[0].name
    plain = tmp_path / "plain.jpg"
    done = window.saveResultAs(plain)
    wait_until(done.done)
    meta = read_metadata(plain)
    assert meta is not None and meta.prompt == PROMPT
    sized = tmp_path / "sized.png"
    done = window.saveResultAs(sized, match_source=True)
    wait_until(done.done)
    with Image.open(sized) as image:
        assert abs(image.width * image.height - 640 * 480) < 0.02 * 640 * 480


def test_export_all_writes_every_result_of_the_batch(window, qtbot, wait_until, photos, tmp_path):
    drop(window, wait_until, photos)
    run_job(window, qtbot, wait_until)
    wait_ended(window, wait_until, 3)
    done = window.exportAllTo(tmp_path / "out")
    wait_until(done.done)
    written = done.result()
    assert len(written) == 3 and all(path.exists() for path in written)
    assert all(read_metadata(path).prompt == PROMPT for path in written)
