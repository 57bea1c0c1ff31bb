"""The app's asyncio loop on Qt: qasync's, except for its last pass after it stopped.

qasync's ``run_until_complete`` handles pending Qt events once more after the loop stopped,
with no running loop: a task's step among them (woken from a thread as the awaited future
completed, say) fails with "no running event loop". Here that pass runs with the loop set
as running, as the step would have found it a moment earlier. The window's shutdown, the
self-test, the screenshots, the benchmarks and the GUI tests all run work this way.

Imported after the window's first paint (it imports asyncio and qasync, ~50 ms).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import qasync
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

T = TypeVar("T")


class QtAsyncioLoop(qasync.QEventLoop):
    """qasync's ``QEventLoop`` whose ``run_until_complete`` leaves no step without its loop."""

    def run_until_complete(self, future: Awaitable[T]) -> T:
        task = asyncio.ensure_future(future, loop=self)

        def stop(_: object) -> None:
            self.stop()

        task.add_done_callback(stop)
        try:
            self.run_forever()
        finally:
            task.remove_done_callback(stop)
        asyncio.events._set_running_loop(self)
        try:
            app = QApplication.instance()
            if app is not None:
                app.eventDispatcher().processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        finally:
            asyncio.events._set_running_loop(None)
        if not task.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return task.result()
