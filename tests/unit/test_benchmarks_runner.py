"""``python -m benchmarks``: the row format, the table, the JSON contract and the exit code.

Nothing here measures speed (tests never assert on wall time); only the shape of what the
benchmarks report, and that a crash is an error while a missed target is not.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import runner
from benchmarks.table import (
    Row,
    Target,
    failed_row,
    format_markdown,
    format_table,
    make_row,
    read_rows,
    write_json,
)

CONTRACT_FIELDS = {"id", "value", "unit", "baseline", "ratio", "target", "ok"}


def test_ratio_is_value_over_baseline_and_ok_follows_the_target():
    row = make_row("startup", 0.3, "s", 0.2, Target("ratio", "<=", 1.5))
    assert row.ratio == pytest.approx(1.5) and row.ok and row.target == "≤ 1.5x"
    slow = make_row("startup", 0.31, "s", 0.2, Target("ratio", "<=", 1.5))
    assert not slow.ok
    by_value = make_row("stall", 60.0, "ms", 10, Target("value", "<=", 50.0))
    assert by_value.ratio == pytest.approx(6.0) and not by_value.ok
    assert by_value.target == "≤ 50 ms"


def test_a_row_without_baseline_has_no_ratio_but_can_meet_a_value_target():
    row = make_row("memory", 350.0, "MiB", None, Target("value", "<=", 1024.0, "≤ 1 GiB"))
    assert row.baseline is None and row.ratio is None and row.ok and row.target == "≤ 1 GiB"


def test_a_ratio_target_without_a_figure_is_not_met():
    assert not Target("ratio", "<=", 1.2).met(120.0, None)
    assert not Target("value", ">=", 1.0).met(None, None)
    assert not Target("value", "<=", 1.0).met(float("nan"), None)


def test_bad_targets_are_refused():
    with pytest.raises(ValueError, match="bad target"):
        Target("speed", "<=", 1.0)
    with pytest.raises(ValueError, match="bad target"):
        Target("ratio", "<", 1.0)


def test_json_has_the_contract_fields_and_null_for_missing_figures(tmp_path):
    rows = [
        make_row("prep", 150.0, "ms", 440.0, Target("ratio", "<=", 0.4), "24 MP"),
        failed_row("history", "ms", "first paint ≤ 200 ms", "blocked: issue 6 (history) not built"),
        Row("odd", float("nan"), "x", None, None, "", False),
    ]
    out = tmp_path / "results.json"
    write_json(rows, out)
    data = json.loads(out.read_text(encoding="utf-8"))  # strict JSON: NaN would not load
    assert [item["id"] for item in data] == ["prep", "history", "odd"]
    for item in data:
        assert set(item) >= CONTRACT_FIELDS
        assert isinstance(item["ok"], bool)
    assert data[0]["ratio"] == pytest.approx(150 / 440) and data[0]["ok"] is True
    assert data[1]["value"] is None and data[1]["ok"] is False
    assert "blocked" in data[1]["note"]
    assert data[2]["value"] is None
    assert read_rows(data)[0] == rows[0]


def test_the_table_shows_every_row_with_figures_and_verdicts():
    rows = [
        make_row("upload", 0.58, "MB", 13.3, Target("ratio", "<=", 0.125)),
        failed_row("history", "ms", "first paint ≤ 200 ms", "blocked: issue 6 (history) not built"),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0].split()[:7] == ["id", "value", "unit", "baseline", "ratio", "target", "ok"]
    assert lines[2].startswith("upload") and "0.0436x" in lines[2] and "yes" in lines[2]
    assert lines[3].startswith("history") and "—" in lines[3] and "NO" in lines[3]
    markdown = format_markdown(rows).splitlines()
    assert markdown[0].startswith("| id | value |") and len(markdown) == 4


def test_only_selects_modules_by_module_or_row_id_in_table_order():
    assert runner.select_modules(None) == list(runner.MODULES)
    assert runner.select_modules(["prep_floor", "startup"]) == ["startup", "prep"]
    assert runner.select_modules(["memory_idle"]) == ["memory"]
    with pytest.raises(ValueError, match="nonsense"):
        runner.select_modules(["nonsense"])


def test_every_table_row_of_the_issue_is_there():
    ids = runner.all_ids()
    for row_id in ("startup", "prep", "upload", "stall", "client", "memory", "batch", "history"):
        assert row_id in ids


def test_the_history_benchmark_reports_a_figure_and_exits_0(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert runner.main(["--only", "history", "--quick", "--json", str(out)]) == 0
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "history" and row["unit"] == "ms"
    assert row["target"] == "first paint ≤ 200 ms"
    assert isinstance(row["value"], float) and row["value"] > 0
    assert row["ok"] is (row["value"] <= 200)
    assert "5000 jobs" in row["note"]
    assert "history" in capsys.readouterr().out


def test_a_crashed_benchmark_gets_a_row_saying_so_and_exit_1(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(runner.MODULES, "no_such_benchmark", ("no_such_benchmark",))
    out = tmp_path / "bench.json"
    assert runner.main(["--only", "no_such_benchmark", "--json", str(out)]) == 1
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "no_such_benchmark" and row["value"] is None and row["ok"] is False
    assert row["note"].startswith("crashed")
    assert "crashed: no_such_benchmark" in capsys.readouterr().err
