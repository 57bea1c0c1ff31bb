"""A stand-in for the window's picture area: the mask toolbar above the compare views.

Shared by the mask GUI tests and the ``mask_stroke`` benchmark, so both paint on the
Before view composed the way the window composes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.mask.mask_toolbar import MaskToolbar


def mask_window(width: int, height: int) -> tuple[QWidget, BeforeAfterView, MaskToolbar]:
    """A shown top-level widget of ``width`` × ``height`` holding the toolbar and the views."""
    host = QWidget()
    compare = BeforeAfterView(host)
    toolbar = MaskToolbar(compare.beforeView(), host)
    layout = QVBoxLayout(host)
    layout.addWidget(toolbar)
    layout.addWidget(compare, 1)
    host.resize(width, height)
    host.show()
    return host, compare, toolbar
