"""What one edit is: the request, the progress it reports, its hooks and its result.

Plain data, shared by the pipeline (:mod:`desktop_app.core.editing`), batches, the history
and both front ends. No Pillow or httpx at import: the window imports these at
start-up and must stay quick to show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.progress import Progress, ProgressCallback, Stage
from desktop_app.core.ratios import AUTO, normalise_ratio_choice, ratio_differs, ratio_of_size

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.imaging.paste_back import Composite
    from desktop_app.core.imaging.prep import PreparedImage
    from desktop_app.core.relay.downloader import SavedResult
    from desktop_app.core.relay.response_parser import ParsedAnswer


MAX_INPUTS = 4  # on the chat route; the images route takes up to 16

__all__ = ["Progress", "ProgressCallback", "Stage"]  # re-exported, see core/progress.py

# The request's pictures, decoded, scaled and encoded for the upload (CPU work).
PreparedInputs = tuple["PreparedImage", ...]


@dataclass(frozen=True)
class EditHooks:
    """Optional per-job extras for :meth:`EditService.edit` (the history uses them).

    Hooks may be plain functions or coroutines; a coroutine is awaited before the edit goes
    on, so what it records is written before the next step starts.

    Attributes:
        on_answer: called with the parsed answer as soon as it arrives, before any download
            (also for a refusal, which raises right after).
        on_saved: called with each result once its file has its final name.
        on_model_saved: called with each model picture of a region edit, kept as delivered
            beside the composite (the composites go to ``on_saved``).
        temp_prefix: names this job's hidden download temp files (``<prefix>*.part``).
        prepared: the inputs already prepared by :meth:`EditService.prepare` (a batch
            prepares the next pictures while earlier ones are at the model); None prepares
            them in the edit.
        on_preview: called with (index, encoded picture) for each partial picture the
            images route streams before the result (plain function, called on the loop).
    """

    on_answer: Callable[[ParsedAnswer], Awaitable[None] | None] | None = None
    on_saved: Callable[[SavedResult], Awaitable[None] | None] | None = None
    temp_prefix: str = ".retouch-"
    prepared: PreparedInputs | None = None
    on_model_saved: Callable[[SavedResult], Awaitable[None] | None] | None = None
    on_preview: Callable[[int, bytes], None] | None = None


DEFAULT_FEATHER = 16  # source pixels: a soft edge no seam shows through


@dataclass(frozen=True)
class EditRequest:
    """What the user asked for. ``output_dir`` None means the settings' results folder.

    ``ratio`` is kept in its ``W:H`` form as typed (``4x3`` → ``4:3``, 21:9 stays 21:9), so
    history and reports say what the user asked; one that is not a ratio is left as it is
    for the edit to refuse with a message.

    A region edit sets ``mask``: ``L`` at the first input's shown pixel size, 255 = change,
    0 = keep. With ``paste_back`` only the mask's surroundings are sent and the answer is
    blended back through the mask (softened by ``feather`` source px) into the original at
    its own size; without, the whole picture goes and the model's picture is the result.

    No ``inputs`` creates a picture from the prompt alone. ``size`` is ``WxH``, ``1K``,
    ``2K``, ``4K`` or ``auto``; ``background`` ``transparent``, ``opaque`` or ``auto``;
    ``count`` how many pictures one request asks for (the images route's ``n``).
    """

    inputs: tuple[Path, ...]
    prompt: str
    ratio: str = AUTO
    model: str | None = None
    output_dir: Path | None = None
    name_stem: str | None = None
    mask: Image.Image | None = field(default=None, compare=False, repr=False)
    feather: int = DEFAULT_FEATHER
    paste_back: bool = True
    size: str | None = None
    quality: str | None = None
    background: str | None = None
    key_colour: str = "green"
    count: int = 1
    input_fidelity: str | None = None

    def __post_init__(self) -> None:
        with contextlib.suppress(ValueError):
            object.__setattr__(self, "ratio", normalise_ratio_choice(self.ratio))


@dataclass(frozen=True)
class EditResult:
    """What came back: saved files, the provider's text and usage, ratios and timings."""

    outputs: tuple[Path, ...]
    results: tuple[SavedResult, ...]
    model: str
    text: str
    usage: dict[str, Any]
    ratio_requested: str
    ratio_reported: str | None
    prompt_sent: str
    timings: dict[str, float]
    upload_bytes: int
    warnings: tuple[str, ...] = ()
    masked: bool = False
    model_results: tuple[SavedResult, ...] = ()
    composite: Composite | None = None
    api: str = "chat"
    size_requested: str = AUTO
    background: str | None = None
    previews_received: int = 0
    revised_prompt: str | None = None
    applied: dict[str, str] = field(default_factory=dict)

    @property
    def ratio_mismatch(self) -> bool:
        """Whether a model picture's shape misses the requested ratio (auto never misses)."""
        delivered = self.model_results or self.results
        return any(ratio_differs(self.ratio_requested, r.width, r.height) for r in delivered)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` success object (a contract: keep the keys stable)."""
        return {
            "outputs": [str(path.resolve()) for path in self.outputs],
            "model": self.model,
            "text": self.text,
            "usage": self.usage,
            "ratio_requested": self.ratio_requested,
            "ratio_reported": self.ratio_reported,
            "ratio_results": [str(ratio_of_size(r.width, r.height)) for r in self.results],
            "sizes": [[r.width, r.height] for r in self.results],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "upload_bytes": self.upload_bytes,
            "warnings": list(self.warnings),
            "api": self.api,
            "size_requested": self.size_requested,
            "background": self.background,
            "previews_received": self.previews_received,
            "revised_prompt": self.revised_prompt,
            "applied": dict(self.applied),
            **(self._region_json() if self.masked else {}),
        }

    def _region_json(self) -> dict[str, Any]:
        delivered = self.model_results or self.results
        return {
            "raw_outputs": [str(r.path.resolve()) for r in delivered],
            "composite": self.composite.to_json() if self.composite else None,
        }
