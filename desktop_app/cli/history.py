"""``retouch-studio history``: the jobs the window and the command line ran, newest first.

    retouch-studio history [--json] [--limit N] [--offset N] [--search TEXT] [--starred]

With ``--json``, stdout is one JSON array of job objects (see ``JobRecord.to_json``) with at
least ``id``, ``created`` (ISO 8601), ``prompt``, ``ratio``, ``model``, ``status`` (``running``,
``done``, ``failed``, ``cancelled`` or ``interrupted``), ``inputs`` and ``outputs`` (absolute
paths). Without it, a plain table. Starting marks jobs whose process died ``interrupted``.
Exit codes: 0 listed, 1 the history cannot be opened, 2 usage.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from desktop_app.cli.safe_text import json_line, terminal_safe
from desktop_app.core.history.records import JobRecord
from desktop_app.core.history.schema import NewerSchemaError
from desktop_app.core.history.store import HistoryStore

PAGE = 500
PROMPT_WIDTH = 48


def build_history_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retouch-studio history",
        description="List the edits made with Retouch Studio (window and command line).",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array on stdout")
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N jobs (0: all; default 50)"
    )
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="skip the newest N")
    parser.add_argument("--search", metavar="TEXT", help="only jobs whose prompt has every word")
    parser.add_argument("--starred", action="store_true", help="only starred jobs")
    return parser


def _jobs(store: HistoryStore, options: argparse.Namespace) -> list[JobRecord]:
    wanted = options.limit if options.limit > 0 else None
    jobs: list[JobRecord] = []
    offset = max(0, options.offset)
    while wanted is None or len(jobs) < wanted:
        size = PAGE if wanted is None else min(PAGE, wanted - len(jobs))
        page = store.list_jobs(options.search, options.starred, limit=size, offset=offset)
        jobs += page
        offset += len(page)
        if len(page) < size:
            break
    return jobs


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(jobs: Sequence[JobRecord]) -> str:
    """The plain-text listing: id, created, status, ratio, model, results, prompt."""
    header = f"{'ID':<8}  {'CREATED':<16}  {'STATUS':<11}  {'RATIO':<5}  {'MODEL':<18}  OUT  PROMPT"
    lines = [header]
    for job in jobs:
        created = job.created.strftime("%Y-%m-%d %H:%M")
        star = "*" if job.starred else " "
        prompt = _short(job.prompt, PROMPT_WIDTH)
        lines.append(
            f"{job.id[:8]:<8}  {created:<16}  {job.status.value:<11}  {job.ratio:<5}  "
            f"{_short(job.model, 18):<18}  {len(job.outputs):>3} {star}{prompt}"
        )
    return "\n".join(lines)


def run_history_command(argv: Sequence[str]) -> int:
    """List the history; returns the exit code."""
    options = build_history_parser().parse_args(list(argv))
    try:
        store = HistoryStore.open_default()
    except (OSError, sqlite3.Error, NewerSchemaError) as exc:
        sys.stderr.write(terminal_safe(f"error: the history cannot be opened: {exc}") + "\n")
        return 1
    with store:
        store.mark_interrupted_on_start()
        jobs = _jobs(store, options)
    if options.json:
        sys.stdout.write(json_line([job.to_json() for job in jobs]) + "\n")
    elif jobs:
        sys.stdout.write(terminal_safe(format_table(jobs)) + "\n")
    else:
        sys.stderr.write("No jobs yet" + (" match." if options.search else ".") + "\n")
    return 0
