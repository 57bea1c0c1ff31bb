"""The window's side of Windows and macOS: file-open events, language, style."""

from __future__ import annotations

import plistlib
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from desktop_app.ui.window.appearance import needs_fusion_for_own_palette
from desktop_app.ui.window.i18n import CHINESE, ENGLISH, apple_languages, system_language
from desktop_app.ui.window.retouch_application import FileOpenQueue, RetouchApplication


def test_file_open_events_reach_the_receiver(qapp, tmp_path):
    assert isinstance(qapp, RetouchApplication)
    received: list[Path] = []
    qapp.deliverFileOpensTo(received.append)
    picture = tmp_path / "设计" / "photo.png"
    assert QApplication.sendEvent(qapp, QFileOpenEvent(str(picture)))
    assert QApplication.sendEvent(qapp, QFileOpenEvent(QUrl.fromLocalFile(str(tmp_path / "b.jpg"))))
    assert received == [picture, tmp_path / "b.jpg"]


def test_files_asked_for_before_the_window_exists_are_kept_in_order():
    queue = FileOpenQueue()
    queue.put(Path("/a.png"))
    queue.put(Path("/b.png"))
    received: list[Path] = []
    queue.deliverTo(received.append)
    queue.put(Path("/c.png"))
    assert received == [Path("/a.png"), Path("/b.png"), Path("/c.png")]


def test_macos_preferred_languages_decide_over_the_missing_lang(tmp_path):
    english_locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert system_language(english_locale, ["zh-Hans-CN", "en-US"]) == CHINESE
    assert system_language(english_locale, ["fr-FR", "en-GB"]) == ENGLISH
    assert system_language(QLocale(QLocale.Language.Chinese), []) == CHINESE

    preferences = tmp_path / ".GlobalPreferences.plist"
    preferences.write_bytes(
        plistlib.dumps({"AppleLanguages": ["zh-Hans-CN", "en"]}, fmt=plistlib.FMT_BINARY)
    )
    assert apple_languages(preferences) == ["zh-Hans-CN", "en"]
    assert apple_languages(tmp_path / "missing.plist") == []
    preferences.write_bytes(b"not a plist")
    assert apple_languages(preferences) == []


def test_our_dark_palette_gets_fusion_where_native_styles_draw_light_parts():
    assert needs_fusion_for_own_palette("win32", "windowsvista")
    assert needs_fusion_for_own_palette("linux", "Windows")
    assert not needs_fusion_for_own_palette("win32", "Fusion")
    assert not needs_fusion_for_own_palette("darwin", "macOS")
