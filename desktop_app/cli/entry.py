"""Command line: ``retouch-studio [FILE] [--demo]`` opens the window, ``edit`` runs headless.

The ``edit`` command is a contract scripts rely on (flags, JSON fields, exit codes):

    retouch-studio edit INPUT [INPUT ...] --prompt TEXT [--ratio auto|W:H] [--model M]
                        [--base-url URL] [--output DIR] [--timeout S] [--json] [--demo]
                        [--variations N] [--concurrency N] [--together]
                        [--mask FILE [--feather PX] [--no-paste-back]]
                        [--api chat|images] [--size S] [--quality Q] [--background B]
    retouch-studio create --prompt TEXT [...]: see :mod:`desktop_app.cli.create`
    retouch-studio history [--json] [--limit N] [--offset N] [--search TEXT] [--starred]

Exit codes: 0 success, 2 bad input or usage (nothing sent), 3 token / quota / model access,
4 no image (refusal, moderation, busy), 5 network, server, unreadable answer or failed
download, 130 interrupted. Several jobs: see :mod:`desktop_app.cli.jobs`.

This module only dispatches: each command's module is imported when that command runs, so
opening the window loads none of the headless machinery (``edit``: ``cli/edit_command.py``).
"""

from __future__ import annotations

import argparse
import codecs
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import APP_NAME, __version__

SUBCOMMANDS = ("edit", "create", "token", "history")
# What ``retouch-studio --help`` lists; every name of SUBCOMMANDS has a line (a test checks).
COMMAND_HELP = {
    "edit": ("edit INPUT --prompt TEXT", "edit pictures without the window"),
    "create": ("create --prompt TEXT", "make a picture from the prompt alone"),
    "history": ("history", "list the edits made so far"),
    "token": ("token set|status|clear", "keep the API token in the system keyring"),
}


def build_gui_parser() -> argparse.ArgumentParser:
    lines = [
        f"  retouch-studio {usage:<26}  {summary}"
        for name, (usage, summary) in COMMAND_HELP.items()
        if name in SUBCOMMANDS
    ]
    parser = argparse.ArgumentParser(
        prog="retouch-studio",
        description=f"{APP_NAME}: drop a picture, say what to change, compare before and after.",
        epilog="commands:\n" + "\n".join(lines) + "\nEach command has its own --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="a picture to open")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in offline demo provider (no token, no network)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, run one demo edit on a bundled sample and exit "
        "(0 = passed); no token or network",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def use_utf8_output() -> None:
    """Print UTF-8 whatever the console's or pipe's code page (cp1252, cp936 on Windows).

    Scripts read ``--json`` and paths as UTF-8; a Chinese prompt or folder name would
    otherwise fail with UnicodeEncodeError on cp1252 or come out as GBK on cp936.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != "utf-8":
            stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_output()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "edit":
        from desktop_app.cli.edit_command import build_edit_parser, run_edit_command

        return run_edit_command(build_edit_parser().parse_args(args[1:]))
    if args and args[0] == "create":
        from desktop_app.cli.create import parse_create_options, plan_creations
        from desktop_app.cli.edit_command import run_edit_command

        return run_edit_command(parse_create_options(args[1:]), planner=plan_creations)
    if args and args[0] == "token":
        from desktop_app.cli.token import run_token_command

        return run_token_command(args[1:])
    if args and args[0] == "history":
        from desktop_app.cli.history import run_history_command

        return run_history_command(args[1:])
    if not args:  # the window, as a launcher starts it: no parser to build
        from desktop_app.ui.app import run_app

        return run_app()
    options = build_gui_parser().parse_args(args)
    if options.self_test:
        from desktop_app.cli import self_test

        return self_test.run_self_test()
    from desktop_app.ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(file=options.file, demo=options.demo)


if __name__ == "__main__":
    sys.exit(main())
