"""Atomic writes and never-overwriting publication (core/files.py), on a real file system."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop_app.core.files import publish_without_overwrite, temp_file_beside, write_atomically


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_write_atomically_creates_the_folders_and_leaves_only_the_file(tmp_path):
    target = tmp_path / "a" / "b" / "settings.json"
    assert write_atomically(target, b"first") == target
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert names(target.parent) == ["settings.json"]


def test_a_failed_atomic_write_keeps_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "settings.json"
    write_atomically(target, b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old" and names(tmp_path) == ["settings.json"]


def result_names(folder: Path):
    return lambda n: folder / f"photo-edit-{n}.png"


def finished_temp(folder: Path, data: bytes = b"new result") -> Path:
    fd, tmp = temp_file_beside(folder)
    with os.fdopen(fd, "wb") as sink:
        sink.write(data)
    return tmp


def test_publishing_takes_the_first_free_name_and_overwrites_nothing(tmp_path):
    for n in (1, 2):
        (tmp_path / f"photo-edit-{n}.png").write_bytes(b"earlier %d" % n)
    published = publish_without_overwrite(finished_temp(tmp_path), result_names(tmp_path))
    assert published == tmp_path / "photo-edit-3.png"
    assert published.read_bytes() == b"new result"
    assert (tmp_path / "photo-edit-1.png").read_bytes() == b"earlier 1"
    assert (tmp_path / "photo-edit-2.png").read_bytes() == b"earlier 2"
    assert names(tmp_path) == [f"photo-edit-{n}.png" for n in (1, 2, 3)]  # the temp file is gone


def test_when_every_name_is_taken_the_error_names_the_first_and_the_temp_file_goes(tmp_path):
    for n in (5, 6):
        (tmp_path / f"photo-edit-{n}.png").write_bytes(b"x")
    tmp = finished_temp(tmp_path)
    with pytest.raises(FileExistsError, match=r"after 2 tries: .*photo-edit-5\.png"):
        publish_without_overwrite(tmp, result_names(tmp_path), first=5, attempts=2)
    assert not tmp.exists()


def test_without_hard_links_an_exclusive_create_claims_the_name(tmp_path, monkeypatch):
    # A file system without hard links (FAT, some network shares) refuses os.link with EPERM;
    # this machine's has them, so the refusal is simulated at the OS boundary.
    def no_hard_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    (tmp_path / "photo-edit-1.png").write_bytes(b"earlier")
    published = publish_without_overwrite(finished_temp(tmp_path), result_names(tmp_path))
    assert published == tmp_path / "photo-edit-2.png"
    assert published.read_bytes() == b"new result"
    assert (tmp_path / "photo-edit-1.png").read_bytes() == b"earlier"
    assert names(tmp_path) == ["photo-edit-1.png", "photo-edit-2.png"]


def test_temp_files_are_hidden_parts_in_their_folder_and_can_be_tagged(tmp_path):
    folder = tmp_path / "new" / "results"
    fd, tmp = temp_file_beside(folder)
    os.close(fd)
    assert tmp.parent == folder and tmp.name.startswith(".retouch-") and tmp.suffix == ".part"
    fd, tagged = temp_file_beside(folder, suffix=".tmp", prefix=".retouch-job-42-")
    with os.fdopen(fd, "wb") as sink:  # an open, writable descriptor
        sink.write(b"x")
    assert tagged.name.startswith(".retouch-job-42-") and tagged.name.endswith(".tmp")
    assert tagged.read_bytes() == b"x"
    fd, again = temp_file_beside(folder)  # an existing folder is fine too
    os.close(fd)
    assert again.parent == folder
