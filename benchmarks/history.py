"""history: open the history panel over 5,000 jobs; target first paint with rows ≤ 200 ms.

A fresh process (``python -m benchmarks.history measure DATA``) opens the real main window
(offscreen, a history of 5,000 jobs seeded beforehand in ``DATA`` through
:class:`HistoryStore`; their results share a few small PNGs), waits a second as
:func:`benchmarks.gui.open_window` does, then measures from View → History (the dock is
shown) to the end of the list's first paint holding rows, with ``time.perf_counter`` inside
the process. The store is opened at that moment (the window opens it lazily, as on a first
job). Median of 5 runs (``--quick``: 2), each in its own process.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, Context, child_env, median
from benchmarks.table import Row, Target, make_row

ROWS = {"history": ("ms", Target("value", "<=", 200.0, "first paint ≤ 200 ms"))}
JOBS = 5_000
SHARED_OUTPUTS = 4


def seed_history(data: Path, count: int = JOBS) -> Path:
    """Fill ``data``'s history with ``count`` done jobs quickly; returns the database path."""
    from PySide6.QtGui import QColor, QImage

    from desktop_app.core.history.store import HISTORY_FILE_NAME, HistoryStore

    pictures = data / "seed"
    pictures.mkdir(parents=True, exist_ok=True)
    source = pictures / "product.png"
    outputs = []
    for n in range(SHARED_OUTPUTS + 1):
        image = QImage(96, 72, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv(n * 60, 160, 220))
        path = source if n == SHARED_OUTPUTS else pictures / f"result-{n}.png"
        image.save(str(path))
        if n < SHARED_OUTPUTS:
            outputs.append(path)
    with HistoryStore(data / HISTORY_FILE_NAME, synchronous="OFF") as store:
        for n in range(count):
            job = store.create_job([source], f"product shot {n}: warmer light", "4:3", "demo")
            store.add_output(job.id, outputs[n % SHARED_OUTPUTS], 96, 72, "PNG", 1)
            usage = {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}
            store.finish(job.id, "done", usage=usage)
    return data / HISTORY_FILE_NAME


def measure_in_child(workdir: Path, data: Path, run: int) -> float:
    """One first-open figure; a fresh config folder, so the dock starts hidden each time."""
    config = workdir / f"history-config-{run}"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.history", "measure", str(data)],
        cwd=REPO,
        env=child_env(workdir, RETOUCH_DATA_DIR=str(data), RETOUCH_CONFIG_DIR=str(config)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("ms ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"history child failed: {done.stderr.strip()[-400:]}")
    return float(lines[-1].split()[1])


def run(ctx: Context) -> list[Row]:
    data = ctx.workdir / "history-data"
    started = time.perf_counter()
    seed_history(data)
    seeded = time.perf_counter() - started
    runs = ctx.runs(full=5, quick=2)
    figures = [measure_in_child(ctx.workdir, data, n) for n in range(runs)]
    print(f"history: seeded {JOBS} jobs in {seeded:.1f} s; first paint {figures} ms",
          file=sys.stderr)  # fmt: skip
    unit, target = ROWS["history"]
    return [
        make_row("history", median(figures), unit, None, target,
                 f"{JOBS} jobs: View → History to first paint with rows; median of {runs}"),
    ]  # fmt: skip


# --- the child process --------------------------------------------------------------------


def _measure() -> float:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from benchmarks.gui import close_window, open_window, run_in_app, wait_for

    class PaintWatch(QObject):
        """Notes when the list's viewport finished a paint while it held rows."""

        def __init__(self, panel: Any) -> None:
            super().__init__()
            self.panel = panel
            self.painted_at: float | None = None
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and not self.seen
                and self.panel.model().rowCount() > 0
            ):
                self.seen = True  # the paint with rows begins; note when it has ended
                QTimer.singleShot(0, self.note)
            return False

        def note(self) -> None:
            self.painted_at = time.perf_counter()

    async def main() -> float:
        window = await open_window()
        panel = window.historyPanel()
        watch = PaintWatch(panel)
        viewport = panel.listView().viewport()
        viewport.installEventFilter(watch)
        if window.historyDock().isVisible():
            raise RuntimeError("the history was shown at start: measure with a fresh config")
        started = time.perf_counter()
        window.menus().action("history").trigger()
        await wait_for(lambda: watch.painted_at is not None, 30)
        viewport.removeEventFilter(watch)
        rows = panel.model().rowCount()
        await close_window(window)
        assert watch.painted_at is not None
        if rows >= 1000:
            raise RuntimeError(f"the panel read {rows} rows at once: not paged")
        return (watch.painted_at - started) * 1000

    return run_in_app(main)


if __name__ == "__main__":
    if sys.argv[1:2] != ["measure"]:
        raise SystemExit("usage: python -m benchmarks.history measure DATA")
    sys.stdout.write(f"ms {_measure():.1f}\n")
