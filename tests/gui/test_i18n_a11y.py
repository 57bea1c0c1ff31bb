"""Chinese and English, dark mode, shortcuts and accessibility, on the real widgets.

The translation check compares every user-visible string (labels, buttons, group titles,
menus, actions, tooltips, placeholders, combo items, tabs, accessible names and
descriptions) in English and in Chinese: a string that stays English was not marked for
translation or is not re-worded on a language switch. A short allowlist covers what is the
same in both languages (ratios, numbers, file names, the brand, model ids, URLs, keys).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.settings import Settings
from desktop_app.ui.compare.image_view import ImageView
from desktop_app.ui.compare.split_compare_view import SplitCompareView
from desktop_app.ui.edit.error_texts import error_message, error_title
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from desktop_app.ui.window import i18n
from desktop_app.ui.window.appearance import is_dark, set_color_scheme
from desktop_app.ui.window.first_run_panel import FirstRunPanel
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.window.window_menus import plain_text
from tests.helpers.images import save_photo
from tests.helpers.keyrings import MemoryKeyring, use_keyring

PROMPT = "美化一下这种图片,加上 我爱中国 四个字"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The same in every language: the brand, language names, formats, model ids, profile names.
SAME_EVERYWHERE = {
    "Retouch Studio",
    "English",
    "简体中文",
    "PNG",
    "JPEG",
    "WebP",
    "default",
    "gpt-4o-image-vip",
    "gpt-4o-image",
    "gpt-4o-all",
    "sora_image",
    "gpt-image-1",
    "https://api.example.com/v1",
    "http://proxy.example.com:3128",
}
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QTabBar,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QGraphicsView,
)
Texts = dict[str, str]


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def settle(event_loop):
    """Deliver posted events (LanguageChange travels to each window as one) with the loop
    running, so window tasks that wake up meanwhile find their loop."""

    def run() -> None:
        event_loop.run_until_complete(asyncio.sleep(0.05))

    return run


@pytest.fixture
def language(settle) -> Iterator[object]:
    """Switch the app's language in a test (``language("zh_CN")``); English afterwards."""

    def switch(choice: str) -> None:
        i18n.apply_language(choice)
        settle()

    yield switch
    switch("en")


@pytest.fixture
def photo(tmp_path) -> Path:
    return save_photo(tmp_path / "photo.jpg", 800, 600, quality=90)


def allowed_as_is(text: str) -> bool:
    """Whether ``text`` may read the same in English and Chinese."""
    text = text.strip()
    if not re.search(r"[A-Za-z]", text) or text in SAME_EVERYWHERE:
        return True  # ratios, numbers, sizes, glyphs, or a name
    if re.fullmatch(r"[\w\-. ]+\.(png|jpe?g|webp|gif|bmp|tiff?)", text, re.IGNORECASE):
        return True  # a file name
    if re.match(r"(https?://|/|[A-Za-z]:\\)", text):
        return True  # an address or a folder
    return all(is_key_sequence(part) for part in text.split(" / "))  # a shortcut list


def is_key_sequence(text: str) -> bool:
    native = QKeySequence.SequenceFormat.NativeText
    sequence = QKeySequence.fromString(text, native)
    return not sequence.isEmpty() and sequence.toString(native) == text


def widget_path(widget: QWidget, root: QWidget) -> str:
    """A name for ``widget`` that is the same in two identically built trees."""
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        parent = current.parentWidget()
        siblings = parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        index = siblings.index(current) if parent is not None else 0
        parts.append(f"{type(current).__name__}#{current.objectName()}[{index}]")
        current = parent
    return "/".join(reversed(parts))


