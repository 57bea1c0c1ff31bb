"""Shared fixtures: isolated folders, no real keyring unless asked, a live demo provider."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite asserts English texts: it runs in English whatever the developer's locale (the
# window and the CLI follow it). Tests of the Chinese side ask for it explicitly.
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("LANGUAGE", None)


@pytest.fixture(autouse=True)
def isolated_dirs(request, tmp_path_factory, monkeypatch):
    """Every test gets its own config and data folders and no token from the environment."""
    root = tmp_path_factory.mktemp("appdirs")
    dirs = {"config": root / "config", "data": root / "data"}
    monkeypatch.setenv("RETOUCH_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("RETOUCH_DATA_DIR", str(dirs["data"]))
    for name in ("RETOUCH_API_KEY", "RETOUCH_BASE_URL", "RETOUCH_MODEL"):
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
