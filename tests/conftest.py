"""Shared fixtures: isolated folders, no real keyring unless asked, a live demo provider."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Forced, not defaulted: a developer with a display would otherwise get real windows and have
# the real clipboard cleared. The offscreen platform keeps its clipboard inside the process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _isolate_home() -> Path:
    """Point HOME and every XDG folder at one temporary folder for the whole session.

    Nothing a test does (settings, the Trash of QFile.moveToTrash, caches, keyring files)
    can then land in the developer's home, and subprocesses inherit the same isolation.
    The Secret Service stays reachable: it is found through DBUS_SESSION_BUS_ADDRESS, which is
    pinned to the real session bus first when only the runtime folder named it. The gnome-
    keyring CI starts keeps its own files (it was started with its own XDG_DATA_HOME).
    """
    home = Path(tempfile.mkdtemp(prefix="retouch-tests-home-"))
    real_runtime = os.environ.get("XDG_RUNTIME_DIR")
    if real_runtime and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        bus = Path(real_runtime) / "bus"
        if bus.exists():
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
    # Tools installed under the real home stay usable by subprocesses (pip --user, pyenv).
    real_home = Path.home()
    os.environ.setdefault("PYTHONUSERBASE", str(real_home / ".local"))
    if (real_home / ".pyenv").is_dir():
        os.environ.setdefault("PYENV_ROOT", str(real_home / ".pyenv"))
    folders = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_RUNTIME_DIR": home / "runtime",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    folders["XDG_RUNTIME_DIR"].chmod(0o700)  # Qt refuses a runtime folder others can read
    return home


SESSION_HOME = _isolate_home()
# The suite asserts English texts: it runs in English whatever the developer's locale (the
# window and the CLI follow it). Tests of the Chinese side ask for it explicitly.
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("LANGUAGE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_HOME, ignore_errors=True)


def in_ci() -> bool:
    """CI=true (GitHub Actions, .ci/run): every test must run there."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """In CI a skip is a failure: a missing tool or service must not pass unnoticed."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip: {reason}"


@pytest.fixture(autouse=True)
def isolated_dirs(request, tmp_path_factory, monkeypatch):
    """Every test gets its own config and data folders and no token from the environment."""
    root = tmp_path_factory.mktemp("appdirs")
    dirs = {"config": root / "config", "data": root / "data"}
    monkeypatch.setenv("RETOUCH_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("RETOUCH_DATA_DIR", str(dirs["data"]))
    for name in ("RETOUCH_API_KEY", "RETOUCH_BASE_URL", "RETOUCH_MODEL", "RETOUCH_API"):
        monkeypatch.delenv(name, raising=False)
    if request.node.get_closest_marker("keyring_real") is None:
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return dirs


@pytest.fixture(autouse=True)
def pictures_folder(tmp_path_factory, monkeypatch):
    """The user's Pictures folder, where results of pasted pictures go: a temporary one."""
    folder = tmp_path_factory.mktemp("pictures")
    monkeypatch.setattr("desktop_app.core.settings.pictures_dir", lambda: folder)
    return folder


@pytest.fixture
def demo_provider():
    """A live demo relay on 127.0.0.1 with no model latency."""
    from desktop_app.demo import DemoProvider

    with DemoProvider(latency=0.0) as provider:
        yield provider


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's QApplication is the app's own class (it handles macOS file-open events)."""
    from desktop_app.ui.window.retouch_application import RetouchApplication

    return RetouchApplication
