"""Every state a person meets reads whole at 1280 × 800, in English and in Chinese.

Each test brings the real window to one state (first run without a token, empty, a picture
loaded, a job running, a result, variations, an error, the history, the settings, the
shortcuts) and fails on any visible label or button whose text needs more room than it has.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from desktop_app.core.settings import load_settings
from desktop_app.ui.window import i18n
from tests.helpers.images import save_photo
from tests.helpers.text_fit import clipped_texts

PROMPT = "美化一下这种图片,加上 我爱中国 四个字,让颜色更鲜艳一些,背景换成海边的日落"
LANGUAGES = ("en", "zh_CN")


@pytest.fixture(params=LANGUAGES)
def language(request):
    yield request.param
    i18n.apply_language("en")


@pytest.fixture
def photo(tmp_path) -> Path:
    return save_photo(tmp_path / "a photo from the holiday.jpg", 1200, 800, quality=90)


def open_window(qtbot, language: str):
    from desktop_app.ui.main_window import MainWindow

    settings = load_settings()
    settings.language = language
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


@pytest.fixture
def tokened_window(qtbot, event_loop, demo_provider, monkeypatch, language):
    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    monkeypatch.setenv("RETOUCH_API_KEY", "sk-gui-test-token-123456")
    window = open_window(qtbot, language)
    yield window
    event_loop.run_until_complete(window.shutdown())


def settle(event_loop) -> None:
    event_loop.run_until_complete(asyncio.sleep(0.1))


def assert_texts_fit(widget: QWidget, event_loop) -> None:
    settle(event_loop)
    assert clipped_texts(widget) == []


def test_first_run_without_a_token(qtbot, event_loop, wait_until, language):
    window = open_window(qtbot, language)
    panel = window.findChild(QWidget, "firstRunPanel")
    wait_until(panel.isVisible)
    assert_texts_fit(window, event_loop)
    event_loop.run_until_complete(window.shutdown())


def test_empty_loaded_running_result_and_error(
    tokened_window, demo_provider, event_loop, wait_until, photo
):
    window = tokened_window
    assert_texts_fit(window, event_loop)

    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    window.editPanel().prompt.setText(PROMPT)
    assert_texts_fit(window, event_loop)

    demo_provider.latency = 1.0
    window.menus().action("run").trigger()
    wait_until(window.runner.isBusy)
    assert_texts_fit(window, event_loop)
    wait_until(lambda: window.currentResultPath() is not None and not window.runner.isBusy())
    assert_texts_fit(window, event_loop)

    demo_provider.latency = 0.0
    window.editPanel().variations.setValue(3)
    finished = []
    window.runner.batchFinished.connect(finished.append)
    window.menus().action("run").trigger()
    wait_until(lambda: finished and not window.runner.isBusy())
    assert_texts_fit(window, event_loop)

    window.editPanel().variations.setValue(1)
    demo_provider.inject("refusal_input_moderation")
    window.menus().action("run").trigger()
    wait_until(lambda: window.findChild(QWidget, "errorBanner").isVisible())
    assert_texts_fit(window, event_loop)

    window.menus().action("history").trigger()
    history = window.findChild(QWidget, "historyDock")
    wait_until(history.isVisible)
    assert_texts_fit(window, event_loop)


def test_settings_and_shortcuts(tokened_window, event_loop):
    settings = tokened_window.openSettings()
    assert_texts_fit(settings, event_loop)
    screen = settings.screen().availableGeometry()
    assert settings.height() <= screen.height(), "Save must stay on screen: the groups scroll"
    settings.close()
    shortcuts = tokened_window.showShortcuts()
    assert_texts_fit(shortcuts, event_loop)
    shortcuts.close()
