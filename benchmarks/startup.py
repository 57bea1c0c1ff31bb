"""startup: process start to an interactive main window, offscreen, in a fresh process.

The app runs as ``python -m desktop_app`` with ``RETOUCH_EXIT_AFTER_SHOW=1`` (see
``desktop_app/ui/app.py``): once its window is exposed, with the first frame painted and the
event loop running, it prints ``first-show`` and closes. The baseline is a bare PySide6
``QMainWindow`` of the same size, shown and checked the same way. Both are timed from
outside, from ``Popen`` to that line, in alternating runs after one warm-up run each (so
both find their files in the OS cache: "cold" means a new process, not a cold disk).
Target ≤ 1.5x.

``startup_interactive`` times the first *interactive* frame the same way: with
``RETOUCH_EXIT_AFTER_SHOW=interactive`` the app drops the sample picture on its window right
after the first show (queued behind whatever the event loop still has to do, such as the
second start-up stage) and prints ``first-interactive`` once the drop is accepted; the bare
window accepts the same drop. Target ≤ 1.5x.
"""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.common import REPO, Context, child_env, median
from benchmarks.table import Row, Target, make_row

ROWS = {
    "startup": ("s", Target("ratio", "<=", 1.5)),
    "startup_interactive": ("s", Target("ratio", "<=", 1.5)),
}
# argv "interactive PICTURE": after the first show, a drop as the app's hook makes (ui/app.py,
# ui/common/synthetic_drop.py), written out here: the baseline must not import the app.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class Watcher(QObject):  # what desktop_app.ui.app.when_exposed does
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, shown)
        return False


class Window(QMainWindow):
    def dragEnterEvent(self, event):
        event.acceptProposedAction()

    def dropEvent(self, event):
        event.acceptProposedAction()


def say(line):
    sys.stdout.write(line + "\\n")
    sys.stdout.flush()


def shown():
    say("first-show")
    if sys.argv[1:2] == ["interactive"]:
        QTimer.singleShot(0, drop)
    else:
        window.close()


def drop():
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(sys.argv[2])])
    point = QPointF(window.rect().center())
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    keys = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), action, mime, button, keys)
    app.sendEvent(window, enter)
    dropped = QDropEvent(point, action, mime, button, keys)
    app.sendEvent(window, dropped)
    say("first-interactive" if enter.isAccepted() and dropped.isAccepted() else "drop-refused")
    window.close()


app = QApplication(sys.argv[:1])
window = Window()
window.setAcceptDrops(True)
window.resize(1400, 860)
window.show()
watcher = Watcher()
window.windowHandle().installEventFilter(watcher)
app.exec()
"""
SHOWN = "first-show"
INTERACTIVE = "first-interactive"
TIMEOUT = 60.0


def time_to_first_show(command: list[str], env: dict[str, str], line: str = SHOWN) -> float:
    """Seconds from starting ``command`` to its ``line`` (``first-show``); waits for its exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        for said in process.stdout:
            if said.strip() == line:
                elapsed = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"{command[:3]} exited without saying {line}")
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
    # Fresh processes on a 2-core VM spread over ±25% (0.2 to 0.36 s): many of each.
    runs = ctx.runs(full=31, quick=11)
    return [
        _row(ctx, "startup", SHOWN, "1", runs, "python -m desktop_app, offscreen"),
        _row(
            ctx,
            "startup_interactive",
            INTERACTIVE,
            "interactive",
            runs,
            "to a drop accepted right after the first show",
        ),
    ]


def _row(ctx: Context, row_id: str, line: str, hook: str, runs: int, what: str) -> Row:
    """Alternating runs of the app and the bare window, timed to ``line``; medians."""
    app_command = [sys.executable, "-m", "desktop_app"]
    bare_command = [sys.executable, "-c", BARE_WINDOW]
    if line == INTERACTIVE:
        bare_command += [
            "interactive",
            str(REPO / "resources" / "samples" / "sample-landscape.jpg"),
        ]
    app_env = child_env(ctx.workdir, RETOUCH_EXIT_AFTER_SHOW=hook)
    bare_env = child_env(ctx.workdir)
    time_to_first_show(app_command, app_env, line)  # warm-up: bytecode caches, OS file cache
    time_to_first_show(bare_command, bare_env, line)
    app_s, bare_s = [], []
    for _ in range(runs):
        app_s.append(time_to_first_show(app_command, app_env, line))
        bare_s.append(time_to_first_show(bare_command, bare_env, line))
    value, baseline = median(app_s), median(bare_s)
    print(f"{row_id} app {value:.3f} s, bare Qt window {baseline:.3f} s", file=sys.stderr)
    unit, target = ROWS[row_id]
    return make_row(row_id, value, unit, baseline, target, f"{what}; median of {runs}")
