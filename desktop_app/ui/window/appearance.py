"""The app's look: light or dark after the system, and a window icon sharp at any scale.

Qt (6.5+) reports the system's colour scheme through ``QStyleHints.colorScheme()`` and, where
the platform theme supports it (Windows 11, macOS, GNOME and KDE through the desktop portal),
switches the palette by itself. Where the platform theme has no dark palette (plain X11,
some Linux desktops, offscreen) a dark scheme would still get a light palette: then the dark
palette below is set, with the Fusion style, which draws everything from the palette. All
widgets and the stylesheet take their colours from palette roles, so nothing else changes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImageReader, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.resources_path import resource_path

_ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
_own_dark_palette = False
_following = False


def app_icon() -> QIcon:
    """The app icon: the SVG where Qt can draw SVG (crisp on HiDPI), else the PNG sizes."""
    svg = resource_path("icons", "retouch-studio.svg")
    formats = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    if svg.exists() and "svg" in formats:
        return QIcon(str(svg))
    icon = QIcon()
    for size in _ICON_SIZES:
        png = resource_path("icons", f"retouch-studio-{size}.png")
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon


def follow_color_scheme(app: QApplication) -> None:
    """Use the system's scheme now and whenever it changes (connects once per process)."""
    global _following
    hints = app.styleHints()
    if not _following:
        hints.colorSchemeChanged.connect(lambda scheme: apply_color_scheme(app, scheme))
        _following = True
    apply_color_scheme(app, hints.colorScheme())


def set_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Ask for ``scheme`` (``Unknown``: the system's again), e.g. for screenshots and tests."""
    hints = app.styleHints()
    if scheme == Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(scheme)
    # Platforms without scheme support ignore the request and emit nothing: apply it here.
    apply_color_scheme(app, scheme if scheme != Qt.ColorScheme.Unknown else hints.colorScheme())


_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


def apply_appearance(app: QApplication, choice: str) -> None:
    """Settings → Appearance: "light", "dark", or "system" (follow the system's scheme)."""
    set_color_scheme(app, _SCHEMES.get(choice, Qt.ColorScheme.Unknown))


def apply_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Make the palette match ``scheme`` where the platform did not."""
    global _own_dark_palette
    if scheme == Qt.ColorScheme.Dark:
        if _own_dark_palette or is_dark(app.palette()):
            return  # ours already, or the platform's own dark palette
        if needs_fusion_for_own_palette(sys.platform, app.style().name()):
            app.setStyle("Fusion")
        app.setPalette(dark_palette())
        _own_dark_palette = True
    elif _own_dark_palette:
        app.setPalette(QPalette())  # no roles set: the platform's palette again
        _own_dark_palette = False
    else:
        return
    # Stylesheet rules resolve palette(...) when a widget is polished: re-polish everything.
    app.setStyleSheet(app.styleSheet())


def needs_fusion_for_own_palette(platform: str, style: str) -> bool:
    """Whether our dark palette needs the Fusion style on ``platform`` to be drawn right.

    Linux styles and Windows 10's "windowsvista" draw parts of their controls in fixed light
    colours: with a dark palette that gives light controls with light text. Fusion draws
    everything from the palette. macOS only gets here without a dark palette of its own,
    and its native style follows the palette.
    """
    return platform.startswith(("linux", "win32")) and style.lower() != "fusion"


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one (light text on a dark window)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def dark_palette() -> QPalette:
    """A neutral dark palette with a blue accent; text contrast of 7:1 or more."""
    role = QPalette.ColorRole
    colours = {
        role.Window: QColor(45, 45, 48),
        role.WindowText: QColor(230, 230, 230),
        role.Base: QColor(30, 30, 32),
        role.AlternateBase: QColor(40, 40, 43),
        role.ToolTipBase: QColor(60, 60, 64),
        role.ToolTipText: QColor(235, 235, 235),
        role.PlaceholderText: QColor(150, 150, 155),
        role.Text: QColor(230, 230, 230),
        role.Button: QColor(58, 58, 62),
        role.ButtonText: QColor(230, 230, 230),
        role.BrightText: QColor(255, 110, 110),
        role.Light: QColor(85, 85, 90),
        role.Midlight: QColor(66, 66, 70),
        role.Mid: QColor(95, 95, 100),
        role.Dark: QColor(25, 25, 27),
        role.Shadow: QColor(0, 0, 0),
        role.Highlight: QColor(47, 111, 208),
        role.HighlightedText: QColor(255, 255, 255),
        role.Link: QColor(110, 170, 255),
        role.LinkVisited: QColor(180, 140, 255),
    }
    palette = QPalette()
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, colour)
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(125, 125, 130))
    palette.setColor(disabled, role.Highlight, QColor(80, 80, 85))
    palette.setColor(disabled, role.Button, QColor(50, 50, 54))
    return palette
