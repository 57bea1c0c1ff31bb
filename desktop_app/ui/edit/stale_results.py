"""The previous result, while a new edit runs or after it failed, looks like the previous one.

Left as it was, the last result and its "saved as" line read as the outcome of the edit just
started (or just failed). :class:`StaleResults` dims the result views and says in the result
bar that they show the previous result, until new results arrive or the picture changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

if TYPE_CHECKING:
    from desktop_app.ui.compare.before_after_view import BeforeAfterView
    from desktop_app.ui.edit.edit_runner import EditRunner
    from desktop_app.ui.edit.result_bar import ResultBar
    from desktop_app.ui.edit.result_shelf import ResultShelf

_DIMMED_OPACITY = 0.4
RUNNING, FAILED = "running", "failed"


def _note(reason: str) -> str:
    if reason == RUNNING:
        return QCoreApplication.translate(
            "ResultBar", "Previous result, shown while the new edit runs"
        )
    return QCoreApplication.translate(
        "ResultBar", "Previous result: the last edit did not produce a new one"
    )


class StaleResults(QObject):
    """Marks the results on show as previous ones while they are not the latest edit's.

    Args:
        runner: whose jobs starting, failing and being cancelled are followed.
        shelf: whose new results (or clearing, for a new picture) make them current again.
        view: whose result views are dimmed.
        bar: which says they are the previous result.
        parent: the owning object (the window).
    """

    def __init__(
        self,
        runner: EditRunner,
        shelf: ResultShelf,
        view: BeforeAfterView,
        bar: ResultBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._shelf = shelf
        self._view = view
        self._bar = bar
        self._reason = ""
        runner.busyChanged.connect(self._on_busy)
        runner.failed.connect(lambda _error: self._mark(FAILED))
        runner.cancelled.connect(lambda: self._mark(""))
        shelf.hasResultsChanged.connect(lambda _has: self._mark(""))

    def reason(self) -> str:
        """ "running", "failed", or "" while the results on show are current."""
        return self._reason

    def retranslate(self) -> None:
        """Re-word the note after a language switch."""
        self._bar.setStaleNote(_note(self._reason) if self._reason else "")

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._mark(RUNNING)

    def _mark(self, reason: str) -> None:
        if reason and self._shelf.current() is None:
            reason = ""  # nothing on show to mistake for the new edit's result
        self._reason = reason
        for widget in self._dimmed_widgets():
            if reason:
                effect = QGraphicsOpacityEffect(widget)
                effect.setOpacity(_DIMMED_OPACITY)
                widget.setGraphicsEffect(effect)
            else:
                widget.setGraphicsEffect(None)  # type: ignore[arg-type]
        self.retranslate()

    def _dimmed_widgets(self) -> list[QWidget]:
        return [
            self._view.afterView(),
            self._view.splitView().imageView(),
            self._view.differenceView(),
        ]
