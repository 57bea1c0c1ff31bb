"""A token typed into Settings is used for jobs and then found nowhere it should not be."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

from desktop_app.core.secrets.credentials import clear_session_secrets
from desktop_app.demo import DemoProvider
from tests.helpers.images import save_photo
from tests.helpers.keyrings import MemoryKeyring, use_keyring
from tests.helpers.secrets_scan import files_containing, unheard_of_token

# No known prefix (sk-, Bearer): only its registration as a secret can mask it.
TOKEN = "relay_ui_typed_7f3a9c1d2e4b5a6f"
FAILURES = (
    "http_401",
    "http_401_echo",
    "http_500",
    "error_at_200",
    "not_json",
    "cdn_404",
    "drop_connection",
)


@pytest.fixture
def guarded_relay():
    with DemoProvider(token=TOKEN) as provider:
        yield provider


def test_a_token_entered_in_settings_leaks_nowhere(
    qtbot,
    event_loop,
    run_loop,
    wait_until,
    guarded_relay,
    isolated_dirs,
    monkeypatch,
    tmp_path,
    caplog,
    capfd,
):
    from desktop_app.ui.main_window import MainWindow

    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("RETOUCH_BASE_URL", guarded_relay.base_url)
    photo = save_photo(tmp_path / "photo.jpg", 640, 480)
    with use_keyring(MemoryKeyring()) as keyring_backend:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        dialog = window.openSettings()
        edit = dialog.findChild(QLineEdit, "tokenEdit")
        edit.setFocus()
        qtbot.keyClicks(edit, TOKEN)
        assert run_loop(dialog.saveChanges())
        dialog.close()
        assert TOKEN in keyring_backend.entries.values()

        run_loop(window.openPath(photo))
        banner = window.banner()
        run = window.findChild(QPushButton, "runButton")
        window.editPanel().prompt.setText("warmer")
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
        wait_until(lambda: window.resultPaths(), timeout=30)
        seen = [banner.message()]
        for scenario in FAILURES:
            guarded_relay.inject(scenario)
            qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
            wait_until(lambda: not window.runner.isBusy() and banner.isShowingError())
            details = banner.findChild(QPlainTextEdit, "errorDetails")
            seen += [banner.message(), details.toPlainText(), window.windowTitle()]
        window.copyResult()
        seen.append(QGuiApplication.clipboard().text())
        run_loop(window.shutdown())
        window.close()
    clear_session_secrets()

    assert guarded_relay.chat_requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert all(TOKEN not in text for text in seen)
    assert TOKEN not in caplog.text
    out, err = capfd.readouterr()
    assert TOKEN not in out and TOKEN not in err
    assert files_containing(TOKEN, isolated_dirs["config"], isolated_dirs["data"], tmp_path) == []


def test_a_token_from_the_keyring_leaks_nowhere_when_the_relay_echoes_it(
    qtbot, run_loop, wait_until, demo_provider, isolated_dirs, monkeypatch, caplog, capfd, tmp_path
):
    """A token saved in an earlier session is only ever read here, never typed."""
    from desktop_app.core.secrets.credentials import KEYRING_SERVICE
    from desktop_app.ui.main_window import MainWindow

    token = unheard_of_token()
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("RETOUCH_BASE_URL", demo_provider.base_url)
    photo = save_photo(tmp_path / "photo.jpg", 640, 480)
    keyring_backend = MemoryKeyring()
    keyring_backend.entries[(KEYRING_SERVICE, "default")] = token
    with use_keyring(keyring_backend):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        run_loop(window.openPath(photo))
        banner = window.banner()
        window.editPanel().prompt.setText("warmer")
        demo_provider.inject("http_401_echo")
        qtbot.mouseClick(window.findChild(QPushButton, "runButton"), Qt.MouseButton.LeftButton)
        wait_until(lambda: not window.runner.isBusy() and banner.isShowingError())
        details = banner.findChild(QPlainTextEdit, "errorDetails").toPlainText()
        seen = [banner.message(), details, window.windowTitle()]
        run_loop(window.shutdown())
        window.close()
    clear_session_secrets()

    assert demo_provider.chat_requests[0].headers["authorization"] == f"Bearer {token}"
    assert "Incorrect API key provided: ***" in details  # the echo arrived, masked
    assert all(token not in text for text in seen)
    assert token not in caplog.text
    out, err = capfd.readouterr()
    assert token not in out and token not in err
    assert files_containing(token, isolated_dirs["config"], isolated_dirs["data"], tmp_path) == []
