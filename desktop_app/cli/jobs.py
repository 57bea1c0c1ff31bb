"""``retouch-studio edit`` with several jobs, and the session every ``edit`` runs in.

The session (:func:`edit_session`) resolves settings, provider, token and proxy, opens the
one HTTP client and the history (marking jobs of dead processes interrupted), and yields a
:class:`RecordedEditor`: every job run from the command line goes into the same history as
the window's.

Several jobs (several inputs without ``--together``, or ``--variations N``) run as a batch,
``--concurrency`` at a time, and print ONE JSON object with ``--json``::

    {"jobs": [<the single-job object plus "input", "inputs", "job_id">
              | {"input": ..., "inputs": [...], "job_id": ..., "error": {...}}, ...]}

in the order of the inputs (each input's variations together). The exit code is 0 when all
succeeded, else the exit code of the first job (in that order) that did not; 130 after
Ctrl+C, which cancels every job.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TextIO

from desktop_app.cli import messages as words
from desktop_app.cli.masks import with_masks
from desktop_app.cli.safe_text import json_line, terminal_safe
from desktop_app.core.batch import MAX_CONCURRENCY, Batch, BatchJob, JobState, plan_requests
from desktop_app.core.edit_job import EditRequest
from desktop_app.core.errors import EXIT_CODES, ErrorKind, RetouchError, bad_input
from desktop_app.core.history.store import OPEN_ERRORS, HistoryStore, open_session_store
from desktop_app.core.recorded_edit import RecordedEditor

log = logging.getLogger(__name__)

INTERRUPTED_EXIT = EXIT_CODES[ErrorKind.CANCELLED]


def _out(line: str) -> None:
    sys.stdout.write(terminal_safe(line) + "\n")
    sys.stdout.flush()


def _err(line: str) -> None:
    sys.stderr.write(terminal_safe(line) + "\n")
    sys.stderr.flush()


def job_count(options: argparse.Namespace) -> int:
    """How many jobs the options ask for (without validating them)."""
    groups = 1 if options.together else len(options.inputs)
    return groups * options.variations


def plan_from_options(options: argparse.Namespace) -> list[EditRequest]:
    """The requests of an ``edit`` command line; each job's results go next to its input.

    Raises:
        RetouchError: BAD_INPUT for impossible flags (e.g. 5 inputs ``--together``).
    """
    if not 1 <= options.concurrency <= MAX_CONCURRENCY:
        raise bad_input(
            f"Concurrency can be 1 to {MAX_CONCURRENCY}, not {options.concurrency}.",
            concurrency=options.concurrency,
        )
    inputs = [path.expanduser() for path in options.inputs]
    requests = plan_requests(
        inputs,
        options.prompt,
        options.ratio,
        variations=options.variations,
        together=options.together,
    )
    placed = [
        dataclasses.replace(
            request,
            output_dir=options.output or request.inputs[0].resolve().parent,
            size=options.size,
            quality=options.quality,
            background=options.background,
            key_colour=options.key_colour,
        )
        for request in requests
    ]
    return with_masks(placed, options)


def open_history() -> HistoryStore | None:
    """The history with dead processes' jobs marked interrupted; None (and a warning) if
    it cannot be opened: the edit still runs and saves its files."""
    try:
        return open_session_store()
    except OPEN_ERRORS as exc:
        _err(f"warning: the history cannot be opened, not recording: {exc}")
        return None


@contextlib.asynccontextmanager
async def edit_session(options: argparse.Namespace) -> AsyncIterator[RecordedEditor]:
    """Settings, provider, token, HTTP client and history for an ``edit`` command."""

    from desktop_app.core.editing import EditService
    from desktop_app.core.relay.endpoint import validate_base_url
    from desktop_app.core.relay.proxy import proxy_options_for
    from desktop_app.core.relay.transport import open_http_client
    from desktop_app.core.secrets.credentials import require_token
    from desktop_app.core.settings import load_settings, with_provider_changes

    settings = load_settings()
    overrides: dict[str, object] = {}
    if options.base_url:
        overrides["base_url"] = options.base_url
    if options.model:
        overrides["model"] = options.model
    if options.timeout:
        overrides["read_timeout"] = options.timeout
    settings = dataclasses.replace(settings, **overrides)
    if options.api:
        settings = with_provider_changes(settings, api=options.api)
    with _relay_base_url(options.demo) as demo_base_url:
        client_options: dict[str, object] = {}
        if demo_base_url:
            settings = dataclasses.replace(settings, base_url=demo_base_url)
            token = "demo"
        else:
            validate_base_url(settings.base_url)
            token = require_token(settings.active_profile)
            client_options = proxy_options_for(settings).as_kwargs()
        loop = asyncio.get_running_loop()
        store = await loop.run_in_executor(None, open_history)
        try:
            async with open_http_client(**client_options) as http:
                service = EditService(settings, token, http=http)
                yield RecordedEditor(service, store, settings)
                if service.stream_refused and not demo_base_url:
                    from desktop_app.cli.create import remember_stream_refused

                    remember_stream_refused(settings.active_profile)
        finally:
            if store is not None:
                store.close()


class BatchReporter:
    """A line on stderr per job and stage: ``[2/6] photo.jpg: Waiting for the model · 3 s``."""

    def __init__(self, stream: TextIO, total: int) -> None:
        from desktop_app.cli.reporting import ProgressReporter

        self._labels = ProgressReporter.LABELS
        self._stream = stream
        self._total = total
        self._last: dict[int, str] = {}
        self._started = time.monotonic()

    def update(self, job: BatchJob) -> None:
        if job.state == JobState.RUNNING and job.progress is None:
            return  # its first stage follows at once
        if job.state == JobState.RUNNING and job.progress is not None:
            what = words.tr(self._labels.get(job.progress.stage, str(job.progress.stage)))
        elif job.state == JobState.FAILED and job.error is not None:
            what = f"failed: {job.error.message}"
        else:
            what = str(job.state).capitalize()
        if self._last.get(job.index) == what:
            return
        self._last[job.index] = what
        name = job_name(job)
        elapsed = time.monotonic() - self._started
        line = f"[{job.index + 1}/{self._total}] {name}: {what} · {elapsed:.0f} s"
        self._stream.write(terminal_safe(line) + "\n")
        self._stream.flush()


def job_name(job: BatchJob) -> str:
    """How progress and error lines name a job: its first input, or the prompt's start."""
    return job.request.inputs[0].name if job.request.inputs else job.request.prompt[:30]


