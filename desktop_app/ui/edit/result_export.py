"""What a Save As or an Export all writes beside the pixels, worked out off the GUI thread.

The metadata (prompt, model, ratio, source name) and the source picture whose colour
profile is carried over come from the history when it knows the result, else from what
the window shows. Every store and file call here runs in the executor.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from desktop_app.core.batch import BatchJob
    from desktop_app.core.history.store import HistoryStore
    from desktop_app.core.imaging.export import ExportOptions, FitMode

log = logging.getLogger(__name__)


def save_dialog_title(fit: FitMode | None, match_source: bool, ratio: str) -> str:
    """The Save dialog's title for the way the result is about to be saved."""
    if fit == "crop":
        text = QCoreApplication.translate(
            "MainWindow", "Save the result fitted to {ratio} (crop) as"
        )
    elif fit == "pad":
        text = QCoreApplication.translate(
            "MainWindow", "Save the result fitted to {ratio} (pad) as"
        )
    elif match_source:
        text = QCoreApplication.translate("MainWindow", "Save the result at the source's size as")
    else:
        text = QCoreApplication.translate("MainWindow", "Save the result as")
    return text.format(ratio=ratio)


async def export_options_for(
    path: Path,
    *,
    store: HistoryStore | None,
    source: Path | None,
    ratio: str,
    prompt: str,
    model: str,
    fit: FitMode | None,
    match_source: bool,
    executor: Executor | None,
    quality: int | None = None,
) -> ExportOptions:
    """Export options for the result ``path``: the history's record of it when there is one,
    else ``prompt``, ``model``, ``ratio`` and ``source`` as the window shows them.
    ``quality`` (JPEG, WebP, AVIF; ``Settings.export_quality``) defaults to ExportOptions'."""
    from desktop_app.core.history.exports import metadata_for
    from desktop_app.core.imaging.export import ExportOptions
    from desktop_app.core.imaging.metadata import ImageMetadata

    def options() -> ExportOptions:
        record = None
        if store is not None:
            try:
                job_id = store.job_for_output(path)
                record = store.get(job_id) if job_id else None
            except Exception:  # the history is a help here, never a reason to fail
                log.warning("could not read the job of %s", path, exc_info=True)
        if record is not None:
            metadata = metadata_for(record)
            inputs = [p for p in record.inputs if p.exists()]
            picture = inputs[0] if inputs else source
        else:
            metadata = ImageMetadata(
                prompt=prompt, model=model, ratio=ratio, source_name=source.name if source else ""
            )
            picture = source
        return ExportOptions(
            metadata=metadata,
            source_picture=picture,
            fit=ratio if fit is not None else None,
            fit_mode=fit or "crop",
            match_source_size=match_source,
            **({"quality": quality} if quality is not None else {}),
        )

    return await asyncio.get_running_loop().run_in_executor(executor, options)


async def export_batch(
    jobs: Sequence[BatchJob],
    folder: Path,
    *,
    store: HistoryStore | None,
    executor: Executor | None,
    quality: int | None = None,
) -> list[Path]:
    """Write every result of ``jobs`` into ``folder`` (with their history's metadata)."""
    from desktop_app.core.history.exports import export_all
    from desktop_app.core.imaging.export import ExportOptions

    options = ExportOptions(quality=quality) if quality is not None else None

    finished = [job for job in jobs if job.result is not None]

    def export() -> list[Path]:
        items: list[Any] = []
        for job in finished:
            record = store.get(job.job_id) if store is not None and job.job_id else None
            items += [record] if record is not None else list(job.result.outputs)
        folder.mkdir(parents=True, exist_ok=True)
        return export_all(items, folder, options=options)

    return await asyncio.get_running_loop().run_in_executor(executor, export)
