"""Run ``retouch-studio`` as a real process, as scripts do: ``python -m desktop_app ...``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _command(args: tuple[str | Path, ...]) -> list[str]:
    return [sys.executable, "-m", "desktop_app", *map(str, args)]


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    return {**os.environ, **(env or {})}


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run to the end; stdin is closed so nothing can wait for a prompt."""
    return subprocess.run(
        _command(args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_environment(env),
        stdin=subprocess.DEVNULL,
    )


def start_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start without waiting, for tests that interrupt or kill the process."""
    return subprocess.Popen(
        _command(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(env),
        stdin=subprocess.DEVNULL,
    )
