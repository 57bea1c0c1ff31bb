"""history: open the history panel with 5,000 jobs; target first paint ≤ 200 ms.

Blocked: the history panel is issue 6 and not built yet, so this row has no figure and is
not ok. Replace :func:`run` with the measurement once the panel exists.
"""

from __future__ import annotations

from benchmarks.common import Context
from benchmarks.table import Row, Target, failed_row

ROWS = {"history": ("ms", Target("value", "<=", 200.0, "first paint ≤ 200 ms"))}
BLOCKED = "blocked: issue 6 (history) not built"


def run(ctx: Context) -> list[Row]:
    unit, target = ROWS["history"]
    return [failed_row("history", unit, target.describe(unit), BLOCKED)]
