"""startup: process start to an interactive main window, offscreen, in a fresh process.

The app runs as ``python -m desktop_app`` with ``RETOUCH_EXIT_AFTER_SHOW=1`` (see
``desktop_app/ui/app.py``): once its window is exposed, with the first frame painted and the
event loop running, it prints ``first-show`` and closes. The baseline is a bare PySide6
``QMainWindow`` of the same size, shown and checked the same way. Both are timed from
outside, from ``Popen`` to that line, in alternating runs after one warm-up run each (so
both find their files in the OS cache: "cold" means a new process, not a cold disk).
Target ≤ 1.5x.
"""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.common import REPO, Context, child_env, median
from benchmarks.table import Row, Target, make_row

ROWS = {"startup": ("s", Target("ratio", "<=", 1.5))}
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Watcher(QObject):  # what desktop_app.ui.app.when_exposed does
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, shown)
        return False


def shown():
    sys.stdout.write("first-show\\n")
    sys.stdout.flush()
    window.close()


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1400, 860)
window.show()
watcher = Watcher()
window.windowHandle().installEventFilter(watcher)
app.exec()
"""
SHOWN = "first-show"
TIMEOUT = 60.0


def time_to_first_show(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to its ``first-show`` line; waits for it to exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.strip() == SHOWN:
                elapsed = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"{command[:3]} exited without showing a window")
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        assert process.stderr is not None
        said = process.stderr.read()[-2000:]
        raise RuntimeError(f"{command[:3]} exited with {process.returncode} after showing:\n{said}")
    return elapsed


def run(ctx: Context) -> list[Row]:
    app_command = [sys.executable, "-m", "desktop_app"]
    bare_command = [sys.executable, "-c", BARE_WINDOW]
    app_env = child_env(ctx.workdir, RETOUCH_EXIT_AFTER_SHOW="1")
    bare_env = child_env(ctx.workdir)
    runs = ctx.runs(full=11, quick=7)
    time_to_first_show(app_command, app_env)  # warm-up: bytecode caches, OS file cache
    time_to_first_show(bare_command, bare_env)
    app_s, bare_s = [], []
    for _ in range(runs):
        app_s.append(time_to_first_show(app_command, app_env))
        bare_s.append(time_to_first_show(bare_command, bare_env))
    value, baseline = median(app_s), median(bare_s)
    print(f"startup app {value:.3f} s, bare Qt window {baseline:.3f} s", file=sys.stderr)
    unit, target = ROWS["startup"]
    note = f"python -m desktop_app, offscreen; median of {runs}"
    return [make_row("startup", value, unit, baseline, target, note)]
