"""The job history: every edit, recorded before it is sent, kept after crashes and updates.

A SQLite file (stdlib ``sqlite3``, WAL) at ``data_dir()/history.sqlite3``, schema versioned
by :mod:`desktop_app.core.history.schema`; input pictures are kept by content hash under
``data_dir()/inputs`` (:mod:`desktop_app.core.history.files`). The token is never stored:
a job knows the relay's host name only.

Crash safety: every write is its own transaction; result files are saved atomically before
a row points at them; a job's row exists before its request leaves. A job whose process
died (crash, SIGKILL, power loss) stays ``running`` until the next process calls
:meth:`HistoryStore.mark_interrupted_on_start`, which marks it ``interrupted`` and recovers
or removes what its downloads left behind.

How the window uses it (the rule: every call is blocking and short, so run it in the
executor, never on the GUI thread, and never touch widgets inside the call)::

    store = await loop.run_in_executor(executor, HistoryStore.open_default)
    await loop.run_in_executor(executor, store.mark_interrupted_on_start)
    page = await loop.run_in_executor(
        executor, functools.partial(store.list_jobs, search=text, limit=100, offset=0)
    )
    # ... fill the panel from the JobRecords; the next page when the user scrolls near
    # the end; store.count_jobs(search) for the scroll range; store.usage_by_day() for the
    # daily totals; store.star / delete / chain / get on the user's actions.

Edits are recorded by :class:`desktop_app.core.recorded_edit.RecordedEditor`, which wraps
``EditService.edit``; close the store (``store.close()``) when the app quits.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.history import files as history_files
from desktop_app.core.history.queries import HistoryQueries
from desktop_app.core.history.records import (
    RESULT_ROLE,
    DayUsage,
    JobError,
    JobRecord,
    JobStatus,
    OutputFile,
)
from desktop_app.core.history.schema import NewerSchemaError, open_database, usage_tokens
from desktop_app.core.relay.limits import bounded_text

__all__ = ["DayUsage", "HistoryStore", "JobError", "JobRecord", "JobStatus", "OutputFile"]

log = logging.getLogger(__name__)

HISTORY_FILE_NAME = "history.sqlite3"
INTERRUPTED_MESSAGE = "Retouch Studio stopped before this job finished. Try again to rerun it."


def _now() -> datetime:
    return datetime.now().astimezone()


class HistoryStore(HistoryQueries):
    """The history database of one data folder; thread-safe (one connection, one lock).

    Reading (``list_jobs``, ``count_jobs``, ``get``, ``chain``, ``children``,
    ``usage_by_day``, ``job_for_output``) comes from :class:`HistoryQueries`.

    Args:
        path: the SQLite file; ``inputs/`` and ``sessions/`` are created beside it.
        synchronous: SQLite's ``synchronous`` (FULL: a finished job survives power loss).
        now: the clock for ``created`` and ``finished`` (tests pass a fixed one).
    """

    def __init__(
        self, path: Path, *, synchronous: str = "FULL", now: Callable[[], datetime] = _now
    ) -> None:
        self.path = Path(path)
        self.inputs_dir = self.path.parent / "inputs"
        self._now = now
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = open_database(self.path, synchronous)
        self.session = history_files.Session(self.path.parent / "sessions")

    @classmethod
    def open_default(cls) -> HistoryStore:
        from desktop_app.core.settings import data_dir

        return cls(data_dir() / HISTORY_FILE_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self.session.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # --- recording a job ------------------------------------------------------------------

    def create_job(
        self,
        inputs: Sequence[Path],
        prompt: str,
        ratio: str,
        model: str,
        *,
        host: str = "",
        settings: dict[str, Any] | None = None,
        parent_id: str | None = None,
    ) -> JobRecord:
        """Record a new ``running`` job; call it before the request is sent.

        The inputs are copied into the history first (by content hash, once).

        Raises:
            OSError: an input cannot be read or copied (nothing is recorded then).
        """
        stored = [(path, *self._store_input(path)) for path in inputs]
        created = self._now()
        job_id = uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(
                "INSERT INTO jobs (id, created, created_ts, prompt, ratio, model, host, "
                "settings, parent_id, status, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    created.isoformat(timespec="seconds"),
                    created.timestamp(),
                    prompt,
                    ratio,
                    model,
                    host,
                    json.dumps(settings or {}, ensure_ascii=False),
                    parent_id,
                    JobStatus.RUNNING.value,
                    self.session.id,
                ),
            )
            conn.executemany(
                "INSERT INTO job_inputs (job_id, position, path, sha256, source_name) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (job_id, n, str(copy), sha, src.name)
                    for n, (src, copy, sha) in enumerate(stored)
                ],
            )
        for source, copy, _ in stored:
            if not copy.exists():  # a delete of the last job using it raced with us
                self._store_input(source)
        return JobRecord(
            id=job_id,
            created=created.replace(microsecond=0),
            prompt=prompt,
            ratio=ratio,
            model=model,
            status=JobStatus.RUNNING,
            inputs=tuple(copy for _, copy, _ in stored),
            source_names=tuple(source.name for source, _, _ in stored),
            parent_id=parent_id,
            host=host,
            settings=dict(settings or {}),
        )

    def _store_input(self, source: Path) -> tuple[Path, str]:
        copy, sha = history_files.store_input(source, self.inputs_dir, self.session.id)
        return copy.resolve(), sha

    def update_stage(self, job_id: str, stage: str) -> None:
        """Note the pipeline stage a running job reached (a finished job is left alone)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET stage = ? WHERE id = ? AND status = ?",
                (str(stage), job_id, JobStatus.RUNNING.value),
            )

    def record_answer(
        self,
        job_id: str,
        *,
        text: str,
        usage: dict[str, Any],
        ratio_reported: str | None = None,
        model_reported: str | None = None,
        result_urls: Sequence[str] = (),
    ) -> None:
        """Keep the relay's answer as soon as it arrives, before any download."""
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET text = ?, usage = ?, prompt_tokens = ?, completion_tokens = ?, "
                "total_tokens = ?, ratio_reported = ?, model_reported = ?, result_urls = ? "
                "WHERE id = ?",
                (
                    bounded_text(text),
                    json.dumps(usage, ensure_ascii=False),
                    *usage_tokens(usage),
                    ratio_reported,
                    model_reported,
                    json.dumps(list(result_urls)),
                    job_id,
                ),
            )

    def add_output(
        self,
        job_id: str,
        path: Path,
        width: int,
        height: int,
        format: str,
        size: int = 0,
        role: str = RESULT_ROLE,
    ) -> None:
        """Point the job at a result file that is already saved under its final name.

        ``role`` :data:`MODEL_ROLE` marks a region edit's model picture (kept beside its
        composite, listed in ``JobRecord.model_outputs``).
        """
        with self._write() as conn:
            (position,) = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM job_outputs WHERE job_id = ?",
                (job_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO job_outputs (job_id, position, path, width, height, format, size, "
                "role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, position, str(Path(path).resolve()), width, height, format, size, role),
            )

    def finish(
        self,
        job_id: str,
        status: JobStatus | str,
        text: str | None = None,
        usage: dict[str, Any] | None = None,
        ratio_reported: str | None = None,
        error_kind: str | None = None,
        error_message: str | None = None,
        timings: dict[str, float] | None = None,
        *,
        model_reported: str | None = None,
    ) -> None:
        """Set the final status; None leaves what :meth:`record_answer` stored."""
        status = JobStatus(status)
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET status = ?, finished = ?, error_kind = ?, error_message = ?, "
                "timings = ?, text = coalesce(?, text), "
                "ratio_reported = coalesce(?, ratio_reported), "
                "model_reported = coalesce(?, model_reported) WHERE id = ?",
                (
                    status.value,
                    self._now().isoformat(timespec="seconds"),
                    error_kind,
                    None if error_message is None else bounded_text(error_message),
                    json.dumps(timings or {}),
                    None if text is None else bounded_text(text),
                    ratio_reported,
                    model_reported,
                    job_id,
                ),
            )
            if usage is not None:
                conn.execute(
                    "UPDATE jobs SET usage = ?, prompt_tokens = ?, completion_tokens = ?, "
                    "total_tokens = ? WHERE id = ?",
                    (json.dumps(usage, ensure_ascii=False), *usage_tokens(usage), job_id),
                )

    def mark_interrupted_on_start(self) -> list[str]:
        """Mark ``interrupted`` every running job whose process is gone; returns their ids.

        Jobs of processes still running (another window, a CLI batch) are left alone. What
        the dead job's downloads left behind is recovered (complete files) or deleted.
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, session, settings FROM jobs WHERE status = ?",
                (JobStatus.RUNNING.value,),
            ).fetchall()
        dead = [
            (job_id, settings)
            for job_id, session, settings in rows
            if not self.session.is_alive(session)
        ]
        for job_id, settings in dead:
            self.finish(
                job_id,
                JobStatus.INTERRUPTED,
                error_kind="interrupted",
                error_message=INTERRUPTED_MESSAGE,
            )
            self._recover_downloads(job_id, settings)
        history_files.sweep_input_temps(self.inputs_dir, self.session)
        return [job_id for job_id, _ in dead]

    def _recover_downloads(self, job_id: str, settings_json: str) -> None:
        try:
            settings = json.loads(settings_json or "{}")
            folder, stem = Path(settings["output_dir"]), str(settings["name_stem"])
        except (ValueError, KeyError, TypeError):
            return
        try:
            found = history_files.recover_partial_results(job_id, folder, stem)
        except OSError as exc:
            log.warning("could not look for leftovers of job %s: %s", job_id, exc)
            return
        for path, (fmt, width, height) in found:
            self.add_output(job_id, path, width, height, fmt, path.stat().st_size)

    # --- the user's actions ---------------------------------------------------------------

    def star(self, job_id: str, starred: bool = True) -> None:
        with self._write() as conn:
            conn.execute("UPDATE jobs SET starred = ? WHERE id = ?", (int(starred), job_id))

    def delete(self, job_id: str) -> list[Path]:
        """Forget a job; returns its result files (that exist) for the caller to trash.

        The history's own copies of its inputs and its region mask are removed here when no
        other job uses them (the user's original pictures are never touched). Jobs that used
        this one's result as input keep their ``parent_id``; their chain simply ends there.
        """
        with self._write() as conn:
            row = conn.execute("SELECT settings FROM jobs WHERE id = ?", (job_id,)).fetchone()
            mask = self._own_mask(row[0] if row else None)
            outputs = [
                Path(path)
                for (path,) in conn.execute(
                    "SELECT path FROM job_outputs WHERE job_id = ? ORDER BY position", (job_id,)
                )
            ]
            orphans = [
                Path(path)
                for (path,) in conn.execute(
                    "SELECT DISTINCT path FROM job_inputs WHERE job_id = ? AND path NOT IN "
                    "(SELECT path FROM job_inputs WHERE job_id != ?)",
                    (job_id, job_id),
                )
            ]
            conn.execute("DELETE FROM job_outputs WHERE job_id = ?", (job_id,))
            conn.execute("DELETE FROM job_inputs WHERE job_id = ?", (job_id,))
            conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
            if mask is not None and _named_in_settings(conn, mask.name):
                mask = None  # stored once by content: another job uses the same file
        inputs = self.inputs_dir.resolve()
        for path in [*(path for path in orphans if path.is_relative_to(inputs)), mask]:
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
        return [path for path in outputs if path.exists()]

    def _own_mask(self, settings_text: str | None) -> Path | None:
        """The stored region mask a job's settings name, if it lies in this history's folder."""
        try:
            region = json.loads(settings_text or "{}").get("region") or {}
            mask = Path(str(region["mask"])).resolve()
        except (ValueError, TypeError, AttributeError, KeyError, OSError):
            return None
        masks = (self.path.parent / history_files.MASKS_FOLDER).resolve()
        return mask if mask.is_relative_to(masks) else None


def _named_in_settings(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM jobs WHERE instr(settings, ?) > 0 LIMIT 1", (name,))
    return found.fetchone() is not None


# What opening the history can raise: an unreadable folder or file, a damaged database, or
# a database written by a newer Retouch Studio.
OPEN_ERRORS: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, NewerSchemaError)


def open_session_store() -> HistoryStore:
    """The default history for a starting process, with dead processes' jobs marked
    interrupted. Blocks briefly: run it in an executor from a GUI.

    Raises:
        One of :data:`OPEN_ERRORS` when the history cannot be opened; a failed check for
        interrupted jobs is only logged (the history still records new jobs).
    """
    store = HistoryStore.open_default()
    try:
        store.mark_interrupted_on_start()
    except (OSError, sqlite3.Error) as exc:
        log.warning("could not check for interrupted jobs: %s", exc)
    return store
