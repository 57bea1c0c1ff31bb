"""Find where a secret ended up (the files under some folders holding it); fresh test tokens."""

from __future__ import annotations

import secrets
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


def unheard_of_token(kind: str = "relay") -> str:
    """A token no known pattern masks (no ``sk-``, no ``Bearer``) and this process never saw.

    Redaction remembers every secret it is told for the life of the process, so a test that a
    path registers its token needs one nobody registered before it.
    """
    return f"{kind}_{secrets.token_hex(8)}"
