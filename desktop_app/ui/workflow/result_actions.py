"""What the user does with the result on show: save it, copy it, use it, see the difference.

:class:`ResultActions` serves the result bar, the File/Edit menus and the difference view;
exports run off the GUI thread with the metadata the history knows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.picture_filters import save_picture_filter
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.edit.result_export import export_options_for, save_dialog_title
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.window_tasks import WindowTasks

if TYPE_CHECKING:
    from desktop_app.core.imaging.export import ExportOptions, FitMode

# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class ResultActions:
    """Takes the result on show away.

    Args:
        window: parent of the Save dialog.
        shelf: the result on show, its copy and save.
        intake: the input (the suggested name, the source's profile, the next input).
        panel: the prompt written into the saved file's metadata.
        runner: its history knows how the result was made.
        session: the model named in the metadata.
        tasks: runs the export off the GUI thread.
        executor: where the export options are worked out.
        status: shows a short message in the status bar.
    """

    def __init__(
        self,
        window: QWidget,
        shelf: ResultShelf,
        intake: InputIntake,
        panel: EditPanel,
        runner: EditRunner,
        session: ProviderSession,
        tasks: WindowTasks,
        executor: Executor,
        status: Callable[[str, int], None],
    ) -> None:
        self._window = window
        self._shelf = shelf
        self._intake = intake
        self._panel = panel
        self._runner = runner
        self._session = session
        self._tasks = tasks
        self._executor = executor
        self._status = status

    def currentResultPath(self) -> Path | None:
        picture = self._shelf.current()
        return picture.path if picture else None

    def askSave(self, *, fit: FitMode | None = None, match_source: bool = False) -> None:
        """File → Save As (also fitted to the ratio or at the source's size): ask where."""
        path = self.currentResultPath()
        source = self._intake.inputPath()
        if path is None or source is None:
            return
        ratio = self._shelf.requestedRatio()
        if fit is not None and ":" not in ratio:
            self._status(
                translate(
                    "MainWindow", "This job asked for no ratio to fit to; saving it as it is"
                ),
                5000,
            )
            fit = None
        suggestion = source.with_name(f"{source.stem}-edited{path.suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            save_dialog_title(fit, match_source, ratio),
            str(suggestion),
            save_picture_filter(),
        )
        if name:
            self.saveResultAs(Path(name), fit=fit, match_source=match_source)

    def saveResultAs(
        self, target: Path, *, fit: FitMode | None = None, match_source: bool = False
    ) -> asyncio.Future[Any]:
        """Export the result on show to ``target`` with its metadata and the source's colour
        profile; ``fit`` crops or pads it to the asked ratio, ``match_source`` scales it
        towards the source's size."""
        return self._tasks.spawn(self._save_result(target, fit=fit, match_source=match_source))

    def copyResult(self) -> None:
        if self._shelf.copy():
            self._status(translate("MainWindow", "Result copied to the clipboard"), 4000)

    def useResultAsInput(self) -> asyncio.Future[Any] | None:
        path = self.currentResultPath()
        return self._intake.openPath(path) if path else None

    def showDifference(self) -> None:
        """The difference view asked for its overlay of input and result."""
        picture = self._intake.current()
        if picture is not None and self._shelf.current() is not None:
            self._tasks.spawn(self._shelf.showDifference(picture))

    async def _export_options(
        self, path: Path, fit: FitMode | None, match_source: bool
    ) -> ExportOptions:
        return await export_options_for(
            path,
            store=await self._runner.history(),
            source=self._intake.inputPath(),
            ratio=self._shelf.requestedRatio(),
            prompt=self._panel.prompt.text().strip(),
            model=self._session.effectiveSettings().model,
            fit=fit,
            match_source=match_source,
            executor=self._executor,
            quality=self._session.effectiveSettings().export_quality,
        )

    async def _save_result(
        self, target: Path, *, fit: FitMode | None = None, match_source: bool = False
    ) -> None:
        path = self.currentResultPath()
        if path is None:
            return
        options = await self._export_options(path, fit, match_source)
        saved = await self._shelf.saveAs(target, options)
        if saved is not None:
            self._status(translate("MainWindow", "Saved {name}").format(name=saved.name), 5000)
