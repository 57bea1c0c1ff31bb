"""Show a file in the platform's file manager, selected where the platform allows.

Windows Explorer and the macOS Finder select it; on Linux the freedesktop ``FileManager1``
D-Bus service (Files, Dolphin, Nemo, Caja, Thunar...) does; without it the folder is opened.
Nothing here waits for the file manager.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

_FILE_MANAGER_SERVICE = "org.freedesktop.FileManager1"
_FILE_MANAGER_PATH = "/org/freedesktop/FileManager1"


def show_in_folder(path: Path) -> bool:
    """Open the folder of ``path`` with ``path`` selected; False if nothing could be opened."""
    path = path.resolve()
    if sys.platform == "win32":
        return QProcess.startDetached("explorer.exe", [f"/select,{path}"])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])[0]
    if _select_over_dbus(path):
        return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def _select_over_dbus(path: Path) -> bool:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage
    except ImportError:  # a Qt build without D-Bus
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    registered = bus.interface().isServiceRegistered(_FILE_MANAGER_SERVICE)
    if not registered.isValid() or not registered.value():
        return False
    message = QDBusMessage.createMethodCall(
        _FILE_MANAGER_SERVICE, _FILE_MANAGER_PATH, _FILE_MANAGER_SERVICE, "ShowItems"
    )
    message.setArguments([[QUrl.fromLocalFile(str(path)).toString()], ""])
    return bus.send(message)  # no reply awaited: the window never waits on the file manager
