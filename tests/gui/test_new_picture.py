"""Opening another picture shows it, whatever the mode, and forgets the last job's status."""

from __future__ import annotations

from tests.helpers.images import save_photo


def test_a_new_picture_in_difference_mode_shows_and_resets_the_status(window, wait_until, tmp_path):
    first = save_photo(tmp_path / "first.jpg", 800, 600, quality=90)
    second = save_photo(tmp_path / "second.jpg", 600, 800, quality=90)
    window.openPath(first)
    wait_until(lambda: window.inputPath() == first)
    window.editPanel().prompt.setText("warmer")
    window.menus().action("run").trigger()
    wait_until(lambda: window.currentResultPath() is not None and not window.runner.isBusy())
    assert window.editPanel().status.message().startswith("Done")

    view = window.beforeAfterView()
    view.setMode("difference")
    window.openPath(second)
    wait_until(lambda: window.inputPath() == second)

    shown = view.differenceView().image()
    assert shown is not None and (shown.width(), shown.height()) == (600, 800)
    assert window.editPanel().status.message() == "Ready"
