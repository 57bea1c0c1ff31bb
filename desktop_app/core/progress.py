"""How far a job is: its stage, the seconds since it started, and what the relay said.

Kept apart from :mod:`desktop_app.core.edit_job` (which re-exports both names) so that the
window's status line can show a job's progress without loading the rest of a job's data
at start-up.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass


class Stage(enum.StrEnum):
    PREPARING = "preparing"
    UPLOADING = "uploading"
    WAITING = "waiting"
    DOWNLOADING = "downloading"
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """One progress report: the stage, seconds since start, detail, a partial picture's bytes."""

    stage: Stage
    elapsed: float
    fraction: float | None = None
    note: str = ""
    preview: bytes | None = None


ProgressCallback = Callable[[Progress], None]
