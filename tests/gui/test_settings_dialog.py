"""The settings dialog and the first-run panel, driven as a user would, on the qasync loop."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from keyring.backends import null
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.secrets.credentials import KEYRING_SERVICE, clear_session_secrets, find_token
from desktop_app.core.settings import (
    KNOWN_MODELS,
    ProviderProfile,
    Settings,
    load_settings,
    put_profile,
    settings_path,
)
from desktop_app.demo import DemoProvider
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from desktop_app.ui.window.first_run_panel import FirstRunPanel
from tests.helpers.keyrings import MemoryKeyring, use_keyring
from tests.helpers.secrets_scan import files_containing

pytestmark = pytest.mark.gui

TOKEN = "relay_gui_dialog_token_0123456789"
REQUIRED_NAMES = (
    "profileCombo",
    "addProfileButton",
    "renameProfileButton",
    "removeProfileButton",
    "baseUrlEdit",
    "modelCombo",
    "tokenEdit",
    "showTokenButton",
    "keyringStatusLabel",
    "testConnectionButton",
    "connectionResultLabel",
    "proxyModeCombo",
    "proxyUrlEdit",
    "proxyUserEdit",
    "proxyPasswordEdit",
    "connectTimeoutSpin",
    "readTimeoutSpin",
    "downloadTimeoutSpin",
    "maxUploadSpin",
    "outputDirEdit",
    "browseOutputButton",
    "saveSettingsButton",
    "cancelSettingsButton",
)


@pytest.fixture
def memory_keyring():
    with use_keyring(MemoryKeyring()) as backend:
        yield backend
    clear_session_secrets()


@pytest.fixture
def no_keyring():
    with use_keyring(null.Keyring()) as backend:
        yield backend
    clear_session_secrets()


@pytest.fixture
def executor():
    pool = ThreadPoolExecutor(2, thread_name_prefix="test-settings")
    yield pool
    pool.shutdown(wait=True)


@pytest.fixture
def guarded_provider():
    with DemoProvider(token=TOKEN) as provider:
        yield provider


@pytest.fixture
def make_dialog(qtbot, event_loop, executor):
    def make(settings: Settings | None = None) -> SettingsDialog:
        dialog = SettingsDialog(settings or Settings(), executor, open_http_client)
        qtbot.addWidget(dialog)
        return dialog

    return make


def child(dialog: QWidget, kind: type, name: str):
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def type_token(dialog: SettingsDialog, qtbot, token: str = TOKEN) -> None:
    edit = child(dialog, QLineEdit, "tokenEdit")
    edit.setFocus()
    qtbot.keyClicks(edit, token)


def test_every_interactive_widget_is_named(make_dialog, memory_keyring):
    dialog = make_dialog()
    assert dialog.objectName() == "settingsDialog"
    for name in REQUIRED_NAMES:
        assert dialog.findChild(QWidget, name) is not None, name
    internal = (QComboBox, QAbstractSpinBox, QLineEdit)
    for widget in dialog.findChildren(QWidget):
        interactive = isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QSpinBox)
        if not interactive or isinstance(widget.parentWidget(), internal):
            continue  # a combo box's editor, a line edit's clear button
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()


def test_token_is_masked_toggles_and_never_copied(make_dialog, memory_keyring, qtbot):
    dialog = make_dialog()
    edit = child(dialog, QLineEdit, "tokenEdit")
    toggle = child(dialog, QAbstractButton, "showTokenButton")
    type_token(dialog, qtbot)
    assert edit.echoMode() is QLineEdit.EchoMode.Password
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert edit.echoMode() is QLineEdit.EchoMode.Normal and toggle.text() == "Hide"
    QGuiApplication.clipboard().setText("before")
    edit.selectAll()
    qtbot.keySequence(edit, QKeySequence.StandardKey.Copy)
    qtbot.keySequence(edit, QKeySequence.StandardKey.Cut)
    assert QGuiApplication.clipboard().text() == "before" and edit.text() == TOKEN
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert edit.echoMode() is QLineEdit.EchoMode.Password
    assert TOKEN not in repr(dialog.settings()) and TOKEN not in json.dumps(
        dialog.settings().to_json()
    )


def test_an_unsafe_address_disables_save_with_the_reason_inline(make_dialog, memory_keyring):
    dialog = make_dialog()
    dialog.show()
    url = child(dialog, QLineEdit, "baseUrlEdit")
    save = child(dialog, QPushButton, "saveSettingsButton")
    error = child(dialog, QLabel, "baseUrlError")
    url.setText("http://relay.example.com/v1")
    assert (
        not save.isEnabled()
        and not child(dialog, QAbstractButton, "testConnectionButton").isEnabled()
    )
    assert error.isVisible() and "https://" in error.text()
    assert not child(dialog, QComboBox, "profileCombo").isEnabled()  # fix it before leaving
    url.setText("http://127.0.0.1:8080/v1")  # this computer: allowed
    assert save.isEnabled() and not error.isVisible()
    url.setText("not a url")
    assert not save.isEnabled() and "not a provider address" in error.text()


def test_models_and_ranges_come_from_the_settings(make_dialog, memory_keyring):
    dialog = make_dialog(Settings(model="my-custom-model"))
    combo = child(dialog, QComboBox, "modelCombo")
    assert combo.isEditable() and combo.currentText() == "my-custom-model"
    assert [combo.itemText(i) for i in range(len(KNOWN_MODELS))] == list(KNOWN_MODELS)
    read = child(dialog, QSpinBox, "readTimeoutSpin")
    upload = child(dialog, QSpinBox, "maxUploadSpin")
    assert (read.minimum(), read.maximum(), read.value()) == (10, 1800, 300)
    assert (upload.minimum(), upload.maximum(), upload.value()) == (256, 4096, 2048)


def test_manual_proxy_fields_follow_the_mode(make_dialog, memory_keyring):
    dialog = make_dialog()
    mode = child(dialog, QComboBox, "proxyModeCombo")
    proxy_url = child(dialog, QLineEdit, "proxyUrlEdit")
    assert not proxy_url.isEnabled()
    mode.setCurrentIndex(mode.findData("manual"))
    assert proxy_url.isEnabled()
    assert child(dialog, QLineEdit, "proxyPasswordEdit").echoMode() is QLineEdit.EchoMode.Password
    proxy_url.setText("socks5://proxy:1080")
    assert not child(dialog, QPushButton, "saveSettingsButton").isEnabled()
    proxy_url.setText("http://proxy.corp:3128")
    assert child(dialog, QPushButton, "saveSettingsButton").isEnabled()
    assert dialog.settings().provider.proxy_mode == "manual"


def test_test_connection_against_the_demo_provider(
    make_dialog, memory_keyring, guarded_provider, run_loop, qtbot
):
    dialog = make_dialog(Settings(base_url=guarded_provider.base_url))
    result = child(dialog, QLabel, "connectionResultLabel")
    check = run_loop(dialog.testConnection())
    assert check.outcome == "bad_token" and "Enter your API token" in result.text()
    type_token(dialog, qtbot, "relay_not_the_right_one_4242")
    check = run_loop(dialog.testConnection())
    assert check.outcome == "bad_token" and result.property("state") == "error"
    child(dialog, QLineEdit, "tokenEdit").clear()
    type_token(dialog, qtbot)
    check = run_loop(dialog.testConnection())
    assert check.ok and result.property("state") == "ok"
    assert "Connected" in result.text() and TOKEN not in result.text()
    assert guarded_provider.chat_requests == []  # no paid generation


def test_test_connection_button_runs_on_the_loop(
    make_dialog, memory_keyring, guarded_provider, wait_until, qtbot
):
    memory_keyring.entries[(KEYRING_SERVICE, "default")] = TOKEN  # the saved token is used
    dialog = make_dialog(Settings(base_url=guarded_provider.base_url))
    dialog.show()
    qtbot.mouseClick(child(dialog, QPushButton, "testConnectionButton"), Qt.MouseButton.LeftButton)
    result = child(dialog, QLabel, "connectionResultLabel")
    wait_until(lambda: result.property("state") == "ok")
    assert "Saved in the system keyring" in child(dialog, QLabel, "keyringStatusLabel").text()


def test_saving_writes_settings_without_the_token_and_the_token_to_the_keyring(
    make_dialog, memory_keyring, isolated_dirs, run_loop, qtbot, wait_until
):
    dialog = make_dialog()
    dialog.show()
    saved: list[Settings] = []
    dialog.settingsSaved.connect(saved.append)
    type_token(dialog, qtbot)
    child(dialog, QComboBox, "modelCombo").setCurrentText("sora_image")
    child(dialog, QLineEdit, "baseUrlEdit").setText("https://relay.example.com/v1")
    assert run_loop(dialog.saveChanges()) is True
    assert memory_keyring.entries == {(KEYRING_SERVICE, "default"): TOKEN}
    text = settings_path().read_text(encoding="utf-8")
    assert TOKEN not in text and "sora_image" in text
    assert load_settings() == saved[0] == dialog.settings()
    assert saved[0].base_url == "https://relay.example.com/v1"
    assert files_containing(TOKEN, isolated_dirs["config"], isolated_dirs["data"]) == []
    # Clicking Save goes the same way and closes the dialog. (Alone on screen, closing it
    # would quit the app's event loop; in the app the main window stays open.)
    qapp = QGuiApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    try:
        qtbot.mouseClick(
            child(dialog, QPushButton, "saveSettingsButton"), Qt.MouseButton.LeftButton
        )
        wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert not dialog.isVisible() and len(saved) == 2


def test_profiles_are_added_renamed_and_saved_with_their_own_tokens(
    make_dialog, memory_keyring, run_loop, qtbot
):
    memory_keyring.entries[(KEYRING_SERVICE, "B")] = "relay_saved_token_of_b_777"
    start = put_profile(Settings(), "B", ProviderProfile(base_url="https://relay-b.example/v1"))
    dialog = make_dialog(start)
    picker = dialog.findChild(QWidget, "profileCombo").parentWidget()
    picker.setCurrentProfile("B")
    assert child(dialog, QLineEdit, "baseUrlEdit").text() == "https://relay-b.example/v1"
    picker.renameProfile("B", "Relay B")
    picker.addProfile("Work")
    assert child(dialog, QLineEdit, "baseUrlEdit").text() == ProviderProfile().base_url
    child(dialog, QLineEdit, "baseUrlEdit").setText("https://work.example/v1")
    type_token(dialog, qtbot)
    assert run_loop(dialog.saveChanges()) is True
    stored = load_settings()
    assert list(stored.profiles) == ["default", "Relay B", "Work"]
    assert stored.active_profile == "Work" and stored.base_url == "https://work.example/v1"
    assert memory_keyring.entries == {
        (KEYRING_SERVICE, "Relay B"): "relay_saved_token_of_b_777",
        (KEYRING_SERVICE, "Work"): TOKEN,
    }


def test_without_a_keyring_the_token_can_be_kept_for_this_session(
    make_dialog, no_keyring, isolated_dirs, run_loop, qtbot
):
    dialog = make_dialog()
    status = run_loop(dialog.refreshKeyringStatus())
    assert not status.usable
    session_only = child(dialog, QCheckBox, "sessionOnlyCheck")
    assert not session_only.isHidden() and session_only.isChecked()
    assert "No system keyring" in child(dialog, QLabel, "keyringStatusLabel").text()
    type_token(dialog, qtbot)
    session_only.setChecked(False)
    assert run_loop(dialog.saveChanges()) is False
    assert "Keep for this session only" in child(dialog, QLabel, "saveProblemLabel").text()
    session_only.setChecked(True)
    assert run_loop(dialog.saveChanges()) is True
    assert find_token().source == "session"
    assert files_containing(TOKEN, isolated_dirs["config"], isolated_dirs["data"]) == []


def test_first_run_panel_offers_token_and_demo(qtbot):
    panel = FirstRunPanel("https://api.quickrouter.ai/v1")
    qtbot.addWidget(panel)
    assert panel.objectName() == "firstRunPanel"
    token_button = child(panel, QPushButton, "enterTokenButton")
    demo_button = child(panel, QPushButton, "tryDemoButton")
    with qtbot.waitSignal(panel.settingsRequested, timeout=1000):
        qtbot.mouseClick(token_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.demoRequested, timeout=1000):
        qtbot.mouseClick(demo_button, Qt.MouseButton.LeftButton)
    text = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "quickrouter.ai" in text and "keyring" in text
    assert token_button.accessibleName() and demo_button.accessibleName()


def test_appearance_light_dark_or_system_applies_on_save(make_dialog, memory_keyring, run_loop):
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.window.appearance import apply_appearance, is_dark

    app = QApplication.instance()
    dialog = make_dialog()
    combo = child(dialog, QComboBox, "appearanceCombo")
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "light", "dark"]
    try:
        combo.setCurrentIndex(combo.findData("dark"))
        assert run_loop(dialog.saveChanges()) is True
        assert load_settings().appearance == "dark" and is_dark(app.palette())
        combo.setCurrentIndex(combo.findData("light"))
        assert run_loop(dialog.saveChanges()) is True
        assert not is_dark(app.palette())
    finally:
        apply_appearance(app, "system")
    assert Settings(appearance="purple").appearance == "system"
