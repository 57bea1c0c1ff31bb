"""Pictures coming in: drop, paste, File → Open, a web address, several at once.

:class:`InputIntake` owns the input on show and the pictures the next Run edits one by one;
decoding and fetching run off the GUI thread through the window's tasks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.ui.common.file_sizes import describe_input
from desktop_app.ui.common.mime_inputs import OfferedInput, offered_input
from desktop_app.ui.common.qt_images import save_qimage
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.picture_filters import open_pictures_filter
from desktop_app.ui.edit.result_shelf import Picture, ResultShelf, load_picture
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.window_tasks import WindowTasks

if TYPE_CHECKING:
    pass

StatusMessage = Callable[[str, int], None]


# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class InputIntake(QObject):
    """Takes pictures in for the window.

    Args:
        window: parent of the Open dialog.
        panel: shows the input's description and how many pictures the next Run edits.
        view: shows the input as the before side.
        shelf: cleared when another input arrives.
        runner: its network client fetches pictures given by web address.
        voice: tells what arrived (or why not) in the banner.
        tasks: runs the loading off the GUI thread.
        executor: where pictures are decoded and pasted ones written.
        status: shows a short message in the status bar.

    Signals:
        inputChanged(): another picture is the input.
    """

    inputChanged = Signal()

    def __init__(
        self,
        window: QWidget,
        panel: EditPanel,
        view: BeforeAfterView,
        shelf: ResultShelf,
        runner: EditRunner,
        voice: BannerVoice,
        tasks: WindowTasks,
        executor: Executor,
        status: StatusMessage,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._panel = panel
        self._view = view
        self._shelf = shelf
        self._runner = runner
        self._voice = voice
        self._tasks = tasks
        self._executor = executor
        self._status = status
        self._input: Picture | None = None
        # Several dropped or opened pictures: the next Run edits each (one job each).
        self._batch_inputs: list[Path] = []

    def current(self) -> Picture | None:
        """The input on show, if any."""
        return self._input

    def inputPath(self) -> Path | None:
        return self._input.path if self._input else None

    def batchInputs(self) -> list[Path]:
        """The pictures the next Run edits one by one (empty: just the input on show)."""
        return list(self._batch_inputs)

    def openPath(self, path: Path) -> asyncio.Future[Any]:
        """Load ``path`` as the input (off the GUI thread); the current one stays on failure."""
        return self._tasks.spawn(self.load(path))

    def openPaths(self, paths: list[Path]) -> asyncio.Future[Any]:
        """Take ``paths`` as the next Run's inputs (one job each); the first is shown."""
        if len(paths) == 1:
            return self.openPath(paths[0])
        return self._tasks.spawn(self._load_batch_inputs(list(paths)))

    def pasteFromClipboard(self) -> asyncio.Future[Any] | None:
        return self.acceptOffer(offered_input(QGuiApplication.clipboard().mimeData()))

    def acceptOffer(self, offer: OfferedInput) -> asyncio.Future[Any] | None:
        """Take what a drop or the clipboard offers: files, an image, or a web address."""
        if offer.files:
            return self.openPaths(list(offer.files))
        if offer.image is not None:
            return self._tasks.spawn(self._load_pasted(offer.image))
        if offer.urls:
            return self._tasks.spawn(self._load_remote(offer.urls[0]))
        self._status(translate("MainWindow", "The clipboard holds no picture"), 4000)
        return None

    def askOpen(self) -> None:
        """File → Open: one or more pictures from a dialog."""
        start = str(self._input.path.parent) if self._input else ""
        names, _ = QFileDialog.getOpenFileNames(
            self._window,
            translate("MainWindow", "Open one or more pictures"),
            start,
            open_pictures_filter(),
        )
        if names:
            self.openPaths([Path(name) for name in names])

    def dragEnter(self, event: QDragEnterEvent) -> None:
        """Accept a drag that offers a picture (also while it moves)."""
        if offered_input(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        offer = offered_input(event.mimeData())
        if offer:
            event.acceptProposedAction()
            self.acceptOffer(offer)
        else:
            event.ignore()

    def retranslate(self) -> None:
        if self._input is not None and self._input.info is not None:
            self._panel.setInputInfo(describe_input(self._input.info, self._input.path))

    async def load(self, path: Path, *, keep_batch: bool = False) -> None:
        """Decode ``path`` and show it as the input; ``keep_batch`` keeps the next Run's list."""
        picture = await load_picture(path, self._executor)
        if not keep_batch:
            self._batch_inputs = []
            self._panel.setPictureCount(1)
        self._input = picture
        self._view.setBefore(picture.image)
        self._shelf.clear()
        if picture.info is not None:
            self._panel.setInputInfo(describe_input(picture.info, path))
        self._voice.clear()
        if picture.notice():  # an animation or multi-page file: only its first frame is used
            self._voice.notice(picture.notice)
        self.inputChanged.emit()

    async def _load_batch_inputs(self, paths: list[Path]) -> None:
        # The count shows at once; only the first picture is decoded now (200 dropped from a
        # folder must not wait for 200 decodes). Each is prepared when its job runs.
        before = self._batch_inputs
        self._batch_inputs = paths
        self._panel.setPictureCount(len(paths))
        try:
            await self.load(paths[0], keep_batch=True)
        except BaseException:  # the first one is unreadable (or the load was cancelled)
            self._batch_inputs = before
            self._panel.setPictureCount(len(before) or 1)
            raise
        count = len(paths)
        self._voice.notice(
            lambda: translate(
                "MainWindow", "{n} pictures arrived; Run edits each of them with the prompt."
            ).format(n=count)
        )

    async def _load_pasted(self, image: Any) -> None:
        from desktop_app.core.inputs import pasted_image_path

        path = await save_qimage(image, pasted_image_path(), self._executor)
        await self.load(path)

    async def _load_remote(self, url: str) -> None:
        from desktop_app.core.inputs import fetch_remote_input

        self._panel.status.setMessage(translate("MainWindow", "Fetching the picture…"))
        path = await fetch_remote_input(await self._runner.client(), url, self._executor)
        self._panel.status.setReady()
        await self.load(path)
