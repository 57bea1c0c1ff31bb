"""The results of the last job: which one is on show, what it is, and taking it away.

The window hands finished jobs to :class:`ResultShelf`; the shelf loads the previews off
the GUI thread, fills the after view, the results strip and the result bar, and serves
copy, save-as and the difference overlay.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, QUrl, Signal
from PySide6.QtGui import QGuiApplication

from desktop_app.core.ratios import ratio_differs, ratio_of_size
from desktop_app.core.relay.limits import MAX_RESULT_PIXELS
from desktop_app.ui.common.qt_images import compute_difference, load_preview
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.edit.result_bar import ResultBar

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.edit_job import EditResult
    from desktop_app.core.imaging.prep import ImageInfo


@dataclasses.dataclass
class Picture:
    """A picture on screen: its file, its preview for display, and a Pillow copy for diffs."""

    path: Path
    image: Any  # QImage, with its half-size copies attached
    preview: Image.Image
    info: ImageInfo | None = None

    def notice(self) -> str:
        """What to tell on loading: an animation or multi-page file shows its first ("")."""
        if self.info is None or self.info.frames <= 1:
            return ""
        if self.info.format == "TIFF":
            text = QCoreApplication.translate(
                "MainWindow", "“{name}” has {n} pages; only the first is used."
            )
        else:
            text = QCoreApplication.translate(
                "MainWindow", "“{name}” has {n} frames; only the first is used."
            )
        return text.format(name=self.path.name, n=self.info.frames)


async def load_picture(
    path: Path, executor: Executor | None, max_pixels: int | None = None
) -> Picture:
    """Decode ``path`` for display off the GUI thread (refused beyond ``max_pixels``)."""
    image, info, preview = await load_preview(path, executor, max_pixels=max_pixels)
    return Picture(path, image, preview, info)


def result_notice(result: EditResult) -> str:
    """What to tell about a finished job beyond its pictures ("" when nothing)."""
    notices = list(result.warnings)  # the core's English notes, as they came
    if result.ratio_mismatch:
        first = result.results[0]
        notices.append(
            QCoreApplication.translate(
                "MainWindow", "You asked for {asked}; the model returned {got} ({w} × {h})."
            ).format(
                asked=result.ratio_requested,
                got=ratio_of_size(first.width, first.height),
                w=first.width,
                h=first.height,
            )
        )
    return " ".join(notices)


class ResultShelf(QObject):
    """Holds the last job's results for the window.

    Args:
        view: shows the chosen result in its after side and the strip of thumbnails.
        bar: describes the chosen result and offers Use as input / Copy / Save As.
        executor: where previews, differences and exports are computed.

    Signals:
        hasResultsChanged(bool): results arrived (True) or were cleared (False).
        currentChanged(): another result is on show.
        modelPicturesChanged(bool): the job on show has the model's own pictures besides its
            results (a region edit pasted back) or not.
    """

    modelPicturesChanged = Signal(bool)
    hasResultsChanged = Signal(bool)
    currentChanged = Signal()

    def __init__(
        self,
        view: BeforeAfterView,
        bar: ResultBar,
        executor: Executor | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._bar = bar
        self._executor = executor
        self._pictures: list[Picture] = []
        self._current = -1
        self._requested_ratio = ""
        # A region edit's two kinds of picture: the composites (its results) and the model's.
        self._composites: list[Path] = []
        self._model_pictures: list[Path] = []
        view.resultSelected.connect(self._show)

    def paths(self) -> list[Path]:
        return [picture.path for picture in self._pictures]

    def current(self) -> Picture | None:
        return self._pictures[self._current] if self._pictures else None

    def currentIndex(self) -> int:
        return self._current

    def clear(self) -> None:
        self._pictures, self._current = [], -1
        self.setModelPictures([], [])
        self._view.setAfter(None)
        self._view.setResults([])
        self._view.setResultDragFile(None)
        self._bar.setInfo("")
        self._bar.setSavedPath(None)
        self.hasResultsChanged.emit(False)

    async def show(self, result: EditResult) -> None:
        """Load ``result``'s pictures off the GUI thread and show the first."""
        await self.showFiles(result.outputs, result.ratio_requested)
        model = [saved.path for saved in result.model_results]
        self.setModelPictures(list(result.outputs), model)

    async def showModelPictures(self, on: bool) -> None:
        """Show the model's whole pictures (``on``) or the edit pasted back (the results)."""
        paths = self._model_pictures if on else self._composites
        if paths:
            await self.showFiles(paths, self._requested_ratio)

    def setModelPictures(self, composites: list[Path], model: list[Path]) -> None:
        """The job on show's results and, for a region edit, the model's own pictures."""
        self._composites, self._model_pictures = composites, model
        self.modelPicturesChanged.emit(bool(model))

    async def showFiles(self, paths: Sequence[Path], requested_ratio: str) -> None:
        """Load the result files ``paths`` (a job from the history) and show the first."""
        self._pictures = list(
            await asyncio.gather(
                *(load_picture(path, self._executor, MAX_RESULT_PIXELS) for path in paths)
            )
        )
        self._requested_ratio = requested_ratio
        self._view.setResults([picture.image for picture in self._pictures])
        self._show(0)
        self.hasResultsChanged.emit(True)

    async def appendFiles(self, paths: Sequence[Path]) -> None:
        """Add more results of the same job on show (the next variations), keeping the one
        on show; the strip offers them all and "Result i of n" counts them."""
        if not self._pictures:
            await self.showFiles(paths, self._requested_ratio)
            return
        added = await asyncio.gather(*(load_picture(path, self._executor) for path in paths))
        self._pictures.extend(added)
        self._view.setResults([picture.image for picture in self._pictures])
        self._view.setCurrentResult(self._current)
        self.retranslate()

    def showAt(self, index: int) -> None:
        """Show result ``index`` (clamped to the results there are), as the strip would."""
        if not self._pictures:
            return
        index = min(max(index, 0), len(self._pictures) - 1)
        if index != self._current:
            self._view.setCurrentResult(index)
            self._show(index)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self._pictures):
            return
        self._current = index
        picture = self._pictures[index]
        self._view.setAfter(picture.image)
        self._view.setResultDragFile(picture.path)
        self.retranslate()
        self.currentChanged.emit()

    def retranslate(self) -> None:
        """Describe the result on show in the bar, in the current language."""
        picture = self.current()
        if picture is None:
            return
        info = picture.info
        size = f"{info.width} × {info.height}" if info else ""
        mismatch = bool(
            info and ratio_differs(self._requested_ratio or "auto", info.width, info.height)
        )
        text = QCoreApplication.translate("MainWindow", "Result {i} of {n} · {size}{warn}").format(
            i=self._current + 1,
            n=len(self._pictures),
            size=size,
            warn=QCoreApplication.translate("MainWindow", " (other ratio)") if mismatch else "",
        )
        self._bar.setInfo(text)
        self._bar.setSavedPath(picture.path)

    def copy(self) -> bool:
        """Put the result on show on the clipboard, as an image and as a file."""
        picture = self.current()
        if picture is None:
            return False
        mime = QMimeData()
        mime.setImageData(picture.image)
        mime.setUrls([QUrl.fromLocalFile(str(picture.path))])
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def ratioDiffers(self) -> bool:
        """Whether the result on show has another shape than the ``W:H`` its job asked for."""
        picture = self.current()
        info = picture.info if picture else None
        return bool(
            info
            and ":" in self._requested_ratio
            and ratio_differs(self._requested_ratio, info.width, info.height)
        )

    def requestedRatio(self) -> str:
        """The ratio the job on show asked for ("" when none)."""
        return self._requested_ratio

    async def saveAs(self, target: Path, options: Any = None) -> Path | None:
        """Export the result on show to ``target`` (format from its suffix), off the GUI thread.

        ``options``: an :class:`desktop_app.core.imaging.export.ExportOptions` (metadata, colour
        profile, fit to a ratio), or None to copy or convert only.
        """
        picture = self.current()
        if picture is None:
            return None
        from desktop_app.core.imaging.export import export_image

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, export_image, picture.path, target, options
        )

    async def showDifference(self, before: Picture) -> None:
        """Compute what changed from ``before`` to the result on show, and show it."""
        after = self.current()
        if after is None:
            return
        overlay, diff = await compute_difference(before.preview, after.preview, self._executor)
        if self.current() is after:  # the user may have picked another result meanwhile
            self._view.setDifference(overlay, diff.changed_fraction)
            self._view.splitView().setBeforePlacement(diff.placement)
