"""The window's link to the core: runs one edit at a time on the asyncio loop, reports by signal.

Widgets never await the network themselves; they call :meth:`EditRunner.start` and listen.
The one ``httpx.AsyncClient`` is created lazily inside the running loop and closed by
:meth:`EditRunner.aclose` before the loop ends (qasync's known pitfall).

Every job is recorded in the history (:class:`RecordedEditor`): the store is opened in the
executor on first use (:meth:`EditRunner.history`), which also marks the jobs of a process
that died as interrupted. Without a usable history the edit runs unrecorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.edit_job import EditRequest, EditResult, PreparedInputs
from desktop_app.core.editing import EditService
from desktop_app.core.errors import RetouchError, unexpected
from desktop_app.core.settings import Settings

if TYPE_CHECKING:  # httpx loads with the first job, not with the window
    import httpx

    from desktop_app.core.batch import Batch, BatchJob
    from desktop_app.core.history.records import JobRecord
    from desktop_app.core.history.store import HistoryStore
    from desktop_app.core.recorded_edit import RecordedEditor

log = logging.getLogger(__name__)

TokenSource = Callable[[], str]
ClientOptionsSource = Callable[[], dict[str, Any]]


class EditRunner(QObject):
    """Runs edits for the window.

    Args:
        settings_source: returns the current settings (read at each start, so changes apply).
        token_source: returns the token or raises :class:`RetouchError` (AUTH).
        executor: where image work, keyring reads and proxy lookups run.
        client_options: returns ``open_http_client`` keyword arguments (the proxy); it may
            read the keyring, so it runs in the executor.

    Signals:
        progressChanged(Progress): a stage began or advanced.
        succeeded(EditResult): the job finished and its results are saved.
        failed(RetouchError): the job failed; the error is already worded for the user.
        cancelled(): the user stopped the job.
        busyChanged(bool): a job started (True) or ended (False).
        jobRecorded(JobRecord): the job's history row was written, before its request.
        jobEnded(str): the recorded job with this id ended (done, failed or cancelled).
        batchStarted(Batch): a batch (several jobs, :meth:`startBatch`) began.
        batchJobChanged(BatchJob): a batch job's state or progress changed.
        batchFinished(Batch): every job of the batch ended.
        streamRefused(str): the relay of this profile refused ``stream``; the window stores
            ``stream = False`` in that profile so later jobs ask without it at once.
    """

    progressChanged = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    busyChanged = Signal(bool)
    jobRecorded = Signal(object)
    jobEnded = Signal(str)
    batchStarted = Signal(object)
    batchJobChanged = Signal(object)
    batchFinished = Signal(object)
    streamRefused = Signal(str)

    def __init__(
        self,
        settings_source: Callable[[], Settings],
        token_source: TokenSource,
        executor: Executor | None = None,
        parent: QObject | None = None,
        client_options: ClientOptionsSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings_source = settings_source
        self._token_source = token_source
        self._executor = executor
        self._client_options = client_options or dict
        self._http: httpx.AsyncClient | None = None
        self._task: asyncio.Task[EditResult | None] | None = None
        self._busy = False
        self._last_request: EditRequest | None = None
        self._history: asyncio.Future[HistoryStore | None] | None = None
        self._batches: dict[Batch, asyncio.Task[None]] = {}

    async def client(self) -> httpx.AsyncClient:
        """The shared client, made on first use inside the running loop."""
        if self._http is None:
            from desktop_app.core.relay.transport import open_http_client

            loop = asyncio.get_running_loop()
            options = await loop.run_in_executor(self._executor, self._client_options)
            if self._http is None:
                self._http = open_http_client(**options)
        return self._http

    async def resetClient(self) -> None:
        """Drop the client (the proxy changed); the next job makes a new one."""
        client, self._http = self._http, None
        if client is None:
            return
        running = [t for t in (self._task, *self._batches.values()) if t and not t.done()]
        if running:
            # The running jobs keep their connection; close the old client when they end.
            done = asyncio.gather(*running, return_exceptions=True)
            done.add_done_callback(lambda _: asyncio.ensure_future(client.aclose()))
        else:
            await client.aclose()

    async def history(self) -> HistoryStore | None:
        """The history store, opened in the executor on first use (None if unusable).

        The first open marks the jobs of processes that died as interrupted.
        """
        if self._history is None:
            loop = asyncio.get_running_loop()
            self._history = loop.run_in_executor(self._executor, _open_history)
        return await asyncio.shield(self._history)

    def isBusy(self) -> bool:
        return self._busy or bool(self._batches)

    def lastRequest(self) -> EditRequest | None:
        return self._last_request

    def start(self, request: EditRequest) -> bool:
        """Start ``request`` unless a job is running; returns whether it started."""
        if self.isBusy():
            return False
        self._last_request = request
        self._busy = True
        self._task = asyncio.ensure_future(self._run(request))
        self.busyChanged.emit(True)
        return True

    def startBatch(self, requests: list[EditRequest], concurrency: int | None = None) -> Batch:
        """Run ``requests`` as one batch, ``concurrency`` at a time (default: the setting).

        Each job is recorded like a single edit; one failing job does not stop the others.
        Batches may run beside each other (a retried row is a batch of one).
        """
        from desktop_app.core.batch import Batch

        limit = concurrency or self._settings_source().concurrency
        editor: list[asyncio.Future[RecordedEditor]] = []

        async def recorded_editor() -> RecordedEditor:
            if not editor:
                editor.append(asyncio.ensure_future(self._editor()))
            return await asyncio.shield(editor[0])

        async def prepare(request: EditRequest) -> PreparedInputs:
            return await (await recorded_editor()).service.prepare(request)

        async def run_job(job: BatchJob, progress: Callable[[Any], None]) -> EditResult:
            recorded = await (await recorded_editor()).edit(
                job.request,
                progress,
                on_job=lambda record: on_job(job, record),
                prepared=job.prepared,
            )
            return recorded.result

        def on_job(job: BatchJob, record: JobRecord) -> None:
            job.job_id = record.id
            self.jobRecorded.emit(record)

        def on_change(job: BatchJob) -> None:
            if job.job_id is not None and job.finished is not None:
                self.jobEnded.emit(job.job_id)
            self.batchJobChanged.emit(job)

        was_busy = self.isBusy()
        batch = Batch(requests, run_job, concurrency=limit, prepare=prepare, on_change=on_change)
        self._batches[batch] = asyncio.ensure_future(self._run_batch(batch))
        self.batchStarted.emit(batch)
        if not was_busy:
            self.busyChanged.emit(True)
        return batch

    async def _run_batch(self, batch: Batch) -> None:
        try:
            await batch.run()
        except asyncio.CancelledError:
            pass
        finally:
            self._batches.pop(batch, None)
            if not self.isBusy():
                self.busyChanged.emit(False)
            self.batchFinished.emit(batch)

    async def _editor(self) -> RecordedEditor:
        """A recorded editor with the current token, client, settings and history."""
        from desktop_app.core.recorded_edit import RecordedEditor

        loop = asyncio.get_running_loop()
        token = await loop.run_in_executor(self._executor, self._token_source)
        settings = self._settings_source()
        service = EditService(settings, token, http=await self.client(), executor=self._executor)
        return RecordedEditor(service, await self.history(), settings, executor=self._executor)

    def cancel(self) -> None:
        """Stop the running job (and every batch) now; nothing partial is kept."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        for batch in list(self._batches):
            batch.cancel_all()

    async def _run(self, request: EditRequest) -> EditResult | None:
        from desktop_app.core.recorded_edit import RecordedEditor

        job_ids: list[str] = []

        def on_job(record: JobRecord) -> None:
            job_ids.append(record.id)
            self.jobRecorded.emit(record)

        try:
            # The keyring may block (D-Bus, an unlock prompt): never on the GUI thread.
            loop = asyncio.get_running_loop()
            token = await loop.run_in_executor(self._executor, self._token_source)
            settings = self._settings_source()
            service = EditService(
                settings, token, http=await self.client(), executor=self._executor
            )
            editor = RecordedEditor(
                service, await self.history(), settings, executor=self._executor
            )
            recorded = await editor.edit(request, self.progressChanged.emit, on_job=on_job)
            result = recorded.result
            if service.stream_refused:
                self.streamRefused.emit(settings.active_profile)
        except asyncio.CancelledError:
            self._finish(job_ids)
            self.cancelled.emit()
            return None
        except RetouchError as error:
            self._finish(job_ids)
            self.failed.emit(error)
            return None
        except Exception as exc:  # a bug must end as a message, never a frozen window
            log.exception("edit failed unexpectedly")
            self._finish(job_ids)
            self.failed.emit(unexpected(exc))
            return None
        self._finish(job_ids)
        self.succeeded.emit(result)
        return result

    def _finish(self, job_ids: list[str]) -> None:
        self._busy = False
        if not self.isBusy():
            self.busyChanged.emit(False)
        for job_id in job_ids:
            self.jobEnded.emit(job_id)

    async def aclose(self) -> None:
        """Cancel any job and close the HTTP client; await before the loop closes."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        batches = list(self._batches.values())
        for task in batches:
            task.cancel()
        await asyncio.gather(*batches, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        history, self._history = self._history, None
        if history is not None:
            store = await history
            if store is not None:
                await asyncio.get_running_loop().run_in_executor(self._executor, store.close)


def _open_history() -> HistoryStore | None:
    """The default history with dead processes' jobs marked interrupted; None if unusable."""
    from desktop_app.core.history.store import OPEN_ERRORS, open_session_store

    try:
        return open_session_store()
    except OPEN_ERRORS as exc:
        log.warning("history unavailable, jobs run unrecorded: %s", exc)
        return None
