"""Atomic, never-overwriting file writes: a crash leaves either the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> Path:
    """Replace ``target`` with ``data`` through a temp file in the same folder, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def publish_without_overwrite(
    tmp: Path, name_for: Callable[[int], Path], first: int = 1, attempts: int = 10_000
) -> Path:
    """Give the finished temp file ``tmp`` the first free name ``name_for(n)``, n = first, ...

    A hard link claims the name atomically and fails if it exists, so two writers never
    overwrite each other; file systems without hard links fall back to an exclusive create.
    """
    try:
        for n in range(first, first + attempts):
            candidate = name_for(n)
            try:
                os.link(tmp, candidate)
            except FileExistsError:
                continue
            except OSError:
                if candidate.exists():
                    continue
                try:
                    fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                except FileExistsError:
                    continue
                os.close(fd)
                os.replace(tmp, candidate)
                return candidate
            return candidate
        raise FileExistsError(f"no free file name after {attempts} tries: {name_for(first)}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def temp_file_beside(
    folder: Path, suffix: str = ".part", prefix: str = ".retouch-"
) -> tuple[int, Path]:
    """An open temp file in ``folder`` (hidden, ``.part``) to stream into before publishing.

    ``prefix`` lets a caller tag its temp files (the history names them after the job), so
    what a killed process left behind can be traced back and cleaned up or recovered.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    return fd, Path(tmp)
