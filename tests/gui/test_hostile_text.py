"""Network text in the window is shown as written (issue 14, items 5 and 11).

A relay's HTML in an error must not render as a heading and a link in a tooltip; a tiny
file of a gigantic picture must not be decoded for a thumbnail or a preview.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QLabel, QTableWidget

from desktop_app.core.errors import RetouchError
from desktop_app.core.relay.limits import MAX_RESULT_PIXELS
from desktop_app.core.settings import Settings
from desktop_app.demo.hostile import HTML_MESSAGE, huge_png
from desktop_app.ui.common.plain_text import plain_tooltip
from desktop_app.ui.docks.history_thumbnails import make_thumbnail
from desktop_app.ui.edit.result_shelf import load_picture
from tests.gui.test_main_window import run_job
from tests.gui.test_queue_panel import drop, states, wait_ended
from tests.gui.test_settings_dialog import (  # noqa: F401  (fixtures)
    child,
    executor,
    make_dialog,
    memory_keyring,
    type_token,
)
from tests.helpers.images import save_photo


def shown(tooltip: str) -> str:
    """The characters a tooltip puts on screen (Qt renders what looks like rich text)."""
    if not Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


@pytest.mark.parametrize("text", [HTML_MESSAGE, "a < b & c > d\nline two", ""])
def test_plain_tooltips_show_the_characters_as_written(text):
    assert shown(plain_tooltip(text)) == text


def test_the_queue_failed_row_tooltip_shows_relay_html_as_text(
    window, qtbot, wait_until, tmp_path, demo_provider
):
    photos = [save_photo(tmp_path / f"shot-{n}.jpg", 320, 240) for n in range(2)]
    demo_provider.inject("html_error")
    drop(window, wait_until, photos)
    run_job(window, qtbot, wait_until)
    wait_ended(window, wait_until, 2)
    failed = states(window).index("failed")
    table = window.queuePanel().findChild(QTableWidget, "queueTable")
    tooltip = table.item(failed, 1).toolTip()
    assert HTML_MESSAGE in shown(tooltip)  # the tags are on screen, not interpreted


@pytest.mark.usefixtures("memory_keyring")
def test_the_test_connection_tooltip_shows_relay_html_as_text(
    request, run_loop, qtbot, demo_provider
):
    dialog = request.getfixturevalue("make_dialog")(
        Settings(base_url=f"{demo_provider.origin}/demo-models_html/v1")
    )
    type_token(dialog, qtbot)
    check = run_loop(dialog.testConnection())
    assert not check.ok
    result = child(dialog, QLabel, "connectionResultLabel")
    assert result.textFormat() == Qt.TextFormat.PlainText
    assert "<h1 style='font-size:72px'>Relay down</h1>" in shown(result.toolTip())


def test_a_huge_picture_gets_no_thumbnail_and_no_preview(tmp_path, run_loop):
    path = tmp_path / "huge.png"
    path.write_bytes(huge_png())
    assert make_thumbnail(path, tmp_path / "thumbs") is None
    with pytest.raises(RetouchError, match="64 megapixels"):
        run_loop(load_picture(Path(path), None, MAX_RESULT_PIXELS))
