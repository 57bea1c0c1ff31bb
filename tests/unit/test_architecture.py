"""The shape of the code, checked: import rules (import-linter), no circles, module sizes.

The rules themselves are the ``[tool.importlinter]`` contracts in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop_app"
QT_PACKAGES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qasync", "qtpy")
MAX_LINES = 450
MAIN_WINDOW_MAX_LINES = 400
# A longer module says why in its docstring, with these words.
LONG_MODULE_REASON = "in one piece"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )


def test_import_contracts_hold():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout


def test_a_wrong_import_breaks_the_contracts(tmp_path):
    # The contracts are live: the same tree with one import against the layers fails.
    copy = tmp_path / "tree"
    shutil.copytree(PACKAGE, copy / "desktop_app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    colour = copy / "desktop_app/core/imaging/color.py"
    colour.write_text(colour.read_text() + "\nfrom desktop_app.core.relay import endpoint\n")
    run = _lint_imports(copy)
    assert run.returncode != 0
    assert "desktop_app.core.imaging.color -> desktop_app.core.relay.endpoint" in run.stdout


def test_importing_every_core_module_loads_no_qt():
    # import-linter sees direct imports; this also catches Qt pulled in through a library.
    core = Path(desktop_app.core.__file__).parent
    modules = sorted(
        ".".join(("desktop_app", "core", *p.relative_to(core).with_suffix("").parts))
        for p in core.rglob("*.py")
        if p.stem != "__init__"
    )
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_PACKAGES!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_long_without_saying_why():
    unexplained = [
        f"{path.relative_to(ROOT)}: {_line_count(path)} lines"
        for path in sorted(PACKAGE.rglob("*.py"))
        if _line_count(path) > MAX_LINES
        and LONG_MODULE_REASON not in "\n".join(path.read_text(encoding="utf-8").splitlines()[:25])
    ]
    assert unexplained == []


def test_the_main_window_is_a_composition():
    assert _line_count(PACKAGE / "ui" / "main_window.py") <= MAIN_WINDOW_MAX_LINES
