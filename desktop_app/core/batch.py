"""Run many edits at once: a queue with a concurrency limit, per-job results, cancellable.

A designer drops ten product shots with one prompt (one job each), asks for three
variations of one picture (the same request three times), or sends up to four pictures as
references of one request ("together"). :func:`plan_requests` turns that into requests and
:class:`Batch` runs them, at most ``concurrency`` at a time over the service's one shared
HTTP client, so one slow job does not hold up the rest and one failure stops nothing.

Preparing pictures (decoding and scaling: CPU) and sending them (network) are separate
stages with their own limits: given a ``prepare`` function (``EditService.prepare``), the
batch prepares the next pictures while the previous ones are at the model, at most
``prepare_concurrency`` at once, and hands them to the runner in ``job.prepared``. At most
that many prepared jobs wait for a network slot, so 200 pictures never sit in memory as
200 uploads, and a job reaches the history only once it is sent.

The queue view reads :attr:`Batch.jobs` (state, stage, elapsed time) whenever ``on_change``
fires, and calls :meth:`Batch.cancel` for one job or :meth:`Batch.cancel_all`.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.edit_job import (
    MAX_INPUTS,
    EditRequest,
    EditResult,
    PreparedInputs,
    Progress,
)
from desktop_app.core.errors import ErrorKind, RetouchError, bad_input
from desktop_app.core.ratios import AUTO

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 2
MAX_CONCURRENCY = 8
MAX_VARIATIONS = 10


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class BatchJob:
    """One queued edit and how it went. Only the batch changes it (on the loop's thread)."""

    index: int
    request: EditRequest
    state: JobState = JobState.QUEUED
    progress: Progress | None = None
    job_id: str | None = None  # the history's id, once recorded
    result: EditResult | None = None
    error: RetouchError | None = None
    started: float | None = None
    finished: float | None = None
    # The pictures prepared ahead for the runner (None: it prepares them); freed once sent.
    prepared: PreparedInputs | None = field(default=None, repr=False)
    _task: asyncio.Task | None = field(default=None, repr=False)

    @property
    def elapsed(self) -> float | None:
        if self.started is None:
            return None
        return (self.finished or time.monotonic()) - self.started


# Runs one job; it passes ``job.prepared`` on to the service (``EditHooks(prepared=...)``).
Runner = Callable[[BatchJob, Callable[[Progress], None]], Awaitable[EditResult]]
Prepare = Callable[[EditRequest], Awaitable[PreparedInputs]]


def default_prepare_concurrency(concurrency: int) -> int:
    """Pictures prepared at once: one job per core, never more than the jobs sent at once."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(concurrency, cores))


def plan_requests(
    inputs: Sequence[Path],
    prompt: str,
    ratio: str = AUTO,
    *,
    variations: int = 1,
    together: bool = False,
    model: str | None = None,
    output_dir: Path | None = None,
) -> list[EditRequest]:
    """The requests for a drop or a command line: one per input (or one for all), N times.

    Raises:
        RetouchError: BAD_INPUT for no input, more than 4 together, or variations out of
            1..10.
    """
    if not inputs:
        raise bad_input("Add a picture to edit first.", problem="no_picture")
    if not 1 <= variations <= MAX_VARIATIONS:
        raise bad_input(
            f"Variations can be 1 to {MAX_VARIATIONS}, not {variations}.", variations=variations
        )
    if together and len(inputs) > MAX_INPUTS:
        raise bad_input(
            f"At most {MAX_INPUTS} pictures can go into one request.", count=len(inputs)
        )
    groups = [tuple(inputs)] if together else [(path,) for path in inputs]
    return [
        EditRequest(inputs=group, prompt=prompt, ratio=ratio, model=model, output_dir=output_dir)
        for group in groups
        for _ in range(variations)
    ]


class Batch:
    """Runs ``requests`` with ``runner``, at most ``concurrency`` at once, in order of start.

    Args:
        requests: the edits, in the order results are reported.
        runner: runs one job (e.g. :meth:`RecordedEditor.edit` around it) and reports
            progress through the callback it is given; may set ``job.job_id``.
        concurrency: jobs sending at most (1 to 8).
        prepare: prepares a request's pictures ahead of its network slot
            (``EditService.prepare``); None leaves preparing to the runner, in the slot.
        prepare_concurrency: jobs preparing at most (default: one per core, at most
            ``concurrency``).
        on_change: called with a job whenever its state or progress changes.
    """

    def __init__(
        self,
        requests: Sequence[EditRequest],
        runner: Runner,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        prepare: Prepare | None = None,
        prepare_concurrency: int | None = None,
        on_change: Callable[[BatchJob], None] | None = None,
    ) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise bad_input(
                f"Concurrency can be 1 to {MAX_CONCURRENCY}, not {concurrency}.",
                concurrency=concurrency,
            )
        preparing = prepare_concurrency or default_prepare_concurrency(concurrency)
        self.jobs = [BatchJob(index, request) for index, request in enumerate(requests)]
        self._runner = runner
        self._prepare = prepare
        self._send_slots = asyncio.Semaphore(concurrency)
        self._prepare_slots = asyncio.Semaphore(preparing)
        # Jobs sending or holding prepared pictures for a slot: memory stays bounded.
        self._under_way = asyncio.Semaphore(concurrency + (preparing if prepare else 0))
        # Set once a job waits for its network slot (or ended): jobs are sent in their order
        # even when a later picture is prepared first.
        self._in_line = [asyncio.Event() for _ in self.jobs]
        self._on_change = on_change

    async def run(self) -> list[BatchJob]:
        """Run every job; returns them in order, each ``done``, ``failed`` or ``cancelled``.

        Cancelling the task awaiting this cancels every job, records them as cancelled and
        re-raises; :attr:`jobs` still tells what finished before.
        """
        for job in self.jobs:
            if job.state == JobState.QUEUED:  # not cancelled before the start
                job._task = asyncio.ensure_future(self._run_one(job))
        await asyncio.gather(*(job._task for job in self.jobs if job._task))
        return self.jobs

    def cancel(self, index: int) -> None:
        """Cancel one job (queued or running); the others go on."""
        job = self.jobs[index]
        if job._task is not None and not job._task.done():
            job._task.cancel()
        elif job.state == JobState.QUEUED:
            self._end(job, JobState.CANCELLED, error=_cancelled())

    def cancel_all(self) -> None:
        for job in self.jobs:
            self.cancel(job.index)

    @property
    def succeeded(self) -> bool:
        return all(job.state == JobState.DONE for job in self.jobs)

    async def _run_one(self, job: BatchJob) -> None:
        try:
            async with self._under_way:
                await self._prepare_ahead(job)
                if job.index > 0:
                    await self._in_line[job.index - 1].wait()
                self._in_line[job.index].set()  # the slot's waiters are served in order
                async with self._send_slots:
                    job.state, job.started = JobState.RUNNING, time.monotonic()
                    self._changed(job)
                    result = await self._runner(job, lambda report: self._progress(job, report))
        except asyncio.CancelledError:
            self._end(job, JobState.CANCELLED, error=_cancelled())
            # A batch-wide cancel reaches gather() itself; one job's cancel ends here.
            return
        except RetouchError as error:
            self._end(job, JobState.FAILED, error=error)
            return
        except Exception as exc:  # a bug in one job must not take the batch down
            log.exception("batch job %d failed unexpectedly", job.index)
            error = RetouchError(ErrorKind.BAD_RESPONSE, "Something went wrong.", repr(exc))
            self._end(job, JobState.FAILED, error=error)
            return
        self._end(job, JobState.DONE, result=result)

    async def _prepare_ahead(self, job: BatchJob) -> None:
        if self._prepare is None:
            return
        async with self._prepare_slots:
            try:
                job.prepared = await self._prepare(job.request)
            except Exception:
                # The runner prepares again in its slot and fails there as any job does
                # (recorded, worded); ahead of time nothing is reported.
                log.debug("preparing batch job %d ahead failed", job.index, exc_info=True)

    def _progress(self, job: BatchJob, report: Progress) -> None:
        job.progress = report
        self._changed(job)

    def _end(
        self,
        job: BatchJob,
        state: JobState,
        *,
        result: EditResult | None = None,
        error: RetouchError | None = None,
    ) -> None:
        job.state, job.result, job.error = state, result, error
        job.finished = time.monotonic()
        job.prepared = None  # sent, failed or cancelled: the upload is not needed again
        self._in_line[job.index].set()
        self._changed(job)

    def _changed(self, job: BatchJob) -> None:
        if self._on_change is not None:
            try:
                self._on_change(job)
            except Exception:
                log.exception("batch on_change callback failed")


def _cancelled() -> RetouchError:
    return RetouchError(ErrorKind.CANCELLED, "Cancelled.")
