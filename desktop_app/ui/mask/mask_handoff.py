"""What a run takes from the mask toolbar, and how Reuse gives it back.

Both directions touch every pixel of the mask (24 MB for a 24 MP picture), so the image
work runs in the executor; the GUI thread only hands over an immutable
:class:`~desktop_app.ui.mask.mask_tiles.MaskState`.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize

from desktop_app.ui.mask.mask_tiles import MaskState
from desktop_app.ui.mask.mask_toolbar import MaskToolbar

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class MaskChoice:
    """The mask settings of one run.

    Attributes:
        mask: Pillow ``L`` at the source's pixel size, 255 change, 0 keep; None: no mask.
        feather: Soft edge in source pixels.
        paste_back: Composite into the original (keep every pixel outside the mask).
    """

    mask: Image.Image | None
    feather: int
    paste_back: bool

    def request_fields(self) -> dict[str, Any]:
        """``EditRequest`` keyword arguments: ``mask``, ``feather`` and ``paste_back``."""
        return {"mask": self.mask, "feather": self.feather, "paste_back": self.paste_back}


async def mask_choice(toolbar: MaskToolbar, executor: Executor | None = None) -> MaskChoice:
    """The toolbar's mask and settings for a run, the mask assembled in ``executor``."""
    state = toolbar.mask_state()
    mask = None
    if state is not None:
        mask = await asyncio.get_running_loop().run_in_executor(executor, state.to_pil)
    return MaskChoice(mask, toolbar.feather(), toolbar.keep_outside())


async def restore_mask(
    toolbar: MaskToolbar,
    mask: Path | Image.Image | None,
    *,
    feather: int | None = None,
    paste_back: bool | None = None,
    executor: Executor | None = None,
) -> bool:
    """Give a saved mask (a file or a Pillow image, any size) back to the toolbar (Reuse).

    Call after the job's picture is shown. A file with transparent pixels marks the area
    to change with them (OpenAI's convention); otherwise white is change, black keep.

    Returns:
        False when the picture changed while the mask was read (nothing restored).
    """
    size = toolbar.document().size()
    state = None
    if mask is not None:
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(executor, _state_from, mask, size)
    if toolbar.document().size() != size:
        return False
    toolbar.restore(state, feather=feather, keep_outside=paste_back)
    return True


def _state_from(mask: Path | Image.Image, size: QSize) -> MaskState:
    from PIL import Image

    from desktop_app.core.imaging.mask import change_levels

    if isinstance(mask, Path):
        with Image.open(mask) as image:
            return MaskState.from_pil(change_levels(image), size)
    return MaskState.from_pil(change_levels(mask), size)
