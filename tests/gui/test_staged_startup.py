"""The app's staged start-up, in a process of its own as ``run_app`` starts it.

The shell is painted on Qt's own event loop before asyncio exists; the window then adopts
that running loop (qasync) and builds its working parts. The child process records what a
person could see and do at the first frame and what became of it; the tests check those
facts and the order of things, never how long anything took.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.images import save_photo

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from desktop_app.ui.app import create_application
from desktop_app.ui.common.synthetic_drop import drop_files
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.window.event_loop import finish_on_asyncio_loop
from desktop_app.ui.window.first_paint import when_exposed
from desktop_app.ui.window.startup_stages import StartupStages

photo = Path(sys.argv[1])
app = create_application()
window = MainWindow(staged=True)
stages = window.findChild(StartupStages)
seen = {"asyncio_before_show": "asyncio" in sys.modules}
# The queued commands have run when the stages announce they finished.
stages.finished.connect(lambda: seen.update(banner=window.banner().message()))


def first_frame():
    seen["asyncio_at_first_frame"] = "asyncio" in sys.modules
    seen["placeholder_shown"] = window.findChild(QWidget, "resultPlaceholder").isVisible()
    seen["views_at_first_frame"] = window.findChild(QWidget, "beforeView") is not None
    seen["menus"] = [action.text() for action in window.menuBar().actions()]
    seen["run_text"] = window.findChild(QPushButton, "runButton").text()
    seen["drop_accepted"] = drop_files(window, [photo])
    window.menus().action("run").trigger()  # no prompt yet: refused, once it can be
    seen["finished_after_drop"] = stages.isFinished()
    QTimer.singleShot(0, wait_for_picture)


def wait_for_picture(turns=[0]):
    turns[0] += 1
    if stages.isFinished() and window.inputPath() == photo or turns[0] > 3000:
        seen["input"] = str(window.inputPath())
        seen["placeholder_left"] = window.findChild(QWidget, "resultPlaceholder") is not None
        seen["views_visible"] = window.findChild(QWidget, "beforeView").isVisible()
        seen["run_text_after"] = window.findChild(QPushButton, "runButton").text()
        window.close()
    else:
        QTimer.singleShot(5, wait_for_picture)


window.show()
when_exposed(window, first_frame)
app.exec()
finish_on_asyncio_loop(window.shutdown)
print(json.dumps(seen))
"""


@pytest.fixture
def started(tmp_path) -> dict:
    """Run the child with a fresh HOME and data folders; its record of what it saw."""
    photo = save_photo(tmp_path / "early.jpg", 320, 240)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        RETOUCH_CONFIG_DIR=str(tmp_path / "config"),
        RETOUCH_DATA_DIR=str(tmp_path / "data"),
        RETOUCH_BASE_URL="http://127.0.0.1:9/v1",  # never called: nothing is sent
    )
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(photo)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    record = json.loads(done.stdout.splitlines()[-1])
    record["photo"] = str(photo)
    return record


def test_the_first_frame_is_the_shell_painted_before_asyncio_exists(started):
    assert started["asyncio_before_show"] is False
    assert started["asyncio_at_first_frame"] is False
    assert started["placeholder_shown"] is True
    assert started["views_at_first_frame"] is False
    assert started["menus"] == ["&File", "&Edit", "&View", "&Help"]
    assert started["run_text"] == "Create", "no picture yet: the shell already says so"


def test_a_drop_and_a_command_at_the_first_frame_are_taken_and_honoured(started):
    assert started["drop_accepted"] is True
    assert started["finished_after_drop"] is False, "taken before the working parts existed"
    assert started["input"] == started["photo"]
    assert "Describe the change" in started["banner"]


def test_the_working_parts_replace_the_placeholder(started):
    assert started["placeholder_left"] is False
    assert started["views_visible"] is True
    assert started["run_text_after"] == "Run", "the dropped picture is loaded: Run edits it"
