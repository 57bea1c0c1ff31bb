"""history: open the history panel over 5,000 jobs; target first paint with rows ≤ 200 ms.

A fresh process (``python -m benchmarks.history measure DATA``) opens the real main window
(offscreen, a history of 5,000 jobs seeded beforehand in ``DATA`` through
:class:`HistoryStore`; their results share a few small PNGs), waits a second as
:func:`benchmarks.gui.open_window` does, then measures from View → History (the dock is
shown) to the end of the list's first paint holding rows, with ``time.perf_counter`` inside
the process. The store is opened at that moment (the window opens it lazily, as on a first
job). Median of 5 runs (``--quick``: 2), each in its own process.

With ``typing`` (``benchmarks/history_big.py``, 50,000 jobs) the child then types into the
search as a person would, a letter at a time (a word every job has, then one none has), and
times each keystroke from the model's new filter to the end of the list's next paint; the
panel's typing pause (the debounce) is not counted.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, Context, child_env, median
from benchmarks.table import Row, Target, make_row

ROWS = {"history": ("ms", Target("value", "<=", 200.0, "first paint ≤ 200 ms"))}
JOBS = 5_000
SEEDED_THROUGH_STORE = 5_000  # the rest are SQL copies of these (seeding stays quick)
SHARED_OUTPUTS = 4
TYPED = ("warmer", "zebra")  # every job's prompt has the first word, none the second


def seed_history(data: Path, count: int = JOBS) -> Path:
    """Fill ``data``'s history with ``count`` done jobs quickly; returns the database path.

    Up to :data:`SEEDED_THROUGH_STORE` jobs are written through the store; beyond that the
    history is filled with older copies of them (:func:`_copy_jobs`).
    """
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
        for n in range(min(count, SEEDED_THROUGH_STORE)):
            job = store.create_job([source], f"product shot {n}: warmer light", "4:3", "demo")
            store.add_output(job.id, outputs[n % SHARED_OUTPUTS], 96, 72, "PNG", 1)
            usage = {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}
            store.finish(job.id, "done", usage=usage)
    if count > SEEDED_THROUGH_STORE:
        _copy_jobs(data / HISTORY_FILE_NAME, count)
    return data / HISTORY_FILE_NAME


def _copy_jobs(database: Path, count: int) -> None:
    """Add older copies of the seeded jobs (with their inputs and outputs) up to ``count``."""
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        with connection:
            for copy in range(1, -(-count // SEEDED_THROUGH_STORE)):
                limit = min(SEEDED_THROUGH_STORE, count - copy * SEEDED_THROUGH_STORE)
                changed = {
                    "id": f"id || '-{copy}'",
                    "created_ts": f"created_ts - {copy * 86_400}",
                    "prompt": f"replace(prompt, 'product shot', 'copy {copy} of product shot')",
                }
                _copy_rows(connection, "jobs", "id", changed, limit)
                for table in ("job_inputs", "job_outputs"):
                    _copy_rows(connection, table, "job_id", {"job_id": f"job_id || '-{copy}'"})
    finally:
        connection.close()


def _copy_rows(
    connection: Any, table: str, key: str, changed: dict[str, str], limit: int = -1
) -> None:
    """Copy the seeded rows of ``table`` (no ``-`` in ``key``), ``changed`` columns rewritten;
    rows whose job was not copied are skipped by the join."""
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    values = ", ".join(f"{changed.get(column, column)} AS {column}" for column in columns)
    source = f"SELECT {values} FROM {table} WHERE instr({key}, '-') = 0 LIMIT {limit}"
    if table != "jobs":
        source = f"SELECT * FROM ({source}) WHERE job_id IN (SELECT id FROM jobs)"
    connection.execute(f"INSERT INTO {table} ({', '.join(columns)}) {source}")


def measure_in_child(
    workdir: Path, data: Path, run: int, *, typing: bool = False
) -> tuple[float, list[float]]:
    """One first-open figure and, with ``typing``, the keystrokes' figures (ms); a fresh
    config folder, so the dock starts hidden each time."""
    config = workdir / f"history-config-{data.name}-{run}"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.history", "measure", str(data)]
        + (["typing"] if typing else []),
        cwd=REPO,
        env=child_env(workdir, RETOUCH_DATA_DIR=str(data), RETOUCH_CONFIG_DIR=str(config)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("ms ")]
    keys = [float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("key ")]
    if done.returncode != 0 or not lines or (typing and not keys):
        raise RuntimeError(f"history child failed: {done.stderr.strip()[-400:]}")
    return float(lines[-1].split()[1]), keys


def run(ctx: Context) -> list[Row]:
    data = ctx.workdir / "history-data"
    started = time.perf_counter()
    seed_history(data)
    seeded = time.perf_counter() - started
    runs = ctx.runs(full=5, quick=2)
    figures = [measure_in_child(ctx.workdir, data, n)[0] for n in range(runs)]
    print(f"history: seeded {JOBS} jobs in {seeded:.1f} s; first paint {figures} ms",
          file=sys.stderr)  # fmt: skip
    unit, target = ROWS["history"]
    return [
        make_row("history", median(figures), unit, None, target,
                 f"{JOBS} jobs: View → History to first paint with rows; median of {runs}"),
    ]  # fmt: skip


# --- the child process --------------------------------------------------------------------


def _measure(typing: bool) -> tuple[float, list[float]]:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from benchmarks.gui import close_window, next_paint_watch, open_window, run_in_app, wait_for

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

    def keystrokes() -> list[str]:
        return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]

    async def main() -> tuple[float, list[float]]:
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
        assert watch.painted_at is not None
        first_paint = (watch.painted_at - started) * 1000
        if rows >= 1000:
            raise RuntimeError(f"the panel read {rows} rows at once: not paged")
        keys = []
        if typing:
            await asyncio.sleep(1.0)  # a person reads the list first; the day's tokens load
            keys = [await type_key(panel, text) for text in keystrokes()]
        await close_window(window)
        return first_paint, keys

    async def type_key(panel: Any, text: str) -> float:
        """One keystroke: the model's new filter to the end of the list's next paint."""
        watch = next_paint_watch()
        viewport = panel.listView().viewport()
        viewport.installEventFilter(watch)
        started = time.perf_counter()
        await panel.model().setFilter(text, False)
        watch.armed = True
        viewport.update()  # a reset list repaints; this makes sure of it when nothing changed
        await wait_for(lambda: watch.painted_at is not None, 30)
        viewport.removeEventFilter(watch)
        assert watch.painted_at is not None
        return (watch.painted_at - started) * 1000

    return run_in_app(main)


if __name__ == "__main__":
    if sys.argv[1:2] != ["measure"]:
        raise SystemExit("usage: python -m benchmarks.history measure DATA [typing]")
    first_paint, keystroke_times = _measure(typing=sys.argv[3:4] == ["typing"])
    sys.stdout.write(f"ms {first_paint:.1f}\n")
    for figure in keystroke_times:
        sys.stdout.write(f"key {figure:.1f}\n")
