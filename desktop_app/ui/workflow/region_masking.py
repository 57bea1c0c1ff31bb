"""Region edits from the window: the painted mask goes with a run, and Reuse brings it back.

:class:`RegionMasking` keeps the mask toolbar sized to the input picture, adds the mask,
its soft edge and "keep outside" to the request of a run on that picture, and restores a
job's mask from the history. The mask belongs to the Before picture only: runs over several
pictures never take it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

from desktop_app.core.edit_job import EditRequest
from desktop_app.ui.mask.mask_handoff import mask_choice, restore_mask
from desktop_app.ui.mask.mask_toolbar import MaskToolbar
from desktop_app.ui.workflow.input_intake import InputIntake

if TYPE_CHECKING:
    from desktop_app.core.history.records import JobRecord


class RegionMasking:
    """The link between the mask toolbar, the input and the requests a run sends.

    Args:
        toolbar: the mask toolbar over the Before view.
        intake: the input on show (its pixel size is the mask's).
        executor: where masks are assembled and read.
    """

    def __init__(self, toolbar: MaskToolbar, intake: InputIntake, executor: Executor) -> None:
        self._toolbar = toolbar
        self._intake = intake
        self._executor = executor
        intake.inputChanged.connect(self._follow_input)

    def hasMask(self) -> bool:
        return self._toolbar.has_mask()

    async def withMask(self, requests: list[EditRequest]) -> list[EditRequest]:
        """``requests`` with the painted mask, where each edits the Before picture alone."""
        picture = self._intake.current()
        if picture is None or not self._toolbar.has_mask():
            return requests
        choice = await mask_choice(self._toolbar, self._executor)
        if choice.mask is None:
            return requests
        return [
            dataclasses.replace(request, **choice.request_fields())
            if request.inputs == (picture.path,)
            else request
            for request in requests
        ]

    async def restore(self, record: JobRecord) -> bool:
        """Give ``record``'s mask back to the toolbar; False for a whole-picture job (or a
        mask gone from the history), which leaves the toolbar as it is."""
        from desktop_app.core.history.masks import region_of

        loop = asyncio.get_running_loop()
        region = await loop.run_in_executor(self._executor, region_of, record)
        if region is None:
            return False
        return await restore_mask(
            self._toolbar,
            region.mask,
            feather=region.feather,
            paste_back=region.paste_back,
            executor=self._executor,
        )

    def _follow_input(self) -> None:
        picture = self._intake.current()
        if picture is not None and picture.info is not None:
            self._toolbar.setPictureSize(QSize(picture.info.width, picture.info.height))
