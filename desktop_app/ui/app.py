"""Start the window: QApplication, the shell on screen, the qasync loop, a clean shutdown.

The order matters. The QApplication first, then the window's shell, shown on Qt's own
event loop; after its first paint the window joins asyncio to that running loop (qasync's
``already_running`` mode, ``ui/window/event_loop.py``) and builds the rest. When the last
window closes, Qt's loop returns and the window's shutdown (network client, tasks) runs to
its end on the same loop before the process exits.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.redaction import RedactingFilter
from desktop_app.resources_path import resource_path
from desktop_app.ui.window.appearance import app_icon, apply_appearance, follow_color_scheme
from desktop_app.ui.window.first_paint import when_exposed
from desktop_app.ui.window.retouch_application import RetouchApplication

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# Benchmark hook (``benchmarks/startup.py``): when set to 1, the app prints the line
# ``first-show`` once the main window is on screen with its first frame painted and the event
# loop running, then closes the window (the usual shutdown follows). The benchmark times
# that line from outside the process.
EXIT_AFTER_SHOW_ENV = "RETOUCH_EXIT_AFTER_SHOW"
# With this value instead of 1, the app also drops the sample picture on the window right
# after ``first-show`` (queued behind whatever the event loop has to do, as a real drop is)
# and prints ``first-interactive`` once the window accepted it: the first interactive frame.
EXIT_AFTER_INTERACTIVE = "interactive"

# What the first job needs and the first paint does not. The window imports none of it at
# start-up; once it is on screen, a background thread imports it, so neither the start-up
# nor the first job pays for it on the GUI thread. (httpx builds its transport lazily: the
# first client imports httpcore, h11, anyio and trio, ~80 ms; the first request anyio's
# asyncio backend.)
PRELOAD_MODULES = (
    "desktop_app.core.editing",
    "desktop_app.core.relay.client",
    "desktop_app.core.relay.downloader",
    "desktop_app.core.imaging.prep",
    "desktop_app.core.imaging.difference",
    "desktop_app.core.relay.transport",
    "httpcore",
    "anyio._backends._asyncio",
    "anyio.streams.tls",
    "truststore",
    "keyring",
)


def create_application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication with the app's identity, icon and stylesheet (reuses an existing one).

    ``icon=False`` leaves the window icon to the caller (``run_app`` sets it once the window
    is built: finding Qt's SVG support costs ~7 ms of start-up).
    """
    app = QApplication.instance() or RetouchApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    if icon:
        app.setWindowIcon(app_icon())  # SVG where possible: sharp at any scale factor
    style = resource_path("styles", "app.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    follow_color_scheme(app)  # light or dark after the system, also when it changes
    return app


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    logging.basicConfig(
        level=logging.WARNING, handlers=[handler], format="%(levelname)s %(name)s: %(message)s"
    )


def run_app(file: Path | None = None, demo: bool = False) -> int:
    """Open the main window (with ``file`` loaded) and run until it closes; returns 0."""
    from desktop_app.core.settings import load_settings
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.window.event_loop import finish_on_asyncio_loop

    _configure_logging()
    app = create_application(icon=False)
    settings = load_settings()
    apply_appearance(app, settings.appearance)  # Settings → Appearance
    window = MainWindow(demo=demo, settings=settings, staged=True)
    preloads = show_main_window(window)
    # The title bar's icon once the window is built: finding Qt's SVG support and reading
    # the icon costs ~4 ms, which a drop right after the first frame would wait for.
    window.whenReady(lambda: app.setWindowIcon(app_icon()))
    if demo:
        window.whenReady(window.useDemoProvider)  # says so, as "Try the demo provider" does
    if os.environ.get(EXIT_AFTER_SHOW_ENV) in ("1", EXIT_AFTER_INTERACTIVE):
        interactive = os.environ[EXIT_AFTER_SHOW_ENV] == EXIT_AFTER_INTERACTIVE
        _exit_after_first_show(window, interactive=interactive)
    if file is not None:
        window.whenReady(lambda: window.openPath(file))
    if isinstance(app, RetouchApplication):  # macOS "Open With" and Dock drops
        app.deliverFileOpensTo(lambda path: window.whenReady(lambda: window.openPath(path)))
    app.exec()  # until the last window closed
    finish_on_asyncio_loop(window.shutdown)
    # An import still running in the preload thread while the interpreter shuts down can
    # abort the process (seen as exit -6 when the window closes right after showing).
    for thread in preloads:
        thread.join(timeout=30)
    return 0


def show_main_window(window: MainWindow) -> list[threading.Thread]:
    """Show ``window`` and, once it is built (after its first paint), preload what jobs need.

    The preload waits for the window's own start-up steps: two threads importing at once
    only take turns on the GIL, and the window's steps are what a person is waiting for.
    Returns the list the preload thread is added to once started, to join before exit.
    """
    started: list[threading.Thread] = []
    window.show()
    window.whenReady(lambda: started.append(preload_in_background()))
    return started


def preload_in_background() -> threading.Thread:
    """Import :data:`PRELOAD_MODULES` in a daemon thread (a failure only costs speed)."""

    def preload() -> None:
        for name in PRELOAD_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # e.g. an optional package missing: it is imported when used
                log.debug("preloading %s failed", name, exc_info=True)

    thread = threading.Thread(target=preload, name="retouch-preload", daemon=True)
    thread.start()
    return thread


def _exit_after_first_show(window: QWidget, *, interactive: bool = False) -> None:
    """Print ``first-show`` once ``window`` is exposed (so painted), then close it.

    Printed from the event loop, so the line means the loop runs and the window could take
    input; ``benchmarks/startup.py`` gives its bare-Qt baseline the same check. With
    ``interactive``, a drop of the sample picture follows and ``first-interactive`` is
    printed once the window accepted it.
    """

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def report() -> None:
        say("first-show")
        if interactive:
            QTimer.singleShot(0, drop)
        else:
            window.close()  # as the user would: the normal shutdown path runs

    def drop() -> None:
        from desktop_app.ui.common.synthetic_drop import drop_files  # the probe only

        sample = resource_path("samples", "sample-landscape.jpg")
        say("first-interactive" if drop_files(window, [sample]) else "drop-refused")
        window.close()

    when_exposed(window, report)
