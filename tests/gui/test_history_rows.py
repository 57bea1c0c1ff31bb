"""History rows: the time as people say it, and a failed job that looks failed."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QPalette

from desktop_app.ui.docks.history_row_delegate import readable_time, status_colour


def test_times_read_whole_with_two_digit_minutes(qapp):
    now = datetime(2026, 12, 2, 11, 30)
    assert readable_time(datetime(2026, 12, 2, 11, 5), now) == "Today 11:05"
    assert readable_time(datetime(2026, 12, 1, 9, 7), now) == "Yesterday 09:07"
    older = readable_time(datetime(2026, 11, 20, 8, 0), now)
    assert older.endswith(" 08:00") and "20" in older


def test_failed_and_done_rows_differ_in_colour(qapp):
    palette = QPalette()
    done, failed = status_colour("done", palette), status_colour("failed", palette)
    assert done != failed
    assert failed.red() > failed.green() and done.green() > done.red()
