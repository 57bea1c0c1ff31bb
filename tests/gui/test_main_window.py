"""The real main window against the demo provider: what a designer does, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QWidget,
)

from desktop_app.core.edit_job import Stage
from desktop_app.core.settings import load_settings
from tests.helpers.images import save_photo

PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
CONTRACT = {
    "beforeView": QWidget,
    "afterView": QWidget,
    "promptEdit": QPlainTextEdit,
    "ratioPicker": QComboBox,
    "runButton": QPushButton,
    "cancelButton": QPushButton,
    "saveButton": QPushButton,
    "copyButton": QPushButton,
    "useResultButton": QPushButton,
    "compareSlider": QSlider,
    "statusLabel": QLabel,
    "errorBanner": QWidget,
}


@pytest.fixture
def photo(tmp_path) -> Path:
    return save_photo(tmp_path / "photo.jpg", 800, 600, quality=90)


def find(window, name: str, cls: type = QWidget):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    return widget


def drop_files(target: QWidget, *paths: Path) -> None:
    """A synthetic drop, as a file manager would send it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(target.rect().center())
    action = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), action, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(point, action, mime, buttons, modifiers))


def load(window, wait_until, photo: Path) -> None:
    drop_files(find(window, "beforeView").viewport(), photo)
    wait_until(lambda: window.inputPath() == photo)


def run_job(window, qtbot, wait_until, prompt: str = PROMPT, ratio: str = "4:3") -> None:
    edit = find(window, "promptEdit", QPlainTextEdit)
    edit.setPlainText(prompt)  # QTest can only type ASCII; the Chinese prompt is set directly
    picker = find(window, "ratioPicker", QComboBox)
    picker.setCurrentIndex(picker.findData(ratio))
    qtbot.mouseClick(find(window, "runButton", QPushButton), Qt.MouseButton.LeftButton)


def test_the_contracted_widgets_are_there(window):
    assert window.objectName() == "mainWindow"
    for name, cls in CONTRACT.items():
        widget = find(window, name, cls)
        assert widget.accessibleName() or name == "errorBanner", name
    picker = find(window, "ratioPicker", QComboBox)
    data = [picker.itemData(i) for i in range(picker.count())]
    assert data[:8] == ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9"]


def test_drop_prompt_ratio_run_shows_and_saves_the_result(
    window, qtbot, wait_until, photo, demo_provider
):
    load(window, wait_until, photo)
    assert "800 × 600" in window.editPanel().inputInfo()
    run_job(window, qtbot, wait_until)
    wait_until(lambda: window.resultPaths())
    result = window.resultPaths()[0]
    assert result.parent == photo.parent and result.exists()  # beside the picture
    assert Image.open(result).size == (1536, 1024)
    assert (
        demo_provider.chat_requests[-1]
        .body["messages"][0]["content"][0]["text"]
        .endswith("尺寸[4:3]")
    )
    wait_until(lambda: window.beforeAfterView().afterView().viewState() is not None)
    assert find(window, "saveButton", QPushButton).isEnabled()
    banner = find(window, "errorBanner")
    assert banner.isVisible() and "4:3" in banner.message()  # the ratio mismatch is said
    assert PROMPT in load_settings().recent_prompts


def test_cancel_mid_job_stops_at_once_and_keeps_the_window_usable(
    window, qtbot, wait_until, photo, demo_provider
):
    demo_provider.latency = 30
    load(window, wait_until, photo)
    stages: list[Stage] = []
    window.runner.progressChanged.connect(lambda p: stages.append(p.stage))
    run_job(window, qtbot, wait_until)
    wait_until(lambda: Stage.WAITING in stages)
    cancel = find(window, "cancelButton", QPushButton)
    assert cancel.isEnabled()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_until(lambda: not window.runner.isBusy(), timeout=3)
    assert find(window, "runButton", QPushButton).isEnabled()
    assert "Cancelled" in find(window, "statusLabel", QLabel).text()
    assert window.resultPaths() == [] and window.inputPath() == photo


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("http_401", "token"),
        ("http_403_quota", "credit"),
        ("http_503_model_not_found", "model"),
        ("refusal_policy", "内容政策"),
        ("http_502_html", "HTTP 502"),
        ("truncated_json", "could not read"),
        ("drop_connection", "connection"),
        ("cdn_404", "downloaded"),
    ],
)
def test_each_error_kind_shows_the_banner_and_keeps_the_input(
    window, qtbot, wait_until, photo, demo_provider, scenario, words
):
    load(window, wait_until, photo)
    demo_provider.inject(scenario)
    run_job(window, qtbot, wait_until)
    banner = find(window, "errorBanner")
    wait_until(lambda: banner.isVisible() and banner.isShowingError())
    assert (
        words.lower()
        in banner.message().lower()
        + banner.findChild(
            QLabel,
            "errorReason",
        )
        .text()
        .lower()
        if banner.findChild(QLabel, "errorReason")
        else words.lower() in banner.message().lower()
    )
    assert "Traceback" not in banner.message()
    assert window.inputPath() == photo and not window.runner.isBusy()


