"""Export a job's results from the history: each picture with what the job says about it.

The pixels, colour and shape work is :mod:`desktop_app.core.imaging.export`; this module adds
the job's prompt, model, ratio and source picture as metadata, and names that never overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from desktop_app.core.errors import bad_input
from desktop_app.core.history.masks import region_summary
from desktop_app.core.history.records import JobRecord
from desktop_app.core.imaging.export import SUFFIXES, ExportOptions, export_image
from desktop_app.core.imaging.metadata import ImageMetadata


def metadata_for(job: JobRecord) -> ImageMetadata:
    """What an export of ``job``'s results says about them."""
    return ImageMetadata(
        prompt=job.prompt,
        model=job.model_reported or job.model,
        ratio=job.ratio,
        source_name=job.source_names[0] if job.source_names else "",
        region=region_summary(job),
    )


def export_all(
    items: Iterable[JobRecord | Path],
    folder: Path,
    *,
    format: str | None = None,
    options: ExportOptions | None = None,
) -> list[Path]:
    """Export every result of ``items`` (jobs or result files) into ``folder``.

    Args:
        format: ``"PNG"``, ``"JPEG"`` or ``"WEBP"``; None keeps each file's own format.
        options: applied to every file; for a job, its metadata and source picture are
            filled in from the history unless ``options`` sets them.

    Returns:
        The files written, in order; names never overwrite what is in ``folder``.
    """
    if format is not None and format.upper() not in SUFFIXES:
        raise bad_input(f"Export as PNG, JPEG, WebP, AVIF or TIFF, not “{format}”.", format=format)
    base = options or ExportOptions()
    written: list[Path] = []
    for item in items:
        if isinstance(item, Path):
            pairs = [(item, base)]
        else:
            sources = [p for p in item.inputs if p.exists()]
            job_options = replace(
                base,
                metadata=base.metadata or metadata_for(item),
                source_picture=base.source_picture or (sources[0] if sources else None),
            )
            pairs = [(path, job_options) for path in item.output_paths]
        for path, opts in pairs:
            suffix = SUFFIXES[format.upper()] if format else path.suffix.lower()
            target = _free_name(folder, path.stem, suffix)
            written.append(export_image(path, target, opts))
    return written


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate, n = folder / f"{stem}{suffix}", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}{suffix}", n + 1
    return candidate
