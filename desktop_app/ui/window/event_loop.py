"""asyncio on Qt's event loop, joined after the first paint.

asyncio and qasync take about 50 ms to import, a third of what a bare window needs to
appear; the window's first frame needs neither. So the app starts Qt's own event loop, and
the window's first step after the first paint gives that running loop its asyncio face
(qasync's ``already_running`` mode). From then on coroutines run on the GUI thread as before.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtWidgets import QApplication

# What asyncio, qasync and the app's loop on them are built on, in the order they need it:
# a window imports these one per turn of the event loop before :func:`adopt_running_qt_loop`,
# so no turn takes long enough for a click or a drop to wait (asyncio's own package is the
# largest, ~20 ms).
ASYNCIO_MODULES = (
    "socket",
    "ssl",
    "concurrent.futures",
    "subprocess",
    "asyncio",
    "qasync",
    "desktop_app.ui.window.qt_asyncio_loop",
)


def adopt_running_qt_loop() -> None:
    """Make Qt's running event loop asyncio's event loop for this thread.

    Call it from inside ``QApplication.exec()``. When the Qt loop returns, hand the loop to
    :func:`finish_on_asyncio_loop` to run what is left (the window's shutdown).
    """
    import asyncio

    from desktop_app.ui.window.qt_asyncio_loop import QtAsyncioLoop

    app = QApplication.instance()
    assert app is not None
    asyncio.set_event_loop(QtAsyncioLoop(app, already_running=True))


def finish_on_asyncio_loop(coroutine_factory: Callable[[], Coroutine[Any, Any, object]]) -> None:
    """Run ``coroutine_factory()`` to its end on the adopted loop, then close the loop.

    Qt's loop has returned (the last window closed); the loop is stopped first so qasync
    lets ``run_until_complete`` start Qt's loop again for the shutdown's awaits. A window
    closed before it adopted Qt's loop has nothing on it: a plain asyncio run does.
    """
    import asyncio

    import qasync

    loop = asyncio.get_event_loop_policy().get_event_loop()
    if not isinstance(loop, qasync.QEventLoop):  # closed before its first frame was done
        asyncio.set_event_loop(None)
        loop.close()
        asyncio.run(coroutine_factory())
        return
    loop.stop()
    with loop:
        loop.run_until_complete(coroutine_factory())
