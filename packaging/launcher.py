"""The frozen app's entry point: the same ``main`` as the ``retouch-studio`` console script.

So the bundle answers ``retouch-studio``, ``retouch-studio FILE``, ``retouch-studio edit ...``,
``retouch-studio token ...`` and ``retouch-studio --self-test`` exactly like an installed wheel.

On Windows the bundle has two executables built from this script: ``retouch-studio.exe``
(windowed: no console flashes up when the app starts from the Start menu) and
``retouch-studio-cli.exe`` (a console program: scripts, pipes, typing the token at
``token set``, Ctrl+C). The windowed one still answers command-line use from a terminal by
attaching to the terminal's console, but only for commands: a window attached to a console
would die with it when the console closes or gets Ctrl+C.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

# What prints or reads on a terminal; anything else (no argument, or a picture) opens the window.
CONSOLE_COMMANDS = ("edit", "create", "token", "history")
CONSOLE_OPTIONS = ("--self-test", "--version", "--help", "-h")


def wants_console(argv: Sequence[str]) -> bool:
    """Whether these arguments run a command that talks to a terminal (not the window)."""
    if not argv:
        return False
    return argv[0] in CONSOLE_COMMANDS or any(arg in CONSOLE_OPTIONS for arg in argv)


def reconnect_stdio(open_stream: Callable[[str, str], TextIO], attached: bool) -> None:
    """Give ``sys.stdin``/``stdout``/``stderr`` a stream wherever the process started without.

    ``attached``: the parent's console is ours (``CONIN$``/``CONOUT$`` reach it); otherwise
    the streams go nowhere, so ``print`` and ``input`` fail cleanly instead of crashing on
    ``None``.
    """
    output = "CONOUT$" if attached else os.devnull
    source = "CONIN$" if attached else os.devnull
    if sys.stdin is None:
        sys.stdin = open_stream(source, "r")
    if sys.stdout is None:
        sys.stdout = open_stream(output, "w")
    if sys.stderr is None:
        sys.stderr = open_stream(output, "w")


def _open_console_stream(name: str, mode: str) -> TextIO:
    return open(name, mode, encoding="utf-8", errors="replace")


def _attach_parent_console(argv: Sequence[str]) -> None:
    """Windows, windowed build: a command prints into (and reads from) the starting console."""
    if sys.platform != "win32" or None not in (sys.stdin, sys.stdout, sys.stderr):
        return
    attached = False
    if wants_console(argv):
        import ctypes

        attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
    reconnect_stdio(_open_console_stream, attached)


def run() -> int:
    _attach_parent_console(sys.argv[1:])
    from desktop_app.cli.entry import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
