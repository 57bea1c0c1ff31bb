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
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import io
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import APP_NAME, __version__
from desktop_app.cli import messages as words
from desktop_app.cli.reporting import (
    ProgressReporter,
    report_failure,
    result_json,
    result_warnings,
)
from desktop_app.cli.safe_text import TerminalSafeFormatter, json_line, terminal_safe
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import RedactingFilter

if TYPE_CHECKING:
    from desktop_app.core.edit_job import EditRequest, EditResult

    Planner = Callable[[argparse.Namespace], list[EditRequest]]

SUBCOMMANDS = ("edit", "create", "token", "history")
# What ``retouch-studio --help`` lists; every name of SUBCOMMANDS has a line (a test checks).
COMMAND_HELP = {
    "edit": ("edit INPUT --prompt TEXT", "edit pictures without the window"),
    "create": ("create --prompt TEXT", "make a picture from the prompt alone"),
    "history": ("history", "list the edits made so far"),
    "token": ("token set|status|clear", "keep the API token in the system keyring"),
}
EXIT_INTERRUPTED = 130


def build_edit_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retouch-studio edit",
        description="Edit pictures with the AI model, without the window.",
        epilog="The token comes from RETOUCH_API_KEY or the system keyring; --demo needs none.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="picture(s) to edit; each is its own job (see --together)",
    )
    parser.add_argument("--prompt", required=True, help="what to change, in any language")
    parser.add_argument("--ratio", default="auto", help="auto (default) or W:H, e.g. 4:3")
    parser.add_argument("--model", help="model id (default from settings: gpt-4o-image-vip)")
    parser.add_argument("--base-url", help="provider base URL (https://, or http:// to loopback)")
    parser.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="folder for results (default: next to the first input)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="seconds the relay may stay silent (default 300); the whole request is limited "
        "by model_deadline in settings.json (default 600) or S, whichever is longer",
    )
    parser.add_argument(
        "--variations",
        type=int,
        default=1,
        metavar="N",
        help="run each job N times and keep every result (1-10, default 1)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=2,
        metavar="N",
        help="jobs running at the same time (1-8, default 2)",
    )
    parser.add_argument(
        "--together",
        action="store_true",
        help="send all inputs (at most 4) as reference images of one request",
    )
    from desktop_app.cli.masks import add_mask_options  # the window's start need not load it

    add_mask_options(parser)
    from desktop_app.cli.create import add_picture_options, add_run_options

    add_picture_options(parser)
    add_run_options(parser)
    return parser


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
        return run_edit_command(build_edit_parser().parse_args(args[1:]))
    if args and args[0] == "create":
        from desktop_app.cli.create import parse_create_options, plan_creations

        return run_edit_command(parse_create_options(args[1:]), planner=plan_creations)
    if args and args[0] == "token":
        from desktop_app.cli.token import run_token_command

        return run_token_command(args[1:])
    if args and args[0] == "history":
        from desktop_app.cli.history import run_history_command

        return run_history_command(args[1:])
    options = build_gui_parser().parse_args(args)
    if options.self_test:
        from desktop_app.cli import self_test

        return self_test.run_self_test()
    from desktop_app.ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(file=options.file, demo=options.demo)


def configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(TerminalSafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler], force=True
    )
    logging.getLogger("httpcore").setLevel(logging.INFO)


def run_edit_command(options: argparse.Namespace, planner: Planner | None = None) -> int:
    """Run ``edit`` (or ``create``, with its ``planner``) and print the outcome."""
    configure_logging(options.verbose)
    from desktop_app.cli.jobs import job_count, plan_from_options, run_batch_command

    planner = planner or plan_from_options
    if job_count(options) != 1:
        return run_batch_command(options, planner)
    reporter = ProgressReporter(sys.stderr)
    try:
        result = asyncio.run(_edit(options, reporter, planner))
    except RetouchError as error:
        reporter.finish()
        return report_failure(error, options.json)
    except KeyboardInterrupt:
        reporter.finish()
        return report_failure(
            RetouchError(ErrorKind.CANCELLED, words.tr(words.INTERRUPTED)),
            options.json,
        )
    reporter.finish()
    if options.json:
        print(json_line(result_json(result)))
    else:
        for path in result.outputs:
            print(terminal_safe(path.resolve()))
    for warning in result_warnings(result):
        print(terminal_safe(words.tr(words.WARNING_LINE).format(warning=warning)), file=sys.stderr)
    return 0


async def _edit(
    options: argparse.Namespace, reporter: ProgressReporter, planner: Planner
) -> EditResult:
    from desktop_app.cli.jobs import edit_session

    (request,) = planner(options)
    async with edit_session(options) as editor:
        ticker = asyncio.create_task(reporter.tick())
        try:
            return (await editor.edit(request, reporter.update)).result
        finally:
            ticker.cancel()


if __name__ == "__main__":
    sys.exit(main())