def test_try_again_reruns_the_same_job(window, qtbot, wait_until, photo, demo_provider):
    load(window, wait_until, photo)
    demo_provider.inject("http_500")
    run_job(window, qtbot, wait_until)
    retry = find(window, "retryButton", QPushButton)
    wait_until(lambda: retry.isVisible())
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    wait_until(lambda: window.resultPaths())
    assert len(demo_provider.chat_requests) == 2


def test_an_unusable_drop_says_so_and_keeps_the_current_picture(
    window, wait_until, photo, tmp_path
):
    load(window, wait_until, photo)
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    drop_files(window, text)
    banner = find(window, "errorBanner")
    wait_until(lambda: banner.isVisible() and banner.isShowingError())
    assert "not an image" in banner.message().lower() or "read" in banner.message().lower()
    assert window.inputPath() == photo


def test_paste_an_image_and_a_copied_file(window, wait_until, photo, isolated_dirs):
    QGuiApplication.clipboard().setImage(QImage(str(photo)))
    window.pasteFromClipboard()
    wait_until(lambda: window.inputPath() and window.inputPath().name.startswith("pasted-"))
    assert window.inputPath().parent == isolated_dirs["data"] / "inputs"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    QGuiApplication.clipboard().setMimeData(mime)
    window.pasteFromClipboard()
    wait_until(lambda: window.inputPath() == photo)


def test_use_as_input_copy_and_save_as(window, qtbot, wait_until, photo, tmp_path):
    load(window, wait_until, photo)
    run_job(window, qtbot, wait_until)
    wait_until(lambda: window.resultPaths())
    result = window.resultPaths()[0]
    qtbot.mouseClick(find(window, "copyButton", QPushButton), Qt.MouseButton.LeftButton)
    assert not QGuiApplication.clipboard().image().isNull()
    target = tmp_path / "export.jpg"
    done = window.saveResultAs(target)
    wait_until(done.done)
    assert Image.open(target).format == "JPEG"
    qtbot.mouseClick(find(window, "useResultButton", QPushButton), Qt.MouseButton.LeftButton)
    wait_until(lambda: window.inputPath() == result)
    assert window.resultPaths() == []


def test_zoom_is_synchronised_between_before_and_after(window, qtbot, wait_until, photo):
    load(window, wait_until, photo)
    run_job(window, qtbot, wait_until)
    wait_until(lambda: window.resultPaths())
    view = window.beforeAfterView()
    view.beforeView().zoomIn()
    view.beforeView().zoomIn()
    before, after = view.beforeView().viewState(), view.afterView().viewState()
    assert not after.fitted and after.zoom == pytest.approx(before.zoom, rel=0.02)
    assert after.center.x() == pytest.approx(before.center.x(), abs=0.02)


def test_the_window_remembers_its_geometry(qtbot, event_loop, demo_provider, monkeypatch):
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)  # inside the offscreen screen, which clamps
    first.close()
    event_loop.run_until_complete(first.shutdown())
    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 540)
    event_loop.run_until_complete(second.shutdown())


def test_no_freeze_while_a_24_megapixel_picture_goes_through_a_job(
    window, qtbot, wait_until, tmp_path
):
    """The GUI thread keeps handling events while a 24 MP picture is prepared.

    Told by order, not by the clock: a timer's ticks land between the "preparing" stage and
    the next one, which cannot happen if the preparation ran on the GUI thread. How long
    the longest freeze is, is the ``stall`` benchmark's figure (``python -m benchmarks``).
    """
    big = save_photo(tmp_path / "big.jpg", 6000, 4000, quality=92)
    events: list[object] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: events.append("tick"))
    window.runner.progressChanged.connect(lambda progress: events.append(progress.stage))
    timer.start()
    load(window, wait_until, big)
    run_job(window, qtbot, wait_until)
    wait_until(lambda: window.resultPaths(), timeout=60)
    wait_until(lambda: window.beforeAfterView().afterView().viewState() is not None)
    timer.stop()
    stages = [event for event in events if event != "tick"]
    assert Stage.PREPARING in stages and Stage.DONE in stages
    preparing = events.index(Stage.PREPARING)
    next_stage = next(
        n
        for n, event in enumerate(events)
        if n > preparing and event not in ("tick", Stage.PREPARING)
    )
    assert "tick" in events[preparing:next_stage], "the GUI thread was busy preparing"


