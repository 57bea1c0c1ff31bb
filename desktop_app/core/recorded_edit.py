"""Edits that leave a trace: ``EditService.edit`` wrapped so the history records every job.

The row is written before the request leaves (inputs copied in), the stage is noted on
every stage change (not on every progress tick), the relay's answer is kept the moment it
arrives, each result is recorded once its file has its final name, and the job ends
``done``, ``failed`` (with the error's kind and message) or ``cancelled``.

History writes are best effort once the job runs: a full disk or a locked database is
logged, never turned into a failed (paid) edit. Store calls run in the executor.

In the window (one editor for the app, built inside the running loop)::

    editor = RecordedEditor(EditService(settings, token, http=http), store, settings)
    recorded = await editor.edit(request, on_progress, on_job=history_panel_add)
    # several jobs: a queue with a concurrency limit, each job recorded the same way
    batch = Batch(plan_requests(paths, prompt, ratio, variations=n), editor.run_batch_job,
                  concurrency=2, prepare=editor.service.prepare, on_change=queue_panel_update)
    jobs = await batch.run()
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from desktop_app.core.edit_job import (
    EditHooks,
    EditRequest,
    EditResult,
    PreparedInputs,
    Progress,
    ProgressCallback,
)
from desktop_app.core.editing import EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.history.files import job_temp_prefix
from desktop_app.core.history.masks import region_settings
from desktop_app.core.history.records import MODEL_ROLE, RESULT_ROLE, JobRecord, JobStatus
from desktop_app.core.history.store import HistoryStore
from desktop_app.core.imaging.mask import checked_mask
from desktop_app.core.imaging.prep import inspect_image
from desktop_app.core.relay.downloader import SavedResult
from desktop_app.core.relay.response_parser import ParsedAnswer
from desktop_app.core.routes import default_stem
from desktop_app.core.settings import Settings

if TYPE_CHECKING:
    from desktop_app.core.batch import BatchJob

log = logging.getLogger(__name__)

_STORE_ERRORS = (OSError, sqlite3.Error)
CANCELLED_MESSAGE = "Cancelled."


@dataclass(frozen=True)
class RecordedResult:
    """A finished edit and the history job that holds it (None when not recorded)."""

    job_id: str | None
    result: EditResult


def region_entry(request: EditRequest, data_folder: Path) -> dict[str, Any]:
    """``{"region": ...}`` for a job's settings when ``request`` is a region edit."""
    if request.mask is None:
        return {}
    region = region_settings(request.mask, request.feather, request.paste_back, data_folder)
    return {"region": region}


