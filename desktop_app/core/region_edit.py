"""The region-edit steps of an edit: what to send for a mask, and the composites afterwards.

:class:`desktop_app.core.editing.EditService` calls these in its executor when an
:class:`~desktop_app.core.editing.EditRequest` carries a mask:

- :func:`prepare_region` checks the mask against the picture, plans the crop
  (:mod:`desktop_app.core.imaging.region`) and encodes it for the upload;
- the model's pictures are saved as delivered under ``<stem>-edit-<n>-model.<ext>``
  (:func:`model_name_for`), and :func:`make_composite` pastes each one back into the
  original and saves the composite as the result, ``<stem>-edit-<n>.<ext>`` with the same
  ``n``, at the input's pixel size and in its format family.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from desktop_app.core.files import publish_without_overwrite, temp_file_beside
from desktop_app.core.imaging.alignment import Alignment
from desktop_app.core.imaging.mask import checked_mask, mask_bbox
from desktop_app.core.imaging.original import load_original
from desktop_app.core.imaging.paste_back import Composite, paste_back
from desktop_app.core.imaging.prep import (
    MAX_DATA_URL_BYTES,
    MAX_REQUEST_BYTES,
    PreparedImage,
    prepare_image,
)
from desktop_app.core.imaging.region import RegionPlan, plan_region, prepare_region_upload
from desktop_app.core.relay.downloader import SavedResult

MODEL_SUFFIX = "-model"


@dataclass(frozen=True)
class RegionUpload:
    """A region edit ready to send.

    Attributes:
        plan: the crop (or whole picture) sent and the ratio it was grown to.
        upload: the encoded picture for the request.
        mask: the checked mask (``L``, the input's size).
        feather: the soft edge in source pixels.
    """

    plan: RegionPlan
    upload: PreparedImage
    mask: Image.Image
    feather: int

    @property
    def sent_size(self) -> tuple[int, int]:
        return self.upload.width, self.upload.height

    def mask_png(self) -> bytes:
        """The Images API's ``mask``: a PNG the size of the picture sent, transparent where
        it may change (OpenAI's convention), opaque elsewhere."""
        change = self.mask.crop(self.plan.sent_box).resize(self.sent_size, Image.Resampling.BOX)
        picture = Image.new("RGBA", self.sent_size, (0, 0, 0, 255))
        picture.putalpha(ImageChops.invert(change))
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        return buffer.getvalue()


def prepare_region(
    inputs: tuple[Path, ...],
    mask: Image.Image,
    feather: int,
    *,
    crop: bool,
    max_long_side: int,
) -> RegionUpload:
    """Check ``mask`` against the first of ``inputs`` and encode what goes to the model.

    Args:
        inputs: the request's pictures; the mask is the first one's (the others go as
            references and share the request's size budget).
        crop: send only the mask's context box when it is smaller than the picture (False:
            the whole picture, as for an edit whose result is the model's picture).

    Raises:
        RetouchError: BAD_INPUT for an unreadable picture or an empty or full mask.
    """
    source = inputs[0]
    max_data_url_bytes = min(MAX_DATA_URL_BYTES, MAX_REQUEST_BYTES // len(inputs))
    original = load_original(source)
    checked = checked_mask(mask, original.size)
    box = mask_bbox(checked)
    assert box is not None  # checked_mask refuses an empty mask
    plan = plan_region(box, original.size)
    if plan.crop is None or not crop:
        whole = RegionPlan(original.size, box, None, None)
        upload = prepare_image(
            source, max_long_side=max_long_side, max_data_url_bytes=max_data_url_bytes
        )
        return RegionUpload(whole, upload, checked, max(0, feather))
    upload = prepare_region_upload(
        original, plan, max_long_side=max_long_side, max_data_url_bytes=max_data_url_bytes
    )
    return RegionUpload(plan, upload, checked, max(0, feather))


def model_name_for(folder: Path, stem: str) -> Callable[[int, str], Path]:
    """Names for the model's pictures: ``<stem>-edit-<n>-model<ext>``, skipping every ``n``
    whose composite name is taken, so the pair always shares its number."""

    def name_for(n: int, extension: str) -> Path:
        taken = sorted(folder.glob(f"{_glob_safe(stem)}-edit-{n}.*"))
        return taken[0] if taken else folder / f"{stem}-edit-{n}{MODEL_SUFFIX}{extension}"

    return name_for


def make_composite(
    source: Path, region: RegionUpload, model: SavedResult, temp_prefix: str
) -> tuple[SavedResult, Composite]:
    """Paste ``model`` back into ``source`` and save the composite beside it.

    Returns:
        The composite as a result (its ``source_url`` is the model picture's), and the
        paste-back's report.
    """
    original = load_original(source)
    with Image.open(model.path) as delivered:
        delivered.load()
        composite = paste_back(
            original, delivered, region.mask, region.feather, region.plan, region.sent_size
        )
    data, extension = original.encode(original.pixels)  # the composite, made in place
    folder = model.path.parent
    stem = model.path.stem.removesuffix(MODEL_SUFFIX)  # <stem>-edit-<n>
    base, _, number = stem.rpartition("-")
    first = int(number) if number.isdigit() else 1
    fd, tmp = temp_file_beside(folder, prefix=temp_prefix)
    try:
        with os.fdopen(fd, "wb") as sink:
            sink.write(data)
        final = publish_without_overwrite(
            tmp, lambda n: folder / f"{base}-{n}{extension}", first=first
        )
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fmt = "PNG" if extension == ".png" else "JPEG"
    width, height = composite.size
    saved = SavedResult(final, fmt, width, height, len(data), model.source_url)
    return saved, composite.detached()


async def paste_all(
    source: Path,
    region: RegionUpload,
    delivered: list[SavedResult],
    executor: Executor | None,
    on_saved: Callable[[SavedResult], Awaitable[None]],
    temp_prefix: str,
) -> tuple[list[SavedResult], Composite | None, list[str]]:
    """A composite per model picture, made in ``executor``; returns the composites (the
    results), the first one's report and warnings for pictures placed without confidence."""
    loop = asyncio.get_running_loop()
    results: list[SavedResult] = []
    first: Composite | None = None
    notes: list[str] = []
    for model in delivered:
        job = functools.partial(make_composite, source, region, model, temp_prefix)
        result, composite = await loop.run_in_executor(executor, job)
        first = first or composite
        results.append(result)
        await on_saved(result)
        note = alignment_warning(composite.alignment, model.path)
        if note:
            notes.append(note)
    return results, first, notes


def alignment_warning(alignment: Alignment, model: Path) -> str | None:
    """What to tell the user when the model's picture could not be placed with confidence."""
    if alignment.trusted:
        return None
    return (
        "The model moved or redrew the picture too much to place its edit reliably "
        f"(alignment confidence {alignment.confidence:.2f}). Check the composite; the "
        f"model's whole picture is kept as {model.name}."
    )


def _glob_safe(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)
