"""The README lists every ``[demo:<scenario>]`` marker the demo provider plays."""

from __future__ import annotations

from pathlib import Path

from desktop_app.demo.scenarios import SCENARIOS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_demo_scenario_is_documented():
    text = README.read_text(encoding="utf-8")
    assert "[demo:<scenario>]" in text
    assert [name for name in SCENARIOS if f"`{name}`" not in text] == []
