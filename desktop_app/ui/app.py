"""Start the window: QApplication, the qasync loop, and a clean shutdown.

The order matters (qasync on Python 3.11): the QApplication first, then the loop, then the
window; on quit, the window's network client and tasks are closed before the loop ends.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.redaction import RedactingFilter
from desktop_app.resources_path import resource_path

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's identity, icon and stylesheet (reuses an existing one)."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    icon = resource_path("icons", "retouch-studio.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resource_path("styles", "app.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    logging.basicConfig(
        level=logging.WARNING, handlers=[handler], format="%(levelname)s %(name)s: %(message)s"
    )


def run_app(file: Path | None = None, demo: bool = False) -> int:
    """Open the main window (with ``file`` loaded) and run until it closes; returns 0."""
    import qasync

    from desktop_app.ui.main_window import MainWindow

    _configure_logging()
    app = create_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)
    window = MainWindow(demo=demo)
    window.show()
    if file is not None:
        QTimer.singleShot(0, lambda: window.openPath(file))

    async def main() -> None:
        await closing.wait()
        await window.shutdown()

    with loop:
        loop.run_until_complete(main())
    return 0
