"""Drive the real main window through a job, as a designer would (offscreen Qt, qasync loop).

Used by the stall and memory benchmarks. The window talks to a demo relay in another
process; the token comes from ``RETOUCH_API_KEY`` as in the GUI tests.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from benchmarks.common import PROMPT

JOB_TIMEOUT = 120.0


def run_in_app(main: Callable[[], Coroutine[Any, Any, Any]], base_url: str | None = None) -> Any:
    """Create the QApplication and its qasync loop like ``run_app``, run ``main()`` on it."""
    from desktop_app.ui.app import create_application
    from desktop_app.ui.window.qt_asyncio_loop import QtAsyncioLoop

    if base_url:
        os.environ["RETOUCH_BASE_URL"] = base_url
        os.environ["RETOUCH_API_KEY"] = "sk-benchmark-token-000000"
    _quiet_offscreen_warning()
    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # closing a window must not stop the loop
    loop = QtAsyncioLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)


async def open_window() -> Any:
    """The main window shown as ``run_app`` shows it, a second after its first frame.

    That second is the person finding a picture; the app uses it to preload what jobs need.
    """
    from desktop_app.ui.app import show_main_window
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow()
    show_main_window(window)
    await wait_for(lambda: window.windowHandle() is not None and window.windowHandle().isExposed())
    await asyncio.sleep(1.0)
    return window


async def close_window(window: Any) -> None:
    await window.shutdown()
    window.close()
    window.deleteLater()
    await asyncio.sleep(0.05)


async def run_job(window: Any, path: Path, on_stage: Callable[[str], None] | None = None) -> None:
    """Open ``path``, run one edit and wait until its result is displayed and painted."""
    say = on_stage or (lambda _stage: None)
    say("open")
    await asyncio.wait_for(window.openPath(path), JOB_TIMEOUT)
    if window.inputPath() != path:
        raise RuntimeError(f"the picture did not open: {window.banner().message()}")
    failures: list[str] = []
    window.runner.progressChanged.connect(lambda progress: say(str(progress.stage)))
    window.runner.failed.connect(lambda error: failures.append(error.message))
    window.editPanel().prompt.setText(PROMPT)
    window.editPanel().runRequested.emit()  # what Run and Ctrl+Enter do
    after = window.beforeAfterView().afterView()
    await wait_for(lambda: failures or (window.resultPaths() and after.image() is not None))
    if failures:
        raise RuntimeError(f"the job failed: {failures[0]}")
    say("display")
    await asyncio.sleep(0.3)  # the result's first paints, thumbnails, deferred work


async def wait_for(predicate: Callable[[], object], seconds: float = JOB_TIMEOUT) -> None:
    """Poll ``predicate`` (widget state, not an awaitable) while the loop runs."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.005)


def next_paint_watch() -> Any:
    """An event filter noting when the first paint after its ``armed`` was set has ended
    (``painted_at``, from ``time.perf_counter``); install it on the widget to watch."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class NextPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.armed = False
            self.painted_at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.armed and self.painted_at is None:
                self.armed = False
                QTimer.singleShot(0, self.note)  # after this paint has ended
            return False

        def note(self) -> None:
            self.painted_at = time.perf_counter()

    return NextPaint()


def _quiet_offscreen_warning() -> None:
    """Drop the offscreen platform's "propagateSizeHints" warning (one per window)."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(kind: Any, context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