def relay_host(base_url: str) -> str:
    """``host`` or ``host:port`` of a base URL: what the history keeps of the relay."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if host and parts.port else host


class RecordedEditor:
    """Runs edits with :class:`EditService` and records each one in a :class:`HistoryStore`.

    Args:
        service: the edit service (shared HTTP client, token).
        store: the history, or None to run without one (the edit works the same).
        settings: the settings the service was built with (recorded with each job).
        executor: where store calls run (default: the loop's thread pool).
    """

    def __init__(
        self,
        service: EditService,
        store: HistoryStore | None,
        settings: Settings,
        *,
        executor: Executor | None = None,
    ) -> None:
        self.service = service
        self.store = store
        self._settings = settings
        self._executor = executor

    async def edit(
        self,
        request: EditRequest,
        progress: ProgressCallback | None = None,
        *,
        parent_id: str | None = None,
        on_job: Callable[[JobRecord], None] | None = None,
        prepared: PreparedInputs | None = None,
    ) -> RecordedResult:
        """Record and run one edit; raises :class:`RetouchError` like ``EditService.edit``.

        Args:
            parent_id: the job whose result is this job's input; by default the history
                finds it when the only input is a result it knows.
            on_job: called with the new record once it is written, before the request.
            prepared: the pictures already prepared (``EditService.prepare``), if any.

        Nothing is recorded for a request refused before anything is sent (no prompt, a
        bad ratio, a file that is not a picture).
        """
        self.service.validate(request)
        loop = asyncio.get_running_loop()
        request = await loop.run_in_executor(self._executor, self._checked, request)
        job = await self._create(request, parent_id) if self.store is not None else None
        if job is None:
            hooks = EditHooks(prepared=prepared)
            return RecordedResult(None, await self.service.edit(request, progress, hooks=hooks))
        if on_job is not None:
            on_job(job)
        return RecordedResult(job.id, await self._run(job.id, request, progress, prepared))

    async def run_batch_job(self, job: BatchJob, progress: ProgressCallback) -> EditResult:
        """A :class:`desktop_app.core.batch.Batch` runner: records the job, sets its id."""

        def on_job(record: JobRecord) -> None:
            job.job_id = record.id

        recorded = await self.edit(job.request, progress, on_job=on_job, prepared=job.prepared)
        return recorded.result

    def _checked(self, request: EditRequest) -> EditRequest:
        """``request`` with its output folder and name fixed, once its inputs are pictures."""
        for path in request.inputs:
            info = inspect_image(path)  # raises BAD_INPUT for a missing, empty or foreign file
            if request.mask is not None and path == request.inputs[0]:
                checked_mask(request.mask, (info.width, info.height))  # empty or full
        source = request.inputs[0] if request.inputs else None
        folder = request.output_dir or self._settings.results_dir_for(source)
        folder = Path(folder).expanduser().resolve()
        stem = request.name_stem or default_stem(request.inputs)
        return dataclasses.replace(request, output_dir=folder, name_stem=stem)

    async def _create(self, request: EditRequest, parent_id: str | None) -> JobRecord | None:
        store = self.store
        assert store is not None
        settings = self._settings

        # A cancel while the row is being written must still end that row as cancelled:
        # whichever of the two sides comes second writes the outcome.
        lock = threading.Lock()
        created: list[JobRecord] = []
        cancelled: list[bool] = []

        def create() -> JobRecord:
            record = insert()
            with lock:
                created.append(record)
                late = bool(cancelled)
            if late:
                self._finish_cancelled(record.id)
            return record

        def insert() -> JobRecord:
            parent = parent_id
            if parent is None and len(request.inputs) == 1:
                parent = store.job_for_output(request.inputs[0])
            return store.create_job(
                [Path(p).expanduser() for p in request.inputs],
                request.prompt,
                request.ratio,
                request.model or settings.model,
                host=relay_host(settings.base_url),
                settings={
                    "max_upload_side": settings.max_upload_side,
                    "read_timeout": settings.read_timeout,
                    "connect_timeout": settings.connect_timeout,
                    "download_timeout": settings.download_timeout,
                    "output_dir": str(request.output_dir),
                    "name_stem": request.name_stem,
                    **region_entry(request, store.path.parent),
                    "api": settings.provider.api,
                    "size": request.size,
                    "background": request.background,
                    "count": request.count,
                },
                parent_id=parent,
            )

        future = asyncio.get_running_loop().run_in_executor(self._executor, create)
        try:
            return await asyncio.shield(future)
        except _STORE_ERRORS as exc:
            log.warning("history unavailable, running this edit unrecorded: %s", exc)
            return None
        except asyncio.CancelledError:
            with lock:
                cancelled.append(True)
                record = created[0] if created else None
            if record is not None:
                await asyncio.shield(self._call(self._finish_cancelled, record.id))
            else:  # the thread finishes it; its error, if any, is logged there
                future.add_done_callback(lambda f: f.cancelled() or f.exception())
            raise

    def _finish_cancelled(self, job_id: str) -> None:
        assert self.store is not None
        try:
            self.store.finish(
                job_id,
                JobStatus.CANCELLED,
                error_kind=ErrorKind.CANCELLED.value,
                error_message=CANCELLED_MESSAGE,
            )
        except _STORE_ERRORS as exc:
            log.warning("history write failed: %s", exc)

    async def _run(
        self,
        job_id: str,
        request: EditRequest,
        progress: ProgressCallback | None,
        prepared: PreparedInputs | None,
    ) -> EditResult:
        store = self.store
        assert store is not None
        last_stage: list[str] = []
        pending: set[asyncio.Future[None]] = set()

        def on_progress(report: Progress) -> None:
            # Stage changes only: upload ticks would be dozens of writes for nothing. A late
            # stage write cannot undo the outcome (it only touches running jobs).
            if not last_stage or last_stage[-1] != report.stage:
                last_stage.append(report.stage)
                future = self._call(store.update_stage, job_id, str(report.stage))
                pending.add(future)
                future.add_done_callback(pending.discard)
            if progress is not None:
                progress(report)

        def on_answer(parsed: ParsedAnswer) -> asyncio.Future[None]:
            return self._call(
                store.record_answer,
                job_id,
                text=parsed.text,
                usage=dict(parsed.usage),
                ratio_reported=parsed.ratio,
                model_reported=parsed.model,
                result_urls=[url for url in parsed.image_urls if not url.startswith("data:")],
            )

        def on_saved(saved: SavedResult, role: str = RESULT_ROLE) -> asyncio.Future[None]:
            return self._call(
                store.add_output,
                job_id,
                saved.path,
                saved.width,
                saved.height,
                saved.format,
                saved.size,
                role,
            )

        hooks = EditHooks(
            on_answer,
            on_saved,
            job_temp_prefix(job_id),
            prepared,
            on_model_saved=lambda saved: on_saved(saved, MODEL_ROLE),
        )
        try:
            result = await self.service.edit(request, on_progress, hooks=hooks)
        except asyncio.CancelledError:
            await self._settle(pending, self._finish_cancelled, job_id)
            raise
        except RetouchError as error:
            cancelled = error.kind == ErrorKind.CANCELLED
            await self._settle(
                pending,
                store.finish,
                job_id,
                JobStatus.CANCELLED if cancelled else JobStatus.FAILED,
                error_kind=error.kind.value,
                error_message=error.message,
            )
            raise
        except Exception as error:
            await self._settle(
                pending,
                store.finish,
                job_id,
                JobStatus.FAILED,
                error_kind="internal",
                error_message=repr(error)[:500],
            )
            raise
        await self._settle(
            pending,
            store.finish,
            job_id,
            JobStatus.DONE,
            text=result.text,
            usage=result.usage,
            ratio_reported=result.ratio_reported,
            timings={str(k): round(v, 3) for k, v in result.timings.items()},
            model_reported=result.model,
        )
        return result

    def _call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> asyncio.Future:
        """Run a store call in the executor; failures are logged, never raised."""

        def guarded() -> None:
            try:
                function(*args, **kwargs)
            except _STORE_ERRORS as exc:
                log.warning("history write failed: %s", exc)

        return asyncio.get_running_loop().run_in_executor(self._executor, guarded)

    async def _settle(
        self,
        pending: set[asyncio.Future[None]],
        function: Callable[..., Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Write a job's outcome after its stage writes; a cancel cannot stop the write."""

        async def write() -> None:
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            await self._call(function, *args, **kwargs)

        await asyncio.shield(asyncio.ensure_future(write()))
