"""The result bar says in full where the result was saved and opens its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.ui.common import file_manager
from desktop_app.ui.edit.result_bar import ResultBar


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def opened_urls():
    """What the app asks the desktop to open (instead of a real file manager)."""
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher.opened
    QDesktopServices.unsetUrlHandler("file")


def test_the_full_path_is_shown_and_show_in_folder_opens_it(
    qtbot, tmp_path, opened_urls, monkeypatch
):
    monkeypatch.setattr(file_manager, "_select_over_dbus", lambda path: False)  # no D-Bus here
    bar = ResultBar()
    qtbot.addWidget(bar)
    bar.resize(600, 60)
    bar.show()
    button = bar.findChild(QPushButton, "showInFolderButton")
    assert not button.isEnabled()

    result = tmp_path / "a folder with a long name" / "poster-edit-1.png"
    result.parent.mkdir()
    result.write_bytes(b"png")
    bar.setActionsEnabled(True)
    bar.setSavedPath(result)

    where = bar.findChild(QLabel, "resultPathLabel")
    assert where.fullText() == f"Saved as {result}"
    if where.text() != where.fullText():
        assert "…" in where.text() and where.toolTip() == where.fullText()
    assert button.isEnabled()
    button.click()
    assert [Path(url.toLocalFile()) for url in opened_urls] == [result.parent]

    bar.setSavedPath(None)
    assert not button.isEnabled() and where.text() == ""


def test_a_long_path_is_shortened_in_the_middle_with_its_whole_in_the_tooltip(qtbot, tmp_path):
    bar = ResultBar()
    qtbot.addWidget(bar)
    bar.resize(900, 60)
    bar.show()
    path = tmp_path.joinpath(*["nested-folder"] * 30, "poster-edit-1.png")
    bar.setSavedPath(path)

    where = bar.findChild(QLabel, "resultPathLabel")
    assert where.text().startswith("Saved as ") and where.text().endswith("poster-edit-1.png")
    assert "…" in where.text() and where.toolTip() == f"Saved as {path}"


def test_more_variations_join_the_results_on_show(qtbot, run_loop, tmp_path):
    from desktop_app.ui.compare.before_after_view import BeforeAfterView
    from desktop_app.ui.edit.result_shelf import ResultShelf
    from tests.helpers.images import save_photo

    view, bar = BeforeAfterView(), ResultBar()
    for widget in (view, bar):
        qtbot.addWidget(widget)
    shelf = ResultShelf(view, bar, None)
    files = [save_photo(tmp_path / f"photo-edit-{n}.png", 300, 200) for n in (1, 2, 3)]
    run_loop(shelf.showFiles(files[:1], "3:2"))
    run_loop(shelf.appendFiles(files[1:]))

    assert shelf.paths() == files and shelf.currentIndex() == 0
    assert bar.findChild(QLabel, "resultInfoLabel").text().startswith("Result 1 of 3")
    shelf.showAt(shelf.currentIndex() + 1)  # what Ctrl+] does
    assert shelf.currentIndex() == 1
