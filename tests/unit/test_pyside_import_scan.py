"""PySide's per-import source scan is answered by name for the stdlib and the app's modules.

The shortcut must give the answer the scan would (or one that behaves the same: no module of
the app selects a PySide feature), and it must still be in place with the pinned PySide: if
an upgrade moves the scan, the start-up quietly pays its 15-20 ms again.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from desktop_app.ui.pyside_import_scan import (
    answer_known_modules_without_reading,
    uses_pyside_by_name,
)

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("desktop_app.ui", True),
        ("desktop_app.ui.main_window", True),
        ("desktop_app.ui.edit.prompt_edit", True),
        ("desktop_app", False),
        ("desktop_app.core.settings", False),
        ("desktop_app.cli.entry", False),
        ("desktop_app.demo.relay", False),
        ("desktop_app.uix", False),  # a neighbour's name is not the UI package
        ("json", False),
        ("asyncio.base_events", False),
        ("platformdirs", None),
        ("qasync", None),
        ("", None),
    ],
)
def test_the_name_tells_for_the_stdlib_and_the_app(name, answer):
    assert uses_pyside_by_name(name) is answer


def _imports_feature(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "__feature__":
            return True
        if isinstance(node, ast.Import) and any(a.name == "__feature__" for a in node.names):
            return True
    return False


def test_no_module_of_the_app_selects_a_pyside_feature():
    selecting = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if _imports_feature(p)]
    assert selecting == []


def test_the_shortcut_is_in_place_once_the_ui_package_is_imported():
    import desktop_app.ui  # noqa: F401  (installs it)

    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "answers_by_name", False)
    assert answer_known_modules_without_reading()  # a second call keeps the one wrapper
    assert not hasattr(feature._mod_uses_pyside.__closure__[0].cell_contents, "answers_by_name")


def test_modules_imported_after_pyside_are_recorded_without_reading_their_source(monkeypatch):
    import desktop_app.ui  # noqa: F401

    feature = sys.modules["shibokensupport.feature"]
    read: list[str] = []
    monkeypatch.setattr("inspect.getsource", lambda module: read.append(module.__name__) or "")
    names = ("desktop_app.core.sizes", "desktop_app.ui.window.first_paint", "colorsys")
    for name in names:
        feature.pyside_feature_dict.pop(name, None)
        feature.feature_imported(__import__(name, fromlist=["_"]))
    assert feature.pyside_feature_dict["desktop_app.core.sizes"] == -1  # ignored in switching
    assert feature.pyside_feature_dict["desktop_app.ui.window.first_paint"] == 0  # a user
    assert feature.pyside_feature_dict["colorsys"] == -1
    assert [name for name in read if name in names] == []
