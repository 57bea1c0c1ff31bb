"""``retouch-studio edit`` (and ``create``, which plans its jobs differently): one job with a
progress line, or a batch (:mod:`desktop_app.cli.jobs`); the outcome printed as paths or JSON.

The flags, JSON fields and exit codes are the contract described in :mod:`desktop_app.cli.entry`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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
