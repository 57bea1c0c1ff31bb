"""Start-up stays light: the window's modules load no network, image or keyring package.

httpx (with httpcore, anyio, trio), Pillow, keyring and truststore cost well over 100 ms to
import; the first paint needs none of them. ``ui/app.py`` imports them in a background
thread once the window is on screen. These tests check where things are imported, never how
long anything takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("httpx", "httpcore", "anyio", "PIL", "keyring", "truststore")


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_main_window_module_imports_none_of_the_heavy_packages():
    done = run_python(
        "import json, sys\n"
        "from desktop_app.ui.main_window import MainWindow\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_app_shows_its_window_and_exits_cleanly_with_the_benchmark_hook():
    done = run_python(
        "import sys; from desktop_app.cli.entry import main; sys.exit(main([]))",
        RETOUCH_EXIT_AFTER_SHOW="1",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["first-show"]
    assert "Traceback" not in done.stderr  # closing the window shuts down before the loop ends


def test_preloading_imports_what_the_first_job_needs():
    from desktop_app.ui.app import PRELOAD_MODULES, preload_in_background

    preload_in_background().join(timeout=60)
    missing = [name for name in PRELOAD_MODULES if name not in sys.modules]
    assert missing == []


def test_the_difference_legend_colour_is_the_core_highlight():
    from desktop_app.core.imaging.difference import HIGHLIGHT_RGB
    from desktop_app.ui.compare import before_after_view

    assert before_after_view.HIGHLIGHT_RGB == HIGHLIGHT_RGB


def test_the_app_icon_is_set_once_the_window_is_built():
    # run_app leaves the icon out of the first frame (a drop right after it would wait).
    done = run_python(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop_app.ui import app\n"
        "from desktop_app.ui.main_window import MainWindow\n"
        "build = MainWindow.__init__\n"
        "def report(window):\n"
        "    print('icon at first frame:', not QApplication.windowIcon().isNull())\n"
        "    window.whenReady(lambda: QTimer.singleShot(0, lambda: finish(window)))\n"
        "def finish(window):\n"
        "    print('icon once built:', not QApplication.windowIcon().isNull())\n"
        "    window.close()\n"
        "def init(self, *args, **kwargs):\n"
        "    build(self, *args, **kwargs)\n"
        "    app.when_exposed(self, lambda: report(self))\n"
        "MainWindow.__init__ = init\n"
        "sys.exit(app.run_app())\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["icon at first frame: False", "icon once built: True"]
