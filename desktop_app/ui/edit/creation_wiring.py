"""Creating from a prompt in the window: Run becomes Create, previews show in the After view.

The window composes one :class:`CreationWiring` from its parts. With no picture loaded the
Run button says "Create" and the Before side says the result comes from the prompt only;
:meth:`startCreation` runs the job. While any job runs, the partial pictures the images route
streams appear in the After view until the result replaces them. :meth:`requestOptions` adds
the size and background of :class:`RouteOptions` to any request the window builds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QImage

from desktop_app.core.edit_job import EditRequest, Progress
from desktop_app.core.settings import Settings
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.route_options import RouteOptions


class CreationWiring(QObject):
    """Connects the edit panel, the compare view and the runner for creations and previews.

    Args:
        panel: the window's edit panel (its Run button is relabelled).
        view: the before/after view (placeholder text, previews).
        runner: the window's edit runner.
        options: the size / transparency widget shown beside the ratio picker.
        settings_source: the current settings (the active profile's API).
    """

    def __init__(
        self,
        panel: EditPanel,
        view: BeforeAfterView,
        runner: EditRunner,
        options: RouteOptions,
        settings_source: Callable[[], Settings],
    ) -> None:
        super().__init__(panel)
        self.setObjectName("creationWiring")
        self._panel = panel
        self._view = view
        self._runner = runner
        self._options = options
        self._settings_source = settings_source
        self._has_picture = False
        runner.progressChanged.connect(self._on_progress)
        panel.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._panel and event.type() == QEvent.Type.LanguageChange:
            # The view re-words its placeholder too; the creation's hint goes on top afterwards.
            QTimer.singleShot(0, self.refresh)
        return False

    def setHasPicture(self, has_picture: bool) -> None:
        """Tell the wiring whether a picture is loaded (Run edits) or not (Run creates)."""
        self._has_picture = has_picture
        self.refresh()

    def isCreating(self) -> bool:
        return not self._has_picture

    def refresh(self) -> None:
        """Re-word Run and the Before side, and show the fields the current API offers."""
        self._options.setApi(self._settings_source().provider.api)
        self._panel.setCreating(not self._has_picture)
        if not self._has_picture:
            self._view.beforeView().setPlaceholderText(
                self.tr("No picture: the result is made from the prompt only")
            )

    def requestOptions(self) -> dict[str, Any]:
        """The size and background fields of an :class:`EditRequest` from the widget."""
        return {"size": self._options.sizeText(), "background": self._options.background()}

    def creationRequests(self, prompt: str, ratio: str, variations: int) -> list[EditRequest]:
        """What Create sends: one request asking for N pictures on the images route, else N."""
        images = self._settings_source().provider.api == "images"
        request = EditRequest(
            inputs=(),
            prompt=prompt,
            ratio=ratio,
            count=variations if images else 1,
            **self.requestOptions(),
        )
        return [request] * (1 if images else variations)

    def startCreation(self, prompt: str, ratio: str, variations: int = 1) -> bool:
        """Run a creation; returns whether it started (False while another job runs)."""
        if self._runner.isBusy():
            return False
        requests = self.creationRequests(prompt, ratio, variations)
        self._view.setAfter(None)
        if len(requests) == 1:
            return self._runner.start(requests[0])
        self._runner.startBatch(requests)
        return True

    def _on_progress(self, progress: Progress) -> None:
        if progress.preview is None:
            return
        image = QImage.fromData(progress.preview)
        if not image.isNull():
            self._view.setAfter(image)
