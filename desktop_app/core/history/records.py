"""What the history hands out: immutable records of jobs, their files and usage per day."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


class JobStatus(enum.StrEnum):
    """Where a job stands. ``interrupted``: its process died while it ran (offer Try again)."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


FINAL_STATUSES = frozenset(
    {JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED}
)


@dataclass(frozen=True)
class OutputFile:
    """One saved result of a job."""

    path: Path
    width: int
    height: int
    format: str


MODEL_ROLE = "model"  # a region edit's model picture, kept beside the composite
RESULT_ROLE = "result"


@dataclass(frozen=True)
class JobError:
    """Why a job did not finish: the error kind (as in the CLI's JSON) and its message."""

    kind: str
    message: str


@dataclass(frozen=True)
class JobRecord:
    """Everything the history panel shows about one job.

    Attributes:
        id: the job's id (32 hex digits).
        created: when the job was recorded, local time with its UTC offset.
        prompt: what the user typed (without the ``尺寸[W:H]`` tag the app appends).
        ratio: the ratio asked for (``auto`` or ``W:H``).
        model: the model asked for; ``model_reported`` is what answered, if it said.
        status: see :class:`JobStatus`; ``stage`` is the last pipeline stage reached.
        inputs: the kept copies of the input pictures (absolute paths in the data folder);
            ``source_names`` are the file names the user picked, in the same order.
        outputs: the saved results, in order (a region edit's composites).
        model_outputs: a region edit's model pictures as delivered, in the same order.
        starred: marked by the user.
        usage: the relay's ``usage`` block (tokens), ``{}`` when unknown.
        parent_id: the job whose result was this job's input ("use as input" chains).
        error: why it failed, was cancelled or interrupted; None when done or running.
        text: the relay's answer text (progress lines, refusal reason).
        ratio_reported: the ratio the relay said it understood.
        host: the relay's host name (never the token, never credentials).
        settings: the settings that shaped the job (upload size, timeouts, output folder).
        timings: seconds per stage and ``total``.
        finished: when the job ended, or None.
        result_urls: the result links the relay sent (kept to re-download after a crash).
    """

    id: str
    created: datetime
    prompt: str
    ratio: str
    model: str
    status: JobStatus
    stage: str = ""
    inputs: tuple[Path, ...] = ()
    source_names: tuple[str, ...] = ()
    outputs: tuple[OutputFile, ...] = ()
    starred: bool = False
    usage: dict[str, Any] = field(default_factory=dict)
    parent_id: str | None = None
    error: JobError | None = None
    text: str = ""
    ratio_reported: str | None = None
    model_reported: str | None = None
    host: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    finished: datetime | None = None
    result_urls: tuple[str, ...] = ()
    model_outputs: tuple[OutputFile, ...] = ()

    @property
    def output_paths(self) -> tuple[Path, ...]:
        return tuple(output.path for output in self.outputs)

    @property
    def total_tokens(self) -> int:
        value = self.usage.get("total_tokens")
        return value if isinstance(value, int) else 0

    def to_json(self) -> dict[str, Any]:
        """The object ``retouch-studio history --json`` prints for this job."""
        return {
            "id": self.id,
            "created": self.created.isoformat(),
            "prompt": self.prompt,
            "ratio": self.ratio,
            "model": self.model,
            "status": self.status.value,
            "stage": self.stage,
            "inputs": [str(path) for path in self.inputs],
            "source_names": list(self.source_names),
            "outputs": [str(output.path) for output in self.outputs],
            **(
                {"raw_outputs": [str(o.path) for o in self.model_outputs]}
                if self.model_outputs
                else {}
            ),
            "sizes": [[output.width, output.height] for output in self.outputs],
            "starred": self.starred,
            "usage": self.usage,
            "parent_id": self.parent_id,
            "error": (
                {"kind": self.error.kind, "message": self.error.message} if self.error else None
            ),
            "ratio_reported": self.ratio_reported,
            "model_reported": self.model_reported,
            "host": self.host,
            "finished": self.finished.isoformat() if self.finished else None,
            "timings": self.timings,
        }


@dataclass(frozen=True)
class DayUsage:
    """Jobs and tokens of one local calendar day (``day`` is ``YYYY-MM-DD``)."""

    day: str
    jobs: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


def _loads(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


JOB_COLUMNS = (
    "id, created, prompt, ratio, model, status, stage, starred, usage, parent_id, "
    "error_kind, error_message, text, ratio_reported, model_reported, host, settings, "
    "timings, finished, result_urls"
)


def record_from_row(
    row: tuple, inputs: list[tuple[str, str]], outputs: list[tuple[str, int, int, str, str]]
) -> JobRecord:
    """Build a record from a ``SELECT {JOB_COLUMNS}`` row and its input and output rows
    (path, width, height, format, role)."""
    (
        job_id,
        created,
        prompt,
        ratio,
        model,
        status,
        stage,
        starred,
        usage,
        parent_id,
        error_kind,
        error_message,
        text,
        ratio_reported,
        model_reported,
        host,
        settings,
        timings,
        finished,
        result_urls,
    ) = row
    try:
        job_status = JobStatus(status)
    except ValueError:
        job_status = JobStatus.FAILED
    return JobRecord(
        id=job_id,
        created=datetime.fromisoformat(created),
        prompt=prompt,
        ratio=ratio,
        model=model,
        status=job_status,
        stage=stage or "",
        inputs=tuple(Path(path) for path, _ in inputs),
        source_names=tuple(name for _, name in inputs),
        outputs=tuple(OutputFile(Path(p), w, h, f) for p, w, h, f, r in outputs if r != MODEL_ROLE),
        model_outputs=tuple(
            OutputFile(Path(p), w, h, f) for p, w, h, f, r in outputs if r == MODEL_ROLE
        ),
        starred=bool(starred),
        usage=_loads(usage, {}),
        parent_id=parent_id,
        error=JobError(error_kind, error_message or "") if error_kind else None,
        text=text or "",
        ratio_reported=ratio_reported,
        model_reported=model_reported,
        host=host or "",
        settings=_loads(settings, {}),
        timings=_loads(timings, {}),
        finished=datetime.fromisoformat(finished) if finished else None,
        result_urls=tuple(_loads(result_urls, [])),
    )
