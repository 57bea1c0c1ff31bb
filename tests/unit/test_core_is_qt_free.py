"""The core must stay usable without Qt: no module under desktop_app/core imports it."""

import ast
import subprocess
import sys
from pathlib import Path

import desktop_app.core

CORE = Path(desktop_app.core.__file__).parent
QT_PACKAGES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qasync", "qtpy")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt_statically():
    offenders = {
        f"{path.name}: {name}"
        for path in CORE.rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] in QT_PACKAGES
    }
    assert not offenders


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        f"desktop_app.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_PACKAGES!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_demo_provider_is_qt_free_too():
    demo = CORE.parent / "demo"
    offenders = {
        name
        for path in demo.rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] in QT_PACKAGES
    }
    assert not offenders
