"""Atomic, never-overwriting file writes: a crash leaves either the old file or the new one.

Files are written to a temporary file first, which ``mkstemp`` creates ``rw-------``. What
the user makes (results, exports) then gets the permissions any other program's new file
would, from the user's umask, so colleagues and shared drives can open it; what is the app's
own (settings) stays private.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_PRIVATE_MODE = 0o600


def _umask_from_proc() -> int | None:
    """The process umask as Linux reports it, read without changing it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return None


def _umask_by_setting() -> int:
    # Setting the umask is the only portable way to read it; done once, at import, before
    # any thread of the app creates files with the briefly changed value.
    current = os.umask(0o077)
    os.umask(current)
    return current


_IMPORT_UMASK = _umask_from_proc()
if _IMPORT_UMASK is None:
    _IMPORT_UMASK = _umask_by_setting()


def shared_mode() -> int:
    """The permissions of a new file by the user's umask (``rw-r--r--`` under umask 022)."""
    umask = _umask_from_proc()
    return 0o666 & ~(_IMPORT_UMASK if umask is None else umask)


def _set_mode(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows: only the read-only flag exists, and a new file is not read-only
        os.chmod(path, mode)


def write_atomically(target: Path, data: bytes, *, private: bool = False) -> Path:
    """Replace ``target`` with ``data`` through a temp file in the same folder, then rename.

    The file gets the permissions of the user's umask, or ``rw-------`` when ``private``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        _set_mode(fd, tmp, _PRIVATE_MODE if private else shared_mode())
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

    It has the permissions of the user's umask already, for the file it becomes.
    ``prefix`` lets a caller tag its temp files (the history names them after the job), so
    what a killed process left behind can be traced back and cleaned up or recovered.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    try:
        _set_mode(fd, tmp, shared_mode())  # published under its final name as it is
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return fd, Path(tmp)
