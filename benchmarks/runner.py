"""Run the benchmark modules (each in a child process), print the table, write the JSON.

Exit code 0 when every benchmark produced its rows, whether or not targets were met; 1 when
a benchmark crashed or timed out (its rows then say so, with no figure).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import REPO, Context, child_env, isolate_this_process
from benchmarks.table import Row, failed_row, format_table, read_rows, write_json

# Module name -> the row ids it reports, in table order.
MODULES: dict[str, tuple[str, ...]] = {
    "startup": ("startup", "startup_interactive"),
    "prep": ("prep", "prep_floor"),
    "prep_heic": ("prep_heic",),
    "upload": ("upload",),
    "stall": ("stall",),
    "client": ("client",),
    "memory": ("memory", "memory_idle"),
    "batch": ("batch",),
    "history": ("history",),
    "mask": ("mask_stroke",),
    "composite": ("composite",),
    "parsing": ("parse", "diff"),
    "history_big": ("history_50k", "history_search"),
    "folder_drop": ("folder_drop",),
}
CHILD_TIMEOUT = {False: 900.0, True: 150.0}  # seconds per module, full / --quick


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Speed and memory of Retouch Studio as ratios to baselines measured in "
        "the same run. Exit code 0 even when a target is missed; 1 if a benchmark crashed.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and smaller pictures (CI: < 3 min)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        help=f"run only these benchmarks (module or row ids: {', '.join(all_ids())})",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: run one module here
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser


def all_ids() -> list[str]:
    return [row_id for ids in MODULES.values() for row_id in ids]


def select_modules(only: Sequence[str] | None) -> list[str]:
    """The modules to run for ``--only`` (module names or row ids), in the table's order."""
    if not only:
        return list(MODULES)
    wanted = set(only)
    unknown = wanted - set(MODULES) - set(all_ids())
    if unknown:
        raise ValueError(f"unknown benchmark id(s): {', '.join(sorted(unknown))}")
    return [name for name, ids in MODULES.items() if name in wanted or wanted & set(ids)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.child:
        return run_child(options.child, options.quick, options.workdir, options.out)
    try:
        modules = select_modules(options.only)
    except ValueError as problem:
        parser.error(str(problem))
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="retouch-bench-"))
    rows: list[Row] = []
    crashed: list[str] = []
    try:
        for name in modules:
            module_rows, ok = run_module(name, options.quick, workdir)
            rows += module_rows
            if not ok:
                crashed.append(name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    mode = "quick" if options.quick else "full"
    print(format_table(rows))
    print(f"\n{mode} run, {_cores()} cores, {elapsed:.0f} s; ratio = value / baseline")
    if options.json:
        write_json(rows, options.json)
        print(f"wrote {options.json}")
    if crashed:
        print(f"benchmark(s) crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


def run_module(name: str, quick: bool, workdir: Path) -> tuple[list[Row], bool]:
    """Run ``benchmarks.<name>`` in a child process; (its rows, whether it finished)."""
    out = workdir / f"{name}.json"
    command = [sys.executable, "-m", "benchmarks.runner", "--child", name]
    command += ["--workdir", str(workdir), "--out", str(out)] + (["--quick"] if quick else [])
    print(f"benchmark {name} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            env=child_env(workdir),
            timeout=CHILD_TIMEOUT[quick],
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        return _crash_rows(name, f"timed out after {CHILD_TIMEOUT[quick]:.0f} s"), False
    took = time.perf_counter() - started
    if done.stderr.strip():
        sys.stderr.write(_indent(done.stderr))
    print(f"benchmark {name}: {took:.1f} s", file=sys.stderr, flush=True)
    if done.returncode != 0 or not out.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return _crash_rows(name, f"crashed (exit {done.returncode}): {last[:120]}"), False
    return read_rows(json.loads(out.read_text(encoding="utf-8"))), True


def run_child(name: str, quick: bool, workdir: Path, out: Path) -> int:
    """In the child process: run one module and write its rows to ``out``."""
    isolate_this_process(workdir)
    module = importlib.import_module(f"benchmarks.{name}")
    rows = module.run(Context(quick=quick, workdir=workdir))
    write_json(rows, out)
    return 0


def _crash_rows(name: str, note: str) -> list[Row]:
    try:
        specs = getattr(importlib.import_module(f"benchmarks.{name}"), "ROWS", {})
    except Exception:  # the module itself is what crashed
        specs = {}
    rows = []
    for row_id in MODULES[name]:
        unit, target = specs.get(row_id, ("", None))
        rows.append(failed_row(row_id, unit, target.describe(unit) if target else "", note))
    return rows


def _indent(text: str) -> str:
    return "".join(f"  | {line}\n" for line in text.rstrip().splitlines())


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
