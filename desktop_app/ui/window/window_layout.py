"""Where the window's parts sit: the edit panel left, the result column right; tab order.

The result column holds, top to bottom, the first-run panel, the banner, the mask toolbar,
the before/after view (which takes the room) and the result bar; a splitter divides it
from the edit panel.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget


def lay_out_window(
    window: QMainWindow,
    splitter: QSplitter,
    panel: QWidget,
    placeholder: Callable[[QWidget], QWidget],
) -> QVBoxLayout:
    """Put the edit panel and the result column into ``splitter``, the central widget.

    Every widget is made inside its final parent: moving a built widget tree to another
    parent makes the stylesheet polish it all again (~7 ms of the start-up for the panel).

    Args:
        window: the main window, the splitter's parent.
        splitter: divides the panel from the result column (its sizes are saved by name).
        panel: the edit panel, on the left, made with ``splitter`` as its parent.
        placeholder: makes what the result column shows until :func:`fill_result_column`
            fills it, given its parent.

    Returns:
        The result column's layout.
    """
    result_column = QWidget(splitter)
    result_column.setObjectName("resultArea")
    column = QVBoxLayout(result_column)
    column.setContentsMargins(0, 12, 16, 12)
    column.setSpacing(8)
    column.addWidget(placeholder(result_column), 1)
    panel.setMinimumWidth(280)
    splitter.addWidget(panel)
    splitter.addWidget(result_column)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([340, 1060])
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(splitter)
    return column


def fill_result_column(
    column: QVBoxLayout, parts: tuple[QWidget, QWidget, QWidget, QWidget, QWidget]
) -> None:
    """Replace the column's placeholder with its parts: the first-run panel (centred), the
    banner, the mask toolbar, the view (which takes the room left) and the result bar."""
    while (item := column.takeAt(0)) is not None:
        if (placeholder := item.widget()) is not None:
            placeholder.hide()
            placeholder.deleteLater()
    first_run, banner, mask_bar, view, result_bar = parts
    column.addWidget(first_run, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addWidget(banner)
    column.addWidget(mask_bar)
    column.addWidget(view, 1)
    column.addWidget(result_bar)


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab moves through ``widgets`` in the order given."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
