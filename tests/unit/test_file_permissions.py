"""Results and exports follow the user's umask; settings stay private to their owner."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from desktop_app.core.files import publish_without_overwrite, temp_file_beside, write_atomically
from desktop_app.core.settings import Settings, save_settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_exported_file_follows_the_umask(tmp_path, umask):
    written = write_atomically(tmp_path / "poster.png", b"png")
    assert mode_of(written) == 0o666 & ~umask


def test_a_downloaded_result_follows_the_umask(tmp_path, umask):
    fd, tmp = temp_file_beside(tmp_path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(b"png")
    published = publish_without_overwrite(tmp, lambda n: tmp_path / f"poster-edit-{n}.png")
    assert published.name == "poster-edit-1.png"
    assert mode_of(published) == 0o666 & ~umask


def test_settings_stay_private(tmp_path, umask):
    saved = save_settings(Settings(), tmp_path / "settings.json")
    assert mode_of(saved) == 0o600
