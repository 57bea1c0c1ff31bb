"""The colour around a picture: one rule for the views and for the shell's stand-in."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def canvas_colour(palette: QPalette) -> QColor:
    """A shade of the window colour, darker in light and dark schemes alike."""
    window = palette.color(QPalette.ColorRole.Window)
    return window.darker(106) if window.lightness() >= 128 else window.darker(125)