def job_json(job: BatchJob) -> dict[str, object]:
    """One entry of ``{"jobs": [...]}`` (``input`` is null for a creation)."""
    from desktop_app.cli.reporting import result_json, saved_outputs

    inputs = job.request.inputs
    head: dict[str, object] = {
        "input": str(inputs[0].resolve()) if inputs else None,
        "inputs": [str(path.resolve()) for path in job.request.inputs],
        "job_id": job.job_id,
    }
    if job.result is not None:
        return {**head, **result_json(job.result)}
    error = job.error or RetouchError(ErrorKind.CANCELLED, "Cancelled.")
    return {**head, "error": error.to_json(), **saved_outputs(error)}


def run_batch_command(
    options: argparse.Namespace,
    planner: Callable[[argparse.Namespace], list[EditRequest]] = plan_from_options,
) -> int:
    """Run several jobs and print the outcome; returns the exit code."""
    from desktop_app.cli.error_words import cli_error_text
    from desktop_app.cli.reporting import report_failure, result_warnings

    batches: list[Batch] = []
    interrupted = False
    try:
        requests = planner(options)
        asyncio.run(_run_batch(options, requests, batches))
    except RetouchError as error:  # before any job ran: token, address, flags
        return report_failure(error, options.json)
    except KeyboardInterrupt:
        interrupted = True
    if not batches:
        error = RetouchError(ErrorKind.CANCELLED, "Interrupted before any job started.")
        return report_failure(error, options.json)
    jobs = batches[0].jobs
    if options.json:
        sys.stdout.write(json_line({"jobs": [job_json(job) for job in jobs]}) + "\n")
    for job in jobs:
        name = job_name(job)
        if job.result is not None:
            if not options.json:
                for path in job.result.outputs:
                    _out(str(path.resolve()))
            for warning in result_warnings(job.result):
                _err(f"warning: {name}: {warning}")
        elif job.error is not None and job.error.kind != ErrorKind.CANCELLED:
            _err(f"error: {name}: {cli_error_text(job.error)}")
    if interrupted:
        return INTERRUPTED_EXIT
    failed = [job for job in jobs if job.state != JobState.DONE]
    if not failed:
        return 0
    _err(f"{len(failed)} of {len(jobs)} jobs did not succeed.")
    first = failed[0].error
    return first.exit_code if first is not None else INTERRUPTED_EXIT


async def _run_batch(
    options: argparse.Namespace, requests: list[EditRequest], batches: list[Batch]
) -> None:
    reporter = BatchReporter(sys.stderr, len(requests))
    async with edit_session(options) as editor:
        batch = Batch(
            requests,
            editor.run_batch_job,
            concurrency=options.concurrency,
            prepare=editor.service.prepare,
            on_change=reporter.update,
        )
        batches.append(batch)
        await batch.run()


@contextlib.contextmanager
def _relay_base_url(demo: bool) -> Iterator[str | None]:
    if not demo:
        yield None
        return
    from desktop_app.demo import DemoProvider

    with DemoProvider(latency=1.0) as provider:
        yield provider.base_url
