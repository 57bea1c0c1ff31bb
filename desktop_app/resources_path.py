"""Find shipped resources (icons, styles, translations) from source, wheel or frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """The folder that holds ``icons/``, ``styles/`` and ``translations/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "resources").is_dir():
        # Run from a source checkout: its own resources, not those an editable install of
        # another checkout maps ``desktop_app.resources`` to.
        return checkout / "resources"
    try:
        from importlib.resources import files

        installed = Path(str(files("desktop_app.resources")))
        if installed.is_dir():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
