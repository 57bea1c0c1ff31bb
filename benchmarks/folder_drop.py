"""folder_drop: 200 pictures dropped from a folder; the window shows them within 200 ms.

The real main window (offscreen, as :func:`benchmarks.gui.open_window` shows it) gets one
drop of 200 camera JPEGs (24 MP, hard links to one file, so the disk holds one). Timed
inside the process from the drop to the end of the edit panel's next paint once the window
holds the 200 as the next Run's pictures. Only the first picture is decoded then; each is
prepared when its job runs. Median of 5 drops (``--quick``: 3), each on a fresh window.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from benchmarks.common import Context, median, photo_jpeg
from benchmarks.table import Row, Target, make_row

ROWS = {"folder_drop": ("ms", Target("value", "<=", 200.0, "shown ≤ 200 ms"))}
PICTURES = 200
PHOTO = (6000, 4000)


def folder_of_pictures(workdir: Path) -> list[Path]:
    """:data:`PICTURES` JPEGs in one folder (hard links to one 24 MP photo; copies if not)."""
    photo = photo_jpeg(workdir, PHOTO)
    folder = workdir / "folder-drop"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"shot-{n:03d}.jpg" for n in range(PICTURES)]
    for path in paths:
        if not path.exists():
            try:
                os.link(photo, path)
            except OSError:  # another file system: a symbolic link reads the same
                path.symlink_to(photo)
    return paths


def run(ctx: Context) -> list[Row]:
    from benchmarks.gui import run_in_app

    paths = folder_of_pictures(ctx.workdir)
    runs = ctx.runs(full=5, quick=3)
    figures = run_in_app(lambda: _measure(paths, runs))
    print(f"folder_drop: {[round(f, 1) for f in figures]} ms", file=sys.stderr)
    unit, target = ROWS["folder_drop"]
    note = f"{PICTURES} × 24 MP JPEG in one drop to the panel showing them; median of {runs}"
    return [make_row("folder_drop", median(figures), unit, None, target, note)]


async def _measure(paths: list[Path], runs: int) -> list[float]:
    from benchmarks.gui import close_window, next_paint_watch, open_window, wait_for
    from desktop_app.ui.common.synthetic_drop import drop_files

    figures = []
    for _ in range(runs):
        window = await open_window()
        panel = window.editPanel()
        watch = next_paint_watch()
        panel.installEventFilter(watch)
        started = time.perf_counter()
        if not drop_files(window, paths):
            raise RuntimeError("the window refused the drop")
        await wait_for(lambda w=window: len(w.batchInputs()) == len(paths), 30)
        watch.armed = True
        panel.update()
        await wait_for(lambda w=watch: w.painted_at is not None, 30)
        assert watch.painted_at is not None
        figures.append((watch.painted_at - started) * 1000)
        panel.removeEventFilter(watch)
        await close_window(window)
    return figures
