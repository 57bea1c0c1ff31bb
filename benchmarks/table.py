"""One benchmark row, its target, the printed table and the JSON file (a contract).

The JSON file is a list with one object per row: ``id``, ``value``, ``unit``, ``baseline``,
``ratio``, ``target`` (text such as ``"≤ 1.5x"``), ``ok`` (boolean) and ``note``. ``value``,
``baseline`` and ``ratio`` may be null (no baseline, or a benchmark that could not run).
``ratio`` is always ``value / baseline``.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, ">=": operator.ge}
_SYMBOL = {"<=": "≤", ">=": "≥"}


@dataclass(frozen=True)
class Target:
    """A limit on a row's ``ratio`` or ``value``, e.g. ``Target("ratio", "<=", 1.5)``."""

    on: str  # "ratio" or "value"
    op: str  # "<=" or ">="
    limit: float
    text: str = ""  # how the table shows it; derived when empty

    def __post_init__(self) -> None:
        if self.on not in ("ratio", "value") or self.op not in _COMPARE:
            raise ValueError(f"bad target {self.on} {self.op} {self.limit}")

    def describe(self, unit: str = "") -> str:
        if self.text:
            return self.text
        suffix = "x" if self.on == "ratio" else f" {unit}".rstrip()
        return f"{_SYMBOL[self.op]} {self.limit:g}{suffix}"

    def met(self, value: float | None, ratio: float | None) -> bool:
        measured = ratio if self.on == "ratio" else value
        if measured is None or not math.isfinite(measured):
            return False
        return _COMPARE[self.op](measured, self.limit)


@dataclass(frozen=True)
class Row:
    """One line of the table and one object of the JSON file."""

    id: str
    value: float | None
    unit: str
    baseline: float | None
    ratio: float | None
    target: str
    ok: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def make_row(
    id: str,
    value: float | None,
    unit: str,
    baseline: float | None,
    target: Target,
    note: str = "",
) -> Row:
    """A row with ``ratio = value / baseline`` and ``ok`` from ``target``."""
    ratio = None
    if value is not None and baseline:
        ratio = value / baseline
    return Row(
        id=id,
        value=value,
        unit=unit,
        baseline=baseline,
        ratio=ratio,
        target=target.describe(unit),
        ok=target.met(value, ratio),
        note=note,
    )


def failed_row(id: str, unit: str, target: str, note: str) -> Row:
    """A row for a benchmark that could not produce a figure (crashed or blocked)."""
    return Row(id=id, value=None, unit=unit, baseline=None, ratio=None, target=target, ok=False,
               note=note)  # fmt: skip


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.01:
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return f"{value:.2g}"


def _ratio(value: float | None) -> str:
    if value is None:
        return "—"
    # Three decimals from 1 up, so 1.202x never reads as meeting "≤ 1.2x".
    return f"{value:.3f}x" if value >= 1 else f"{value:.3g}x"


COLUMNS = ("id", "value", "unit", "baseline", "ratio", "target", "ok", "note")


def table_cells(row: Row) -> list[str]:
    return [
        row.id,
        _number(row.value),
        row.unit,
        _number(row.baseline),
        _ratio(row.ratio),
        row.target,
        "yes" if row.ok else "NO",
        row.note,
    ]


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table with aligned columns (numbers right-aligned)."""
    cells = [list(COLUMNS), *(table_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    right = {1, 3, 4}
    lines = []
    for index, line in enumerate(cells):
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown(rows: Sequence[Row]) -> str:
    """The same table in Markdown, for the README."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [cell.replace("|", "\\|") for cell in table_cells(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_json(rows: Iterable[Row], path: Path) -> None:
    """Write the rows as a JSON list (strict JSON: no NaN, null for missing numbers)."""
    data = [_finite(row.to_json()) for row in rows]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n",
                    encoding="utf-8")  # fmt: skip


def read_rows(data: Iterable[dict[str, Any]]) -> list[Row]:
    """Rows back from their JSON objects (as a child process hands them to the runner)."""
    fields = set(Row.__dataclass_fields__)
    return [Row(**{key: item.get(key, "" if key == "note" else None) for key in fields})
            for item in data]  # fmt: skip


def _finite(item: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (None if isinstance(value, float) and not math.isfinite(value) else value)
        for key, value in item.items()
    }
