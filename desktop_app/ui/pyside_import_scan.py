"""Spare the start-up PySide's source scan of every module imported after it.

For its ``from __feature__ import snake_case`` switch, PySide6 replaces ``__import__`` and
reads the whole source of every module imported after it, looking for the word "PySide6"
(``shibokensupport.feature._mod_uses_pyside``; napari issue 8584 measured the same tax).
That is ~0.2 ms a module and 15-20 ms of the ~80 modules before the first frame. The name
tells the answer for most of them: the standard library never uses PySide, the app's UI
package is the part that does, and the rest of the app does not (its core cannot: an
import-linter contract in ``pyproject.toml``; the CLI's self-test imports Qt only inside a
function). Every other module is still scanned.

The answer only decides which modules PySide's feature switching ignores (-1) and which
switch to their own selection (0: none). No module of the app selects a feature
(``tests/unit/test_pyside_import_scan.py`` holds that), so where the name's answer and the
scan's could differ (a UI package's ``__init__``, the self-test), both behave the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_SCAN = "_mod_uses_pyside"
_APP = "desktop_app"
_APP_UI = "desktop_app.ui"


def uses_pyside_by_name(name: str) -> bool | None:
    """Whether the module ``name`` uses PySide, when its name tells; ``None`` when not."""
    top = name.partition(".")[0]
    if top == _APP:
        return name == _APP_UI or name.startswith(_APP_UI + ".")
    if top in sys.stdlib_module_names:
        return False
    return None


def answer_known_modules_without_reading() -> bool:
    """Put :func:`uses_pyside_by_name` in front of PySide's scan; ``True`` if it is in place.

    Call after PySide6 is imported. Idempotent. Where PySide has no such scan (another
    version), nothing changes and ``False`` comes back: it only costs start-up time.
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    scan = getattr(feature, _SCAN, None)
    if feature is None or not callable(scan):
        return False
    if getattr(scan, "answers_by_name", False):
        return True
    setattr(feature, _SCAN, _answering_first(scan))
    return True


def _answering_first(scan: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        known = uses_pyside_by_name(getattr(module, "__name__", ""))
        return scan(module) if known is None else known

    uses_pyside.answers_by_name = True  # type: ignore[attr-defined]
    return uses_pyside
