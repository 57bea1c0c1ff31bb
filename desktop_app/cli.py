"""Command line: ``retouch-studio [FILE] [--demo]`` opens the window, ``edit`` runs headless.

The ``edit`` command is a contract scripts rely on (flags, JSON fields, exit codes):

    retouch-studio edit INPUT [INPUT ...] --prompt TEXT [--ratio auto|W:H] [--model M]
                        [--base-url URL] [--output DIR] [--timeout S] [--json] [--demo]

Exit codes: 0 success, 2 bad input or usage (nothing sent), 3 token / quota / model access,
4 no image (refusal, moderation, busy), 5 network, server, unreadable answer or failed
download, 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

from desktop_app import APP_NAME, __version__
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import RedactingFilter

if TYPE_CHECKING:
    from desktop_app.core.editing import EditResult, Progress

SUBCOMMANDS = ("edit", "token")
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
        help="picture(s) to edit; several go into one request as references",
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
        "--timeout", type=float, metavar="S", help="seconds to wait for the model (default 300)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in offline demo provider (no token, no network)",
    )
    parser.add_argument("--verbose", action="store_true", help="log details to stderr")
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retouch-studio",
        description=f"{APP_NAME}: drop a picture, say what to change, compare before and after.",
        epilog="Headless: retouch-studio edit --help",
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
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "edit":
        return run_edit_command(build_edit_parser().parse_args(args[1:]))
    if args and args[0] == "token":
        from desktop_app.token_cli import run_token_command

        return run_token_command(args[1:])
    options = build_gui_parser().parse_args(args)
    if options.self_test or options.startup_probe:
        from desktop_app import self_test

        return self_test.run_self_test() if options.self_test else self_test.run_startup_probe()
    from desktop_app.ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(file=options.file, demo=options.demo)


def configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler], force=True
    )
    logging.getLogger("httpcore").setLevel(logging.INFO)


def run_edit_command(options: argparse.Namespace) -> int:
    """Run ``edit`` and print the outcome; returns the exit code."""
    configure_logging(options.verbose)
    reporter = ProgressReporter(sys.stderr)
    try:
        result = asyncio.run(_edit(options, reporter))
    except RetouchError as error:
        reporter.finish()
        return _report_failure(error, options.json)
    except KeyboardInterrupt:
        reporter.finish()
        return _report_failure(
            RetouchError(ErrorKind.CANCELLED, "Interrupted; nothing was saved from this job."),
            options.json,
        )
    reporter.finish()
    if options.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        for path in result.outputs:
            print(path.resolve())
    for warning in _result_warnings(result):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _result_warnings(result: EditResult) -> list[str]:
    notes = list(result.warnings)
    if result.ratio_mismatch:
        sizes = ", ".join(f"{r.width}×{r.height}" for r in result.results)
        notes.append(f"asked for {result.ratio_requested}, the model returned {sizes}")
    return notes


def _report_failure(error: RetouchError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": error.to_json()}, ensure_ascii=False))
    print(f"error: {error.message}", file=sys.stderr)
    if error.reason and error.reason not in error.message:
        print(f"reason: {error.reason}", file=sys.stderr)
    return error.exit_code


async def _edit(options: argparse.Namespace, reporter: ProgressReporter) -> EditResult:
    from desktop_app.core.credentials import require_token
    from desktop_app.core.editing import EditRequest, EditService
    from desktop_app.core.endpoint import validate_base_url
    from desktop_app.core.proxy import proxy_options_for
    from desktop_app.core.settings import load_settings
    from desktop_app.core.transport import open_http_client

    settings = load_settings()
    overrides: dict[str, object] = {}
    if options.base_url:
        overrides["base_url"] = options.base_url
    if options.model:
        overrides["model"] = options.model
    if options.timeout:
        overrides["read_timeout"] = options.timeout
    settings = dataclasses.replace(settings, **overrides)
    output_dir = options.output or options.inputs[0].expanduser().resolve().parent
    request = EditRequest(
        inputs=tuple(p.expanduser() for p in options.inputs),
        prompt=options.prompt,
        ratio=options.ratio,
        output_dir=output_dir,
    )
    with _provider(options.demo) as demo_base_url:
        client_options: dict[str, object] = {}
        if demo_base_url:
            settings = dataclasses.replace(settings, base_url=demo_base_url)
            token = "demo"
        else:
            validate_base_url(settings.base_url)
            token = require_token(settings.active_profile)
            client_options = proxy_options_for(settings).as_kwargs()
        async with open_http_client(**client_options) as http:
            service = EditService(settings, token, http=http)
            ticker = asyncio.create_task(reporter.tick())
            try:
                return await service.edit(request, reporter.update)
            finally:
                ticker.cancel()


@contextlib.contextmanager
def _provider(demo: bool) -> Iterator[str | None]:
    if not demo:
        yield None
        return
    from desktop_app.demo import DemoProvider

    with DemoProvider(latency=1.0) as provider:
        yield provider.base_url


class ProgressReporter:
    """Progress on stderr: one rewritten line on a terminal, a line per stage otherwise."""

    LABELS: ClassVar[dict[str, str]] = {
        "preparing": "Preparing the picture",
        "uploading": "Uploading",
        "waiting": "Waiting for the model",
        "downloading": "Downloading the result",
        "done": "Done",
    }

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._started = time.monotonic()
        self._progress: Progress | None = None
        self._last_line = ""

    def update(self, progress: Progress) -> None:
        previous, self._progress = self._progress, progress
        if self._tty:
            self._draw()
        elif previous is None or progress.stage != previous.stage or progress.note:
            print(self._line(progress), file=self._stream, flush=True)

    async def tick(self) -> None:
        """Keep the elapsed time moving on a terminal while the model works."""
        while self._tty:
            await asyncio.sleep(0.5)
            self._draw()

    def _line(self, progress: Progress) -> str:
        label = self.LABELS.get(progress.stage, progress.stage)
        percent = ""
        if progress.fraction is not None and progress.stage == "uploading":
            percent = f" {progress.fraction:.0%}"
        note = f" ({progress.note})" if progress.note else ""
        return f"{label}{percent}{note} · {time.monotonic() - self._started:.0f} s"

    def _draw(self) -> None:
        if self._progress is None:
            return
        line = self._line(self._progress)
        if line != self._last_line:
            self._stream.write("\r\033[K" + line)
            self._stream.flush()
            self._last_line = line

    def finish(self) -> None:
        if self._tty and self._last_line:
            self._stream.write("\n")
            self._stream.flush()


if __name__ == "__main__":
    sys.exit(main())
