"""memory: peak RSS through a job with a 100 MP input, and the idle window's RSS.

Each figure comes from a fresh process (``python -m benchmarks.memory peak|idle|bare``)
reading ``/proc/self/status`` (Linux): ``VmHWM`` (the peak) after the real window opened
the picture, ran the job against the demo relay and showed the result; ``VmRSS`` one
second after the window was shown. ``memory_idle`` is compared with a bare ``QMainWindow``
measured the same way. Targets: ≤ 1 GiB peak, ≤ 150 MiB idle. ``--quick`` uses a 25 MP
picture for the peak.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from benchmarks.common import (
    REPO,
    Context,
    child_env,
    demo_relay,
    huge_jpeg,
    median,
    megapixels,
    proc_status_kib,
)
from benchmarks.table import Row, Target, make_row

ROWS = {
    "memory": ("MiB", Target("value", "<=", 1024.0, "≤ 1024 MiB")),
    "memory_idle": ("MiB", Target("value", "<=", 150.0, "≤ 150 MiB")),
}
PEAK_SIZE = {False: (12_000, 8_400), True: (6_000, 4_200)}  # 100 MP; 25 MP with --quick
IDLE_SECONDS = 1.0


def measure_in_child(workdir: Path, *args: str, env: dict[str, str] | None = None) -> float:
    """Run ``python -m benchmarks.memory ARGS`` and return the MiB it reports."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", *args],
        cwd=REPO,
        env=env or child_env(workdir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MiB ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"memory child {args[0]} failed: {done.stderr.strip()[-400:]}")
    return float(lines[-1].split()[1])


def run(ctx: Context) -> list[Row]:
    size = PEAK_SIZE[ctx.quick]
    picture = huge_jpeg(ctx.workdir, size)
    runs = ctx.runs(full=3, quick=1)
    with demo_relay(ctx.workdir) as base_url:
        peaks = [measure_in_child(ctx.workdir, "peak", str(picture), base_url) for _ in range(runs)]
    idle = [measure_in_child(ctx.workdir, "idle") for _ in range(runs)]
    bare = [measure_in_child(ctx.workdir, "bare") for _ in range(runs)]
    print(f"memory peak {peaks} MiB, idle {idle} MiB, bare window {bare} MiB", file=sys.stderr)
    unit, target = ROWS["memory"]
    idle_unit, idle_target = ROWS["memory_idle"]
    scope = f"{megapixels(size)} JPEG" + (" (quick: not 100 MP)" if ctx.quick else "")
    return [
        make_row(
            "memory", median(peaks), unit, None, target,
            f"peak RSS: open {scope}, job, result shown; median of {runs}",
        ),
        make_row(
            "memory_idle", median(idle), idle_unit, median(bare), idle_target,
            f"RSS {IDLE_SECONDS:.0f} s after show; baseline: bare QMainWindow",
        ),
    ]  # fmt: skip


# --- the child processes ------------------------------------------------------------------


def _peak(picture: Path, base_url: str) -> float:
    from benchmarks.gui import close_window, open_window, run_in_app, run_job

    async def main() -> None:
        window = await open_window()
        await run_job(window, picture)
        await close_window(window)

    run_in_app(main, base_url)
    return proc_status_kib("VmHWM") / 1024


def _idle() -> float:
    from benchmarks.gui import open_window, run_in_app

    async def main() -> float:
        window = await open_window()  # shown, then a second for the app to settle
        await asyncio.sleep(max(0.0, IDLE_SECONDS - 1.0))
        rss = proc_status_kib("VmRSS") / 1024
        await window.shutdown()
        return rss

    return run_in_app(main)


def _bare() -> float:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1400, 860)
    window.show()
    result: list[float] = []

    def measure() -> None:
        result.append(proc_status_kib("VmRSS") / 1024)
        app.quit()

    QTimer.singleShot(round(IDLE_SECONDS * 1000), measure)
    app.exec()
    return result[0]


def _child(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "peak":
        mib = _peak(Path(argv[1]), argv[2])
    elif kind == "idle":
        mib = _idle()
    elif kind == "bare":
        mib = _bare()
    else:
        raise SystemExit(f"unknown memory child {kind!r}")
    sys.stdout.write(f"MiB {mib:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
