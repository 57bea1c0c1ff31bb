"""Reading the history: pages of jobs, search, chains, usage per day (see ``history.py``)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from desktop_app.core.history.records import JOB_COLUMNS, DayUsage, JobRecord, record_from_row

_MAX_CHAIN = 100
# Pages carry an excerpt of the answer text: rows written before texts were bounded may hold
# megabytes, and a page of them must not cost that much memory.
LIST_TEXT_CHARS = 4096
LIST_COLUMNS = JOB_COLUMNS.replace(" text,", f" substr(text, 1, {LIST_TEXT_CHARS}),", 1)
_MAX_PAGE = 500  # ids of a page go into one IN (...); old SQLite allows 999 variables


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filters(search: str | None, starred_only: bool) -> tuple[str, list[object]]:
    """A WHERE clause: every word of ``search`` in the prompt or an input's file name."""
    clauses: list[str] = []
    params: list[object] = []
    for term in (search or "").split():
        pattern = f"%{_escape_like(term)}%"
        clauses.append(
            # IN (...) reads job_inputs once per query, where a correlated EXISTS would look
            # it up once per job: a search for a word no job has stays fast at 50,000 jobs.
            "(prompt LIKE ? ESCAPE '\\' OR id IN (SELECT job_id FROM job_inputs "
            "WHERE source_name LIKE ? ESCAPE '\\'))"
        )
        params += [pattern, pattern]
    if starred_only:
        clauses.append("starred = 1")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class HistoryQueries:
    """The read side of :class:`desktop_app.core.history.store.HistoryStore`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def list_jobs(
        self,
        search: str | None = None,
        starred_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[JobRecord]:
        """One page of jobs, newest first.

        Args:
            search: words that must all appear in the prompt or an input's file name
                (case-insensitive for Latin letters); None or blank lists everything.
            starred_only: only starred jobs.
            limit: page size (at most 500); offset: jobs to skip.
        """
        where, params = _filters(search, starred_only)
        limit = max(0, min(int(limit), _MAX_PAGE))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {LIST_COLUMNS} FROM jobs{where} "
                "ORDER BY created_ts DESC, rowid DESC LIMIT ? OFFSET ?",
                (*params, limit, max(0, int(offset))),
            ).fetchall()
            return self._records(rows)

    def count_jobs(self, search: str | None = None, starred_only: bool = False) -> int:
        """How many jobs :meth:`list_jobs` pages through with the same filter."""
        where, params = _filters(search, starred_only)
        with self._lock:
            return int(
                self._conn.execute(f"SELECT count(*) FROM jobs{where}", params).fetchone()[0]
            )

    def get(self, job_id: str) -> JobRecord | None:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,)
            ).fetchall()
            records = self._records(rows)
        return records[0] if records else None

    def chain(self, job_id: str) -> list[JobRecord]:
        """The job and its "use as input" ancestors, oldest first (ends with ``job_id``).

        A deleted ancestor ends the chain there.
        """
        chain: list[JobRecord] = []
        seen: set[str] = set()
        current: str | None = job_id
        while current and current not in seen and len(chain) < _MAX_CHAIN:
            seen.add(current)
            record = self.get(current)
            if record is None:
                break
            chain.append(record)
            current = record.parent_id
        return chain[::-1]

    def children(self, job_id: str) -> list[JobRecord]:
        """Jobs that used a result of ``job_id`` as their input, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {JOB_COLUMNS} FROM jobs WHERE parent_id = ? ORDER BY created_ts, rowid",
                (job_id,),
            ).fetchall()
            return self._records(rows)

    def job_for_output(self, path: Path) -> str | None:
        """The job that produced the result file ``path``, if the history knows it."""
        with self._lock:
            row = self._conn.execute(
                "SELECT job_id FROM job_outputs WHERE path = ? LIMIT 1",
                (str(Path(path).resolve()),),
            ).fetchone()
        return row[0] if row else None

    def usage_by_day(self, days: int | None = None) -> list[DayUsage]:
        """Jobs and tokens per local calendar day, newest day first (``days`` limits it)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT substr(created, 1, 10) AS day, count(*), sum(prompt_tokens), "
                "sum(completion_tokens), sum(total_tokens) FROM jobs "
                "GROUP BY day ORDER BY day DESC LIMIT ?",
                (-1 if days is None else int(days),),
            ).fetchall()
        return [DayUsage(*row) for row in rows]

    def integrity_check(self) -> str:
        """SQLite's own check of the file: ``"ok"`` when sound."""
        with self._lock:
            return "\n".join(row[0] for row in self._conn.execute("PRAGMA integrity_check"))

    def _records(self, rows: list[tuple]) -> list[JobRecord]:
        """Records for ``rows`` with their inputs and outputs (two queries for the page)."""
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ", ".join("?" * len(ids))
        inputs: dict[str, list[tuple[str, str]]] = {job_id: [] for job_id in ids}
        outputs: dict[str, list[tuple[str, int, int, str, str]]] = {job_id: [] for job_id in ids}
        for job_id, path, name in self._conn.execute(
            f"SELECT job_id, path, source_name FROM job_inputs WHERE job_id IN ({marks}) "
            "ORDER BY job_id, position",
            ids,
        ):
            inputs[job_id].append((path, name))
        for job_id, path, width, height, fmt, role in self._conn.execute(
            f"SELECT job_id, path, width, height, format, role FROM job_outputs "
            f"WHERE job_id IN ({marks}) ORDER BY job_id, position",
            ids,
        ):
            outputs[job_id].append((path, width, height, fmt, role))
        return [record_from_row(row, inputs[row[0]], outputs[row[0]]) for row in rows]
