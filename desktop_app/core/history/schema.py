"""The history database's schema and its ordered migrations (``PRAGMA user_version``).

Each migration moves the schema from version ``n - 1`` to ``n`` inside one transaction that
also sets ``user_version``, so a crash mid-migration leaves the previous version intact.
Migrations are append-only: a released one is never edited, a change is a new one.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

# Version 1: jobs with their inputs and outputs (the first release of the history).
_V1 = (
    """CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        created_ts REAL NOT NULL,
        prompt TEXT NOT NULL,
        ratio TEXT NOT NULL,
        model TEXT NOT NULL,
        host TEXT NOT NULL DEFAULT '',
        settings TEXT NOT NULL DEFAULT '{}',
        parent_id TEXT,
        status TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        usage TEXT NOT NULL DEFAULT '{}',
        ratio_reported TEXT,
        model_reported TEXT,
        error_kind TEXT,
        error_message TEXT,
        timings TEXT NOT NULL DEFAULT '{}',
        finished TEXT
    )""",
    """CREATE TABLE job_inputs (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (job_id, position)
    )""",
    """CREATE TABLE job_outputs (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        path TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        format TEXT NOT NULL,
        PRIMARY KEY (job_id, position)
    )""",
    "CREATE INDEX jobs_by_created ON jobs (created_ts)",
)

# Version 2: what the history panel needs (star, usage per day, the owning process for
# interrupted jobs, result links kept for a re-download) and lookups by file and parent.
_V2 = (
    "ALTER TABLE jobs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE jobs ADD COLUMN session TEXT",
    "ALTER TABLE jobs ADD COLUMN result_urls TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE jobs ADD COLUMN prompt_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE jobs ADD COLUMN completion_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE jobs ADD COLUMN total_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE job_outputs ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX jobs_by_starred ON jobs (starred, created_ts)",
    "CREATE INDEX jobs_by_parent ON jobs (parent_id)",
    "CREATE INDEX jobs_by_status ON jobs (status)",
    "CREATE INDEX outputs_by_path ON job_outputs (path)",
    "CREATE INDEX inputs_by_path ON job_inputs (path)",
)


# Version 3: region edits keep the model's picture beside the composite (role "model").
_V3 = ("ALTER TABLE job_outputs ADD COLUMN role TEXT NOT NULL DEFAULT 'result'",)


def usage_tokens(usage: object) -> tuple[int, int, int]:
    """(prompt, completion, total) tokens of an OpenAI-style ``usage`` object; 0 if absent."""
    if not isinstance(usage, dict):
        return 0, 0, 0

    def count(key: str) -> int:
        value = usage.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    prompt, completion = count("prompt_tokens"), count("completion_tokens")
    return prompt, completion, count("total_tokens") or prompt + completion


def _backfill_tokens(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT id, usage FROM jobs").fetchall()
    for job_id, usage in rows:
        try:
            tokens = usage_tokens(json.loads(usage or "{}"))
        except ValueError:
            continue
        conn.execute(
            "UPDATE jobs SET prompt_tokens = ?, completion_tokens = ?, total_tokens = ? "
            "WHERE id = ?",
            (*tokens, job_id),
        )


@dataclass(frozen=True)
class Migration:
    version: int
    statements: tuple[str, ...]
    after: Callable[[sqlite3.Connection], None] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, _V1),
    Migration(2, _V2, _backfill_tokens),
    Migration(3, _V3),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


class NewerSchemaError(RuntimeError):
    """The database was written by a newer Retouch Studio; this one must not touch it."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``conn`` (autocommit mode) up to ``target``; returns the version reached.

    Raises:
        NewerSchemaError: the file is at a version this code does not know.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"The history was written by a newer Retouch Studio (schema {current}, "
            f"this version knows up to {SCHEMA_VERSION}). Update the app to open it."
        )
    for migration in MIGRATIONS:
        if not current < migration.version <= target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if schema_version(conn) >= migration.version:
                conn.execute("COMMIT")
                current = schema_version(conn)
                continue
            for statement in migration.statements:
                conn.execute(statement)
            if migration.after is not None:
                migration.after(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current = migration.version
    return current


def open_database(path: Path, synchronous: str = "FULL") -> sqlite3.Connection:
    """Open (or create) the history at ``path`` in WAL mode and migrate it to the latest.

    The connection is in autocommit mode (explicit ``BEGIN``) and may be used from any
    thread under the caller's lock. A file that is not a database is kept aside as
    ``<name>.broken-<time>`` for rescue, and a new history starts.
    """
    if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"unknown synchronous mode {synchronous!r}")
    for attempt in (1, 2):
        conn = sqlite3.connect(path, timeout=15.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if attempt == 2 or "not a database" not in str(exc):
                raise
            _set_aside_broken_file(path, exc)
            continue
        return conn
    raise AssertionError("unreachable")


def _set_aside_broken_file(path: Path, exc: Exception) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log.error("history %s unreadable (%s); keeping it as .broken-%s", path, exc, stamp)
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            source.replace(source.with_name(f"{source.name}.broken-{stamp}"))
