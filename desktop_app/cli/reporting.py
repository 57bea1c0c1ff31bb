"""What the command line says while and after it works: progress on stderr, results, failures.

Shared by one job (:mod:`desktop_app.cli.entry`) and batches (:mod:`desktop_app.cli.jobs`).
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import TYPE_CHECKING, ClassVar, TextIO

from desktop_app.cli import messages as words
from desktop_app.cli.error_words import cli_error_text
from desktop_app.cli.safe_text import json_line, terminal_safe
from desktop_app.core.errors import RetouchError

if TYPE_CHECKING:
    from desktop_app.core.edit_job import EditResult, Progress


def result_warnings(result: EditResult) -> list[str]:
    notes = list(result.warnings)
    if result.ratio_mismatch:
        sizes = ", ".join(f"{r.width}×{r.height}" for r in result.results)
        notes.append(
            words.tr(words.RATIO_WARNING).format(asked=result.ratio_requested, sizes=sizes)
        )
    return notes


def saved_outputs(error: RetouchError) -> dict[str, list[str]]:
    """``{"outputs": [...]}`` for a job that failed after saving some results, else {}."""
    saved = error.params.get("saved")
    return {"outputs": [str(path) for path in saved]} if isinstance(saved, list) else {}


def result_json(result: EditResult) -> dict[str, object]:
    """The ``--json`` object of a finished job: its warnings are those stderr shows."""
    return {**result.to_json(), "warnings": result_warnings(result)}


def report_failure(error: RetouchError, as_json: bool) -> int:
    # The message follows the locale (the core's own English sentence in English); the JSON
    # keeps ``kind`` stable for scripts. The provider's ``reason`` is printed as it came.
    language = words.language_from_environment()
    message = cli_error_text(error, language)
    if as_json:
        print(json_line({"error": {**error.to_json(), "message": message}, **saved_outputs(error)}))
    line = words.tr(words.ERROR_LINE, language).format(message=message)
    print(terminal_safe(line), file=sys.stderr)
    for path in saved_outputs(error).get("outputs", []):
        print(terminal_safe(f"saved: {path}"), file=sys.stderr)
    if error.reason and error.reason not in message:
        line = words.tr(words.REASON_LINE, language).format(reason=error.reason)
        print(terminal_safe(line), file=sys.stderr)
    return error.exit_code


class ProgressReporter:
    """Progress on stderr: one rewritten line on a terminal, a line per stage otherwise."""

    LABELS: ClassVar[dict[str, str]] = words.STAGE_LABELS  # English; shown translated

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
        label = words.tr(self.LABELS.get(progress.stage, progress.stage))
        percent = ""
        if progress.fraction is not None and progress.stage in ("uploading", "waiting"):
            percent = f" {progress.fraction:.0%}"
        note = f" ({progress.note})" if progress.note else ""
        line = f"{label}{percent}{note} · {time.monotonic() - self._started:.0f} s"
        return terminal_safe(line)

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
