"""A region edit's mask, kept with its job so Reuse brings the same edit back.

The mask is stored once by content (``<data>/masks/<sha256[:2]>/<sha256>.png``, lossless)
and the job's ``settings`` record where it is, with the feather and whether the edit was
pasted back (``settings["region"]``). The window's Reuse calls :func:`region_of` in the
executor and passes what it returns to the new :class:`~desktop_app.core.editing.EditRequest`
(``mask=``, ``feather=``, ``paste_back=``) and to its mask painter.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from desktop_app.core.files import write_atomically
from desktop_app.core.history.files import MASKS_FOLDER
from desktop_app.core.history.records import JobRecord
from desktop_app.core.imaging.mask import mask_bbox, mask_coverage

_READ_ERRORS = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


@dataclass(frozen=True)
class JobRegion:
    """What a job's region edit was: its mask (``L``, the input's size), feather, paste-back."""

    mask: Image.Image
    feather: int
    paste_back: bool


def store_mask(mask: Image.Image, data_folder: Path) -> Path:
    """Save ``mask`` as a PNG under ``data_folder``/masks by content; returns its path.

    Raises:
        OSError: the mask cannot be written.
    """
    buffer = io.BytesIO()
    mask.convert("L").save(buffer, "PNG", compress_level=6)
    data = buffer.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    target = data_folder / MASKS_FOLDER / sha[:2] / f"{sha}.png"
    if not target.exists():
        write_atomically(target, data)
    return target.resolve()


def region_settings(
    mask: Image.Image, feather: int, paste_back: bool, data_folder: Path
) -> dict[str, Any]:
    """The ``settings["region"]`` entry of a job: the stored mask and how it was used."""
    return {
        "mask": str(store_mask(mask, data_folder)),
        "feather": int(feather),
        "paste_back": bool(paste_back),
        "mask_box": list(mask_bbox(mask) or ()),
        "mask_coverage": round(mask_coverage(mask), 4),
    }


def is_region_edit(job: JobRecord) -> bool:
    """Whether ``job`` edited a painted region (without reading its mask)."""
    return isinstance(job.settings.get("region"), dict)


def region_of(job: JobRecord) -> JobRegion | None:
    """The region edit ``job`` made, with its mask loaded; None for a whole-picture edit or
    when the stored mask is gone or unreadable. Blocking: run it in the executor."""
    entry = job.settings.get("region")
    if not isinstance(entry, dict) or not isinstance(entry.get("mask"), str):
        return None
    try:
        with Image.open(entry["mask"]) as stored:
            mask = stored.convert("L")
    except _READ_ERRORS:
        return None
    feather = entry.get("feather")
    return JobRegion(
        mask,
        feather if isinstance(feather, int) and feather >= 0 else 0,
        entry.get("paste_back") is not False,
    )


def region_summary(job: JobRecord) -> str:
    """One line for export metadata: the mask's box, share and feather; ``""`` without one."""
    entry = job.settings.get("region")
    if not isinstance(entry, dict):
        return ""
    box = entry.get("mask_box") or []
    parts = [
        "mask box " + ",".join(str(v) for v in box) if len(box) == 4 else "mask",
        f"{100 * float(entry.get('mask_coverage') or 0):.1f}% of the picture",
        f"feather {entry.get('feather', 0)} px",
        "pasted back" if entry.get("paste_back", True) else "model picture kept",
    ]
    return "; ".join(parts)
