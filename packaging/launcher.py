"""The frozen app's entry point: the same ``main`` as the ``retouch-studio`` console script.

So the bundle answers ``retouch-studio``, ``retouch-studio FILE``, ``retouch-studio edit ...``,
``retouch-studio token ...`` and ``retouch-studio --self-test`` exactly like an installed wheel.
"""

from __future__ import annotations

import os
import sys


def _attach_parent_console() -> None:
    """Windows, windowed build: print into the console that started us, if there is one.

    A windowed (GUI subsystem) .exe starts with no stdout/stderr, so ``edit --json`` and
    ``--self-test`` would print nothing. Attaching to the parent's console restores output
    when run from cmd or PowerShell; started from Explorer there is none and output goes
    nowhere, as before.
    """
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    attached = ctypes.windll.kernel32.AttachConsole(-1)  # ATTACH_PARENT_PROCESS
    target = "CONOUT$" if attached else os.devnull
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8", errors="replace")  # noqa: SIM115


def run() -> int:
    _attach_parent_console()
    from desktop_app.cli.entry import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
