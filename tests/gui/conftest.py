"""GUI fixtures: a qasync loop for pytest-qt's QApplication, and the real main window.

pytest-qt knows nothing of qasync: a click on Run only schedules a task. Tests therefore
run the loop while they wait (:func:`wait_until`), as the app's own main() does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest


@pytest.fixture(scope="session")
def event_loop(qapp):
    """One qasync loop for the whole session, like the app's single loop.

    Creating and closing a QEventLoop per test leaves Qt timers and socket notifiers of
    closed loops behind, which crash a later ``processEvents`` (seen as a segfault in
    pytest-qt's post-test event processing).
    """
    from desktop_app.ui.window.qt_asyncio_loop import QtAsyncioLoop

    loop = QtAsyncioLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def _session_loop_is_current(event_loop) -> None:
    """A service test's asyncio.run() leaves no current loop behind it; in random order a GUI
    test can follow one, and the window's ensure_future() needs the session's loop."""
    asyncio.set_event_loop(event_loop)


@pytest.fixture
def wait_until(event_loop) -> Callable[..., None]:
    """Run the loop until ``predicate()`` holds; fail after ``timeout`` seconds."""

    def wait(predicate: Callable[[], object], timeout: float = 30.0) -> None:
        async def poll() -> None:
            while not predicate():  # noqa: ASYNC110 - polling widget state, not an event
                await asyncio.sleep(0.02)
            # One more turn: a task the test just started takes its first step now.
            await asyncio.sleep(0)

        event_loop.run_until_complete(asyncio.wait_for(poll(), timeout))

    return wait


@pytest.fixture
def run_loop(event_loop) -> Callable[..., object]:
    """Run an awaitable to completion on the qasync loop."""

    def run(awaitable, timeout: float = 30.0) -> object:
        return event_loop.run_until_complete(asyncio.wait_for(awaitable, timeout))

    return run


@pytest.fixture
def window(qtbot, event_loop, demo_provider, monkeypatch):
    """The real MainWindow, configured like main() does, against the test's demo provider."""
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    monkeypatch.setenv("RETOUCH_API_KEY", "relay_gui_test_token_123456")
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    event_loop.run_until_complete(main_window.shutdown())


@pytest.fixture(autouse=True)
def _clean_clipboard(qapp):
    """Leave the clipboard empty: under the offscreen platform with a D-Bus session, data
    left on it crashes the interpreter at exit (exit 139 after every test passed)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
