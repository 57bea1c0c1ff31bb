"""Files the history owns: inputs kept by content hash, process sessions, crash leftovers.

Inputs are copied into ``inputs/<sha256[:2]>/<sha256>.<ext>`` so a job can be reopened or
retried after the original moved; the same picture is stored once however often it is used.

A :class:`Session` is one process using the history. It holds an OS lock on
``sessions/<id>.lock`` for as long as it lives; the OS drops the lock when the process dies,
even by SIGKILL, which is how a later process tells a job that is still running elsewhere
from one whose process is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sys
import tempfile
import uuid
from pathlib import Path
from typing import IO

from desktop_app.core.files import publish_without_overwrite

# Where region masks are kept, by content, beside the history (core/history/masks.py).
MASKS_FOLDER = "masks"

log = logging.getLogger(__name__)

_HASH_CHUNK = 1024 * 1024
_SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF8", ".gif"),
    (b"BM", ".bmp"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)


def job_temp_prefix(job_id: str) -> str:
    """The prefix of a job's hidden download temp files (see ``EditHooks.temp_prefix``)."""
    return f".retouch-job-{job_id}-"


def _extension(path: Path, head: bytes) -> str:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    for magic, extension in _MAGIC:
        if head.startswith(magic):
            return extension
    suffix = path.suffix.lower()
    return suffix if _SAFE_EXTENSION.match(suffix) else ".bin"


def store_input(source: Path, root: Path, tag: str) -> tuple[Path, str]:
    """Copy ``source`` into ``root`` by content hash (once); returns (stored path, sha256).

    The copy goes through a hidden ``.<tag>-*.part`` temp file and a rename, so a crash
    leaves either no file or a complete one.

    Raises:
        OSError: the source cannot be read or the copy cannot be written.
    """
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        head = handle.read(16)
        digest.update(head)
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    sha = digest.hexdigest()
    folder = root / sha[:2]
    existing = sorted(folder.glob(f"{sha}.*")) if folder.is_dir() else []
    if existing:
        return existing[0], sha
    target = folder / f"{sha}{_extension(source, head)}"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{tag}-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as sink, source.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                sink.write(chunk)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(tmp, target)  # a concurrent copy has the same bytes: either one wins
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target, sha


def _try_lock(handle: IO[bytes]) -> bool:
    """Lock ``handle`` exclusively without waiting; False if someone else holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class Session:
    """This process's claim on the history: a held lock on ``sessions/<id>.lock``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.id = uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        self._path = folder / f"{self.id}.lock"
        self._handle: IO[bytes] | None = self._path.open("a+b")
        if not _try_lock(self._handle):  # a fresh random name: cannot be taken
            raise OSError(f"could not lock {self._path}")

    def close(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # releases the lock
            with contextlib.suppress(OSError):
                self._path.unlink()

    def is_alive(self, session_id: str | None) -> bool:
        """Whether the process of ``session_id`` still runs (this one counts as alive)."""
        if not session_id or not re.fullmatch(r"[0-9a-f]{32}", session_id):
            return False
        if session_id == self.id:
            return True
        path = self.folder / f"{session_id}.lock"
        try:
            handle = path.open("r+b")
        except OSError:
            return False
        with handle:
            if not _try_lock(handle):
                return True
        with contextlib.suppress(OSError):
            path.unlink()  # a dead session's file: nobody holds it any more
        return False


def sweep_input_temps(root: Path, session: Session) -> None:
    """Delete input temp files that a dead process left in ``root`` (never a live one's)."""
    if not root.is_dir():
        return
    for tmp in root.glob("*/.*.part"):
        owner = tmp.name[1:].split("-", 1)[0]
        if not session.is_alive(owner):
            with contextlib.suppress(OSError):
                tmp.unlink()


def recover_partial_results(job_id: str, folder: Path, stem: str) -> list[tuple[Path, tuple]]:
    """Deal with the download temp files an interrupted job left in ``folder``.

    A temp file that decodes completely (the process died between the check and the rename)
    is a paid result: it gets its final ``<stem>-edit-<n>.<ext>`` name. Anything else is an
    incomplete download and is deleted (the result links stay in the history).

    Returns:
        (path, (format, width, height)) of every result recovered.
    """
    from desktop_app.core.errors import RetouchError
    from desktop_app.core.relay.downloader import EXTENSIONS, identify_image

    recovered: list[tuple[Path, tuple]] = []
    if not folder.is_dir():
        return recovered
    for tmp in sorted(folder.glob(f"{job_temp_prefix(job_id)}*.part")):
        try:
            fmt, width, height = identify_image(tmp)
        except RetouchError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            continue
        extension = EXTENSIONS.get(fmt, ".png")
        try:
            final = publish_without_overwrite(
                tmp, lambda n, ext=extension: folder / f"{stem}-edit-{n}{ext}"
            )
        except OSError as exc:
            log.warning("could not recover %s: %s", tmp, exc)
            continue
        recovered.append((final, (fmt, width, height)))
    return recovered
