"""Find where a secret ended up: the files under some folders whose bytes contain it."""

from __future__ import annotations

from pathlib import Path


def files_containing(secret: str, *folders: Path) -> list[Path]:
    """Every file below ``folders`` (missing folders are skipped) whose bytes hold ``secret``."""
    return [
        path
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]