def test_recent_prompts_survive_a_restart(window, qtbot, wait_until, photo, event_loop):
    from desktop_app.ui.main_window import MainWindow

    load(window, wait_until, photo)
    run_job(window, qtbot, wait_until, prompt="把天空变成日落")
    wait_until(lambda: window.resultPaths())
    wait_until(lambda: "把天空变成日落" in load_settings().recent_prompts)
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.editPanel().prompt.recentPrompts()[0] == "把天空变成日落"
    event_loop.run_until_complete(again.shutdown())


def test_keyboard_run_with_ctrl_enter(window, qtbot, wait_until, photo, demo_provider):
    load(window, wait_until, photo)
    edit = find(window, "promptEdit", QPlainTextEdit)
    qtbot.keyClicks(edit, "warmer")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: window.resultPaths())
    [request] = demo_provider.chat_requests  # one run, of what was typed, not a line break
    assert request.body["messages"][0]["content"][0]["text"].startswith("warmer")
    assert edit.toPlainText() == "warmer"


def test_first_run_panel_without_a_token_and_the_demo_switch(
    qtbot, event_loop, wait_until, photo, monkeypatch
):
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.delenv("RETOUCH_API_KEY", raising=False)
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show()
    panel = find(fresh, "firstRunPanel")
    wait_until(panel.isVisible)
    qtbot.mouseClick(find(fresh, "tryDemoButton", QPushButton), Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and "demo" in fresh.windowTitle()
    wait_until(fresh.openPath(photo).done)
    fresh.editPanel().prompt.setText("warmer")
    qtbot.mouseClick(find(fresh, "runButton", QPushButton), Qt.MouseButton.LeftButton)
    wait_until(lambda: fresh.resultPaths(), timeout=30)
    event_loop.run_until_complete(fresh.shutdown())


def test_settings_open_with_ctrl_comma_and_saving_applies(window, qtbot, wait_until, run_loop):
    from PySide6.QtWidgets import QDialog

    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QDialog, "settingsDialog")
    wait_until(lambda: dialog is not None and dialog.isVisible())
    model = dialog.settings().model
    assert run_loop(dialog.saveChanges())
    assert window.settings().model == model
    dialog.close()


@pytest.fixture
def web_server(tmp_path):
    """A plain web server on 127.0.0.1 serving ``tmp_path/web`` (a browser's image source)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path / "web"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_dropping_an_image_url_from_a_browser_loads_it(
    window, wait_until, web_server, isolated_dirs
):
    root, origin = web_server
    save_photo(root / "from-the-web.jpg", 320, 240)
    mime = QMimeData()
    mime.setUrls([QUrl(f"{origin}/from-the-web.jpg")])
    target = find(window, "beforeView").viewport()
    point = QPointF(target.rect().center())
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    QApplication.sendEvent(
        target, QDropEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )
    wait_until(lambda: window.inputPath() is not None)
    assert window.inputPath().parent == isolated_dirs["data"] / "inputs"
    assert "320 × 240" in window.editPanel().inputInfo()


def test_two_results_show_as_thumbnails_to_pick_from(
    window, qtbot, wait_until, photo, demo_provider
):
    from PySide6.QtWidgets import QListWidget

    load(window, wait_until, photo)
    demo_provider.inject("two_results")
    run_job(window, qtbot, wait_until)
    wait_until(lambda: len(window.resultPaths()) == 2)
    strip = find(window, "resultStrip", QListWidget)
    wait_until(strip.isVisible)
    assert strip.count() == 2
    strip.setCurrentRow(1)
    wait_until(lambda: window.currentResultPath() == window.resultPaths()[1])


def test_escape_cancels_the_running_job(window, qtbot, wait_until, photo, demo_provider):
    demo_provider.latency = 30
    load(window, wait_until, photo)
    stages: list[Stage] = []
    window.runner.progressChanged.connect(lambda p: stages.append(p.stage))
    run_job(window, qtbot, wait_until)
    wait_until(lambda: Stage.WAITING in stages)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    wait_until(lambda: not window.runner.isBusy(), timeout=3)
    assert window.resultPaths() == []


def test_several_pictures_can_go_into_one_request_as_references(
    window, qtbot, wait_until, tmp_path, demo_provider
):
    from PySide6.QtWidgets import QCheckBox

    first = save_photo(tmp_path / "a.jpg", 320, 240)
    second = save_photo(tmp_path / "b.jpg", 320, 240)
    together = find(window, "togetherCheck", QCheckBox)
    assert not together.isVisible()
    drop_files(find(window, "beforeView").viewport(), first, second)
    wait_until(lambda: window.batchInputs() == [first, second])
    assert together.isVisible()
    together.setChecked(True)
    run_job(window, qtbot, wait_until)
    wait_until(lambda: window.resultPaths())
    assert len(demo_provider.chat_requests) == 1
    parts = demo_provider.chat_requests[0].body["messages"][0]["content"]
    assert [part["type"] for part in parts] == ["text", "image_url", "image_url"]
