"""Run a command in a fresh child process and measure its peak resident memory.

``resource.getrusage(RUSAGE_CHILDREN)`` of the process that waited for the child reports the
largest child's peak; a small wrapper process runs exactly one child, so the number belongs
to that command alone (the test process has waited for many children already).
"""

from __future__ import annotations

import os
import subprocess
import sys

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\nPEAK_KB={peak}\\n')\n"
    "sys.exit(code)\n"
)
MARK = "\nPEAK_KB="


def run_measured(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``args``; returns the finished process (wrapper line removed) and its peak in MB."""
    run = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )
    stderr, _, peak = run.stderr.rpartition(MARK)
    run.stderr = stderr
    return run, int(peak.strip()) / 1024  # ru_maxrss is in kB on Linux


def python_command(*args: str) -> list[str]:
    """``python -m desktop_app ARGS``, as :func:`tests.helpers.cli.run_cli` runs it."""
    return [sys.executable, "-m", "desktop_app", *args]
