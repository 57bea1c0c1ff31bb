"""history_50k, history_search: the history panel over 50,000 jobs.

The ``history`` benchmark's measurement (``benchmarks/history.py``) over a history ten times
larger (5,000 jobs through the store, SQL copies of them up to 50,000): the first paint of
the History dock (target ≤ 200 ms) and search-as-you-type, each keystroke from the model's
new filter to the end of the list's next paint (target ≤ 50 ms; the value is the median
keystroke of all runs, the slowest is in the note). Median of 5 runs (``--quick``: 2), each
in its own process.
"""

from __future__ import annotations

import sys
import time

from benchmarks.common import Context, median
from benchmarks.history import TYPED, measure_in_child, seed_history
from benchmarks.table import Row, Target, make_row

ROWS = {
    "history_50k": ("ms", Target("value", "<=", 200.0, "first paint ≤ 200 ms")),
    "history_search": ("ms", Target("value", "<=", 50.0, "≤ 50 ms a keystroke")),
}
JOBS = 50_000


def run(ctx: Context) -> list[Row]:
    data = ctx.workdir / "history-50k-data"
    started = time.perf_counter()
    seed_history(data, JOBS)
    seeded = time.perf_counter() - started
    runs = ctx.runs(full=5, quick=2)
    measured = [measure_in_child(ctx.workdir, data, n, typing=True) for n in range(runs)]
    firsts = [first for first, _keys in measured]
    keys = [key for _first, per_run in measured for key in per_run]
    print(
        f"history_50k: seeded {JOBS} jobs in {seeded:.1f} s; first paint {firsts} ms; "
        f"keystrokes {[round(key) for key in keys]} ms",
        file=sys.stderr,
    )
    typed = " then ".join(f"“{word}”" for word in TYPED)
    first_unit, first_target = ROWS["history_50k"]
    search_unit, search_target = ROWS["history_search"]
    return [
        make_row(
            "history_50k",
            median(firsts),
            first_unit,
            None,
            first_target,
            f"{JOBS} jobs: View → History to first paint with rows; median of {runs}",
        ),
        make_row(
            "history_search",
            median(keys),
            search_unit,
            None,
            search_target,
            f"{JOBS} jobs: typing {typed}, filter to paint; median of {len(keys)} keys, "
            f"slowest {max(keys):.0f} ms",
        ),
    ]