def internal(widget: QWidget) -> bool:
    """Qt's own parts of a compound widget (a combo's list, a spin box's editor ...)."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar | QHeaderView):
        return True
    if isinstance(widget, QMenu) and isinstance(widget.parentWidget(), QMenuBar):
        return not widget.objectName()  # the overflow menu, filled as the width allows
    if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), QTabBar):
        return True  # a tab bar's scroll arrows (Qt's words, hidden with three tabs)
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit):
            return True
        if parent.objectName().startswith("qt_"):  # e.g. the menu bar's overflow menu
            return True
        parent = parent.parentWidget()
    return False


def texts_of(root: QWidget) -> Texts:
    """Every user-visible string under ``root``, keyed by where it is shown."""
    found: Texts = {}

    def add(key: str, text: str | None) -> None:
        if text:
            found[key] = re.sub(r"<[^>]+>", "", text)  # rich text: the words only

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if internal(widget):
            continue
        key = widget_path(widget, root)
        add(f"{key}.accessibleName", widget.accessibleName())
        add(f"{key}.accessibleDescription", widget.accessibleDescription())
        add(f"{key}.toolTip", widget.toolTip())
        if widget.isWindow():
            add(f"{key}.windowTitle", widget.windowTitle().replace(" — Retouch Studio", ""))
        if isinstance(widget, QLabel):
            add(f"{key}.text", widget.text())
        if isinstance(widget, QAbstractButton):
            add(f"{key}.text", widget.text())
        if isinstance(widget, QGroupBox):
            add(f"{key}.title", widget.title())
        if isinstance(widget, QLineEdit | QPlainTextEdit | ImageView):
            add(f"{key}.placeholder", widget.placeholderText())
        if isinstance(widget, QSpinBox):
            add(f"{key}.suffix", widget.suffix())
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(f"{key}.item{index}", widget.itemText(index))
                add(f"{key}.tip{index}", widget.itemData(index, Qt.ItemDataRole.ToolTipRole))
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(f"{key}.tab{index}", widget.tabText(index))
                add(f"{key}.tabTip{index}", widget.tabToolTip(index))
        if isinstance(widget, QListWidget):
            for index in range(widget.count()):
                item = widget.item(index)
                add(f"{key}.item{index}", item.data(Qt.ItemDataRole.AccessibleTextRole))
                add(f"{key}.itemTip{index}", item.toolTip())
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for column in range(widget.columnCount()):
                add(f"{key}.header{column}", header.text(column))
            for index in range(widget.topLevelItemCount()):
                section = widget.topLevelItem(index)
                add(f"{key}.section{index}", section.text(0))
                for row in range(section.childCount()):
                    add(f"{key}.section{index}.{row}", section.child(row).text(0))
                    add(f"{key}.keys{index}.{row}", section.child(row).text(1))
        if isinstance(widget, QMenu):
            add(f"{key}.title", widget.title())
        for number, action in enumerate(widget.actions()):
            add(f"{key}.action{number}.text", action.text())
            add(f"{key}.action{number}.toolTip", action.toolTip())
    return found


def untranslated(english: Texts, chinese: Texts) -> list[str]:
    """The strings that read the same in both languages and may not."""
    assert english.keys() == chinese.keys(), english.keys() ^ chinese.keys()
    return [
        f"{key}: {text!r}"
        for key, text in english.items()
        if chinese[key] == text and not allowed_as_is(text)
    ]


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets without an accessible name or description."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or internal(widget):
            continue
        if not widget.accessibleName() or not widget.accessibleDescription():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def run_job(window, wait_until) -> None:
    window.editPanel().prompt.setText(PROMPT)
    window.menus().action("run").trigger()
    wait_until(lambda: window.resultPaths() and not window.runner.isBusy())
    wait_until(lambda: window.currentResultPath() is not None)


# ----------------------------------------------------------------------------- translation


def test_every_visible_string_of_the_main_window_switches_to_chinese_live(
    window, wait_until, photo, language
):
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    run_job(window, wait_until)
    english = texts_of(window)
    assert any(text == "Run" for text in english.values())

    language("zh_CN")
    chinese = texts_of(window)

    assert untranslated(english, chinese) == []
    assert unnamed(window) == []


def test_the_main_window_speaks_chinese(window, language):
    language("zh_CN")
    run = window.findChild(QPushButton, "runButton")
    assert run.text() == "创作"  # no picture yet: Run creates from the prompt
    titles = [menu.title() for menu in window.menus().menus()]
    assert [title.split("(")[0] for title in titles] == ["文件", "编辑", "视图", "帮助"]
    assert CJK.search(window.findChild(QLabel, "statusLabel").text())
    assert CJK.search(window.beforeAfterView().beforeView().placeholderText())


def test_dialogs_and_the_first_run_panel_are_translated_and_named(
    qtbot, event_loop, window, language
):
    def build() -> list[QWidget]:
        dialog = SettingsDialog(Settings(), parent=window)
        panel = FirstRunPanel("https://api.quickrouter.ai/v1")
        shortcuts = ShortcutsDialog(window.menus().shortcutEntries())
        for widget in (dialog, panel, shortcuts):
            qtbot.addWidget(widget)
        return [dialog, panel, shortcuts]

    with use_keyring(MemoryKeyring()):
        english = [texts_of(widget) for widget in build()]
        language("zh_CN")
        built = build()
        chinese = [texts_of(widget) for widget in built]
    for before, after in zip(english, chinese, strict=True):
        assert untranslated(before, after) == []
    for widget in built:
        assert unnamed(widget) == [], widget.objectName()


def test_switching_language_in_settings_keeps_the_work(
    window, run_loop, wait_until, photo, language, settle
):
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    window.editPanel().prompt.setText(PROMPT)
    window.editPanel().ratio.setRatio("4:3")
    dialog = window.openSettings()
    combo = dialog.findChild(QComboBox, "languageCombo")
    combo.setCurrentIndex(combo.findData("zh_CN"))
    assert run_loop(dialog.saveChanges())
    settle()

    assert window.settings().language == "zh_CN"
    assert window.findChild(QPushButton, "runButton").text() == "运行"
    assert window.inputPath() == photo and window.editPanel().prompt.text() == PROMPT
    assert window.editPanel().ratio.ratio() == "4:3"
    assert "像素" in window.editPanel().inputInfo()  # the picture's line is re-worded too


def test_an_error_shown_before_the_switch_is_reworded(window, language):
    window._show_error(RetouchError(ErrorKind.NETWORK, "Cannot reach the provider at x."))
    banner = window.banner()
    assert banner.message() == "Cannot reach the provider at x."  # English: the core's words
    language("zh_CN")
    assert CJK.search(banner.message()) and banner.isShowingError()
    title = banner.findChild(QLabel, "errorTitle").text()
    assert title == error_title(ErrorKind.NETWORK) == "连接问题"


def test_core_errors_are_worded_from_kind_and_problem(language):
    missing = RetouchError(
        ErrorKind.BAD_INPUT,
        "Retouch Studio can't find “a.jpg”. It may have been moved, renamed or deleted.",
        params={"name": "a.jpg", "problem": "missing"},
    )
    server = RetouchError(ErrorKind.SERVER, "The provider's server had a problem (HTTP 502).")
    refusal = RetouchError(ErrorKind.REFUSED, "No image.", reason="违反内容政策")
    assert error_message(missing) == missing.message
    assert error_message(server) == server.message  # English: the core's specific sentence
    language("zh_CN")
    assert error_message(missing) == "找不到“a.jpg”。它可能已被移动、重命名或删除。"
    assert "服务商" in error_message(server)
    assert "违反内容政策" not in error_message(refusal)  # the reason is shown as is, apart


# ----------------------------------------------------------------------------- CLI


def cli(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "edit", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_the_cli_speaks_the_locale(tmp_path):
    missing = str(tmp_path / "missing.jpg")
    chinese = cli(missing, "--prompt", "x", "--demo", lang="zh_CN.UTF-8")
    assert chinese.returncode == 2, chinese.stderr
    assert "错误：找不到“missing.jpg”" in chinese.stderr

    as_json = cli(missing, "--prompt", "x", "--json", "--demo", lang="zh_CN.UTF-8")
    error = json.loads(as_json.stdout)["error"]
    assert as_json.returncode == 2
    assert error["kind"] == "bad_input" and "找不到" in error["message"]

    english = cli(missing, "--prompt", "x", "--demo", lang="en_US.UTF-8")
    assert english.returncode == 2
    assert "error: Retouch Studio can't find “missing.jpg”" in english.stderr


def test_the_cli_progress_is_chinese_too(photo):
    run = cli(str(photo), "--prompt", PROMPT, "--ratio", "4:3", "--demo", lang="zh_CN.UTF-8")
    assert run.returncode == 0, run.stderr
    assert "正在等待模型" in run.stderr
    assert "提示：要求的比例是 4:3" in run.stderr  # the ratio warning


# ----------------------------------------------------------------------------- dark mode


@pytest.fixture(params=[Qt.ColorScheme.Light, Qt.ColorScheme.Dark], ids=["light", "dark"])
def scheme(request, qapp) -> Iterator[Qt.ColorScheme]:
    set_color_scheme(qapp, request.param)
    yield request.param
    set_color_scheme(qapp, Qt.ColorScheme.Unknown)


def colour_distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_the_palette_follows_the_scheme(qapp, scheme):
    assert is_dark(qapp.palette()) == (scheme == Qt.ColorScheme.Dark)


def test_the_checkerboard_stands_out_from_the_canvas(qtbot, scheme):
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(240, 240)
    transparent = QImage(400, 400, QImage.Format.Format_ARGB32)
    transparent.fill(Qt.GlobalColor.transparent)
    view.setImage(transparent)
    view.show()
    qtbot.waitExposed(view)
    shot = view.viewport().grab().toImage()
    canvas = view.canvasColor()
    middle = shot.width() // 2
    squares = {shot.pixelColor(middle + dx, middle).rgb() for dx in range(0, 40, 2)}
    assert len(squares) == 2, "a checkerboard has two colours"
    for rgb in squares:
        assert colour_distance(QColor.fromRgb(rgb), canvas) >= 24


def test_the_split_slider_stands_out_from_the_window(qtbot, scheme):
    split = SplitCompareView()
    qtbot.addWidget(split)
    split.resize(600, 400)
    split.show()
    qtbot.waitExposed(split)
    slider = split.slider()
    shot = slider.grab().toImage()
    window = split.palette().color(split.backgroundRole())
    row = shot.height() // 2
    for x in (slider.width() // 5, slider.width() * 4 // 5):  # the filled and the empty groove
        deltas = [
            colour_distance(shot.pixelColor(x, y), window)
            for y in range(max(0, row - 3), min(shot.height(), row + 4))
        ]
        assert max(deltas) >= 24, (x, deltas)


# ----------------------------------------------------------------------------- shortcuts


def test_the_shortcuts_dialog_lists_every_shortcut(window):
    dialog = window.showShortcuts()
    listed = dialog.keyTexts()
    native = QKeySequence.SequenceFormat.NativeText
    for action in window.menus().actions():
        if action.shortcuts():  # the first (the platform's usual one) is always listed
            keys = listed[plain_text(action.text())]
            assert action.shortcut().toString(native) in keys, (action.text(), keys)
    expected = {"Run the edit": "Ctrl+Return", "Cancel the edit": "Esc", "Settings": "Ctrl+,"}
    expected |= {"Next result": "Ctrl+]", "Previous result": "Ctrl+[", "Fit to window": "Ctrl+0"}
    expected |= {"Next comparison mode": "Ctrl+T", "Actual size (100 %)": "Ctrl+1"}
    expected |= {"Open": "Ctrl+O", "Paste picture": "Ctrl+V", "Copy result": "Ctrl+Shift+C"}
    expected |= {"Save result as": "Ctrl+S", "Zoom in": "Ctrl++", "Zoom out": "Ctrl+-"}
    for command, key in expected.items():
        assert QKeySequence(key).toString(native) in listed[command], command
    assert "Space" in listed["Hold to show the original in place of the result"]
    assert listed["Run the edit"].count("/") == 1  # Ctrl+Return / Ctrl+Enter
    assert "F18" not in listed["Paste picture"]  # the standard key's exotic bindings
    dialog.close()


def test_commands_work_from_the_keyboard(window, qtbot, wait_until, photo):
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    window.activateWindow()
    window.beforeAfterView().beforeView().setFocus()
    view = window.beforeAfterView()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert view.mode() == "split"
    window.menus().action("next_compare_mode").trigger()
    assert view.mode() == "difference"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert view.mode() == "side_by_side"


# ----------------------------------------------------------------------------- accessibility


def test_tab_goes_prompt_ratio_run_cancel_then_the_result_area(window):
    names = [
        "promptEdit",
        "ratioPicker",
        "runButton",
        "cancelButton",
        "compareModeSwitch",
        "beforeView",
        "afterView",
        "useResultButton",
        "copyButton",
        "saveButton",
    ]
    start = window.findChild(QWidget, "promptEdit")
    order: list[str] = []
    widget = start
    for _ in range(400):
        if widget.objectName() in names and widget.objectName() not in order:
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    assert order == names


def test_job_status_changes_are_announced(window, qtbot, wait_until, photo):
    window.openPath(photo)
    wait_until(lambda: window.inputPath() == photo)
    status = window.editPanel().status
    said: list[str] = []
    status.announced.connect(said.append)
    run_job(window, wait_until)
    assert said[0].startswith("Edit started") and said[-1].startswith("Done in")
    label = window.findChild(QLabel, "statusLabel")
    assert label.accessibleDescription() == label.text()


def test_focus_is_drawn_from_the_palette():
    from desktop_app.resources_path import resource_path

    sheet = resource_path("styles", "app.qss").read_text(encoding="utf-8")
    for selector in ("QPushButton:focus", "QToolButton:focus", "QGraphicsView:focus"):
        rule = sheet[sheet.index(selector) :].split("}")[0]
        assert "palette(" in rule and "#" not in rule, selector


def test_no_hard_coded_colours_in_the_stylesheet():
    from desktop_app.resources_path import resource_path

    sheet = resource_path("styles", "app.qss").read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(", sheet)


def test_language_changes_reach_widgets_built_before_the_switch(qtbot, language):
    panel = FirstRunPanel("https://api.quickrouter.ai/v1")
    qtbot.addWidget(panel)
    seen: list[QEvent.Type] = []
    original = panel.changeEvent

    def record(event: QEvent) -> None:
        seen.append(event.type())
        original(event)

    panel.changeEvent = record  # type: ignore[method-assign]
    language("zh_CN")
    assert QEvent.Type.LanguageChange in seen
    assert panel.findChild(QPushButton, "tryDemoButton").text() == "试用演示服务商"


def test_qts_own_dialogs_speak_chinese_too(language):
    """Save As and Open are Qt's dialogs: their "Look in" and "Files of type" come from
    Qt's qtbase catalogue, which must be loaded (and is shipped in the bundle)."""
    from PySide6.QtCore import QCoreApplication

    language("zh_CN")
    for source in ("Look in:", "Files of type:"):
        assert CJK.search(QCoreApplication.translate("QFileDialog", source)), source
