"""The suite itself: no test reaches the developer's home, display or clipboard."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import SESSION_HOME

XDG_FOLDERS = (
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
)


def test_home_and_every_xdg_folder_are_the_sessions_own():
    assert Path.home() == SESSION_HOME and Path("~").expanduser() == SESSION_HOME
    for name in XDG_FOLDERS:
        assert Path(os.environ[name]).is_relative_to(SESSION_HOME), name


def test_qt_runs_offscreen_whatever_the_developer_set():
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
