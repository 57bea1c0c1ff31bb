"""The ratio picker, the prompt field and the error banner, driven as a user would."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop_app.ui.edit.error_banner import ErrorBanner, strip_traceback
from desktop_app.ui.edit.prompt_edit import PromptEdit, remember_prompt
from desktop_app.ui.edit.ratio_picker import RatioPicker

pytestmark = pytest.mark.gui

EXPECTED_DATA = ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9", "custom"]
TRACEBACK = (
    "HTTP 502 from relay, request id req_42\n"
    "Traceback (most recent call last):\n"
    '  File "/home/alice/app/transport.py", line 12, in send\n'
    "    raise ValueError(body)\n"
    "ValueError: upstream closed the connection\n"
)


@pytest.fixture
def picker(qtbot):
    widget = RatioPicker()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def prompt(qtbot):
    widget = PromptEdit()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def banner(host):
    # Inside a host, as in the main window: shown on its own, the banner would be a top-level
    # window, which the offscreen platform answers with a warning (failing the test).
    return ErrorBanner(host)


def combo(picker: RatioPicker) -> QComboBox:
    return picker.findChild(QComboBox, "ratioPicker")


def custom_edit(picker: RatioPicker) -> QLineEdit:
    return picker.findChild(QLineEdit, "customRatioEdit")


def editor(prompt: PromptEdit) -> QPlainTextEdit:
    return prompt.findChild(QPlainTextEdit, "promptEdit")


# --- RatioPicker ---------------------------------------------------------------------------


def test_ratio_items_are_exactly_the_contract(picker):
    box = combo(picker)
    assert [box.itemData(i) for i in range(box.count())] == EXPECTED_DATA
    assert box.itemText(box.count() - 1) == "Custom…"
    assert box.currentData() == "auto"
    assert picker.ratio() == "auto"
    assert custom_edit(picker).isHidden()


def test_every_ratio_item_has_a_drawn_icon(picker):
    box = combo(picker)
    for index in range(box.count()):
        icon = box.itemIcon(index)
        assert not icon.isNull(), box.itemData(index)
        # A 2x rendering exists for HiDPI screens.
        assert icon.pixmap(box.iconSize(), 2.0).devicePixelRatio() == 2.0


def test_tooltip_explains_native_ratios(picker):
    assert "1:1, 3:2 and 2:3 natively" in combo(picker).toolTip()


def test_set_preset_selects_its_item(picker):
    picker.setRatio("4:3")
    assert combo(picker).currentData() == "4:3"
    assert custom_edit(picker).isHidden()
    assert picker.ratio() == "4:3"
    picker.setRatio("4：3")  # full-width colon, as typed with a Chinese input method
    assert combo(picker).currentData() == "4:3"


def test_set_other_ratio_selects_custom(picker):
    picker.setRatio("5:4")
    assert combo(picker).currentData() == "custom"
    assert custom_edit(picker).text() == "5:4"
    assert not custom_edit(picker).isHidden()
    assert picker.ratio() == "5:4"
    picker.setRatio("21x9")  # in W:H form, the terms as typed
    assert custom_edit(picker).text() == "21:9"


@pytest.mark.parametrize("text", ["abc", "0:5", "1:50", "", "5:"])
def test_invalid_custom_ratio_is_refused(picker, text):
    picker.setRatio("5:4")
    custom_edit(picker).setText(text)
    assert not picker.hasValidRatio()
    with pytest.raises(ValueError, match=r"\S"):
        picker.ratio()


def test_invalid_custom_ratio_is_flagged(picker):
    picker.setRatio("abc")
    edit = custom_edit(picker)
    assert combo(picker).currentData() == "custom"
    assert edit.property("invalid") is True
    assert "abc" in edit.toolTip()
    edit.setText("3:1")
    assert edit.property("invalid") is False
    assert picker.ratio() == "3:1"


def test_custom_field_rejects_letters_while_typing(qtbot, picker):
    picker.setRatio("5:4")
    edit = custom_edit(picker)
    edit.clear()
    qtbot.keyClicks(edit, "2a1:x9")
    assert edit.text() == "21:9"
    assert picker.ratio() == "21:9", "as designers say it, not 7:3"


def test_ratio_changed_is_emitted_once_per_change(qtbot, picker):
    seen: list[str] = []
    picker.ratioChanged.connect(seen.append)
    with qtbot.waitSignal(picker.ratioChanged, check_params_cb=lambda r: r == "16:9"):
        picker.setRatio("16:9")
    picker.setRatio("16:9")  # no change, no signal
    combo(picker).setCurrentIndex(combo(picker).findData("1:1"))
    picker.setRatio("5:4")
    custom_edit(picker).setText("abc")  # invalid: nothing to report
    custom_edit(picker).setText("7:5")
    picker.setRatio("auto")
    assert seen == ["16:9", "1:1", "5:4", "7:5", "auto"]


def test_icons_follow_a_dark_palette(picker):
    before = combo(picker).itemIcon(1).pixmap(20, 20).toImage()
    dark = QPalette(QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    picker.setPalette(dark)
    after = combo(picker).itemIcon(1).pixmap(20, 20).toImage()
    assert before != after


# --- PromptEdit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
        (
            Qt.Key.Key_Enter,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        ),
    ],
)
def test_ctrl_enter_submits_without_newline(qtbot, prompt, key, modifiers):
    qtbot.keyClicks(editor(prompt), "make it brighter")
    with qtbot.waitSignal(prompt.submitRequested, timeout=1000):
        qtbot.keyClick(editor(prompt), key, modifiers)
    assert prompt.text() == "make it brighter"


def test_plain_enter_inserts_a_newline(qtbot, prompt):
    qtbot.keyClicks(editor(prompt), "first")
    with qtbot.assertNotEmitted(prompt.submitRequested):
        qtbot.keyClick(editor(prompt), Qt.Key.Key_Return)
    qtbot.keyClicks(editor(prompt), "second")
    assert prompt.text() == "first\nsecond"


def test_text_round_trip_and_text_changed(qtbot, prompt):
    with qtbot.waitSignal(prompt.textChanged, timeout=1000):
        prompt.setText("美化一下这张图片")
    assert prompt.text() == "美化一下这张图片"
    assert "e.g." in editor(prompt).placeholderText()


def test_prompt_field_is_a_few_lines_tall(prompt):
    line = editor(prompt).fontMetrics().lineSpacing()
    assert editor(prompt).minimumHeight() >= 3 * line
    assert editor(prompt).accessibleName() == "Prompt"


def test_remember_prompt_orders_dedups_and_limits():
    recent = ["b", "a"]
    assert remember_prompt(recent, "  a  ") == ["a", "b"]
    assert recent == ["b", "a"], "the input list is not modified"
    assert remember_prompt(recent, "   ") == ["b", "a"]
    assert remember_prompt(["x", " x ", "", "y"], "z") == ["z", "x", "y"]
    many = [f"prompt {i}" for i in range(20)]
    assert remember_prompt(many, "new") == ["new", *many[:14]]
    assert remember_prompt(many, "new", limit=3) == ["new", "prompt 0", "prompt 1"]


def test_recent_menu_lists_and_fills_the_editor(qtbot, prompt):
    button = prompt.findChild(QToolButton, "recentPromptsButton")
    assert not button.isEnabled(), "nothing to offer yet"
    long_prompt = "remove the watermark & the date stamp " * 4
    prompt.setRecentPrompts(["sky bluer", long_prompt, "sky bluer"])
    assert prompt.recentPrompts() == ["sky bluer", long_prompt.strip()]
    assert button.isEnabled()
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
    actions = button.menu().actions()
    assert [a.data() for a in actions] == ["sky bluer", long_prompt.strip()]
    long_action = actions[1]
    assert len(long_action.text().replace("&&", "&")) <= 60
    assert long_action.text().endswith("…")
    assert "&&" in long_action.text(), "a literal & is not a mnemonic"
    assert "date stamp" in long_action.toolTip()

    prompt.setText("something else")
    with qtbot.waitSignal(prompt.textChanged, timeout=1000):
        actions[0].trigger()
    assert prompt.text() == "sky bluer"


# --- ErrorBanner ---------------------------------------------------------------------------


def test_a_refusal_mark_is_an_icon_not_an_emoji(banner):
    banner.showError("No image this time", "Change the prompt.", reason="生成失败 ❌\n原因：x")
    reason = banner.findChild(QLabel, "errorReason")
    assert "❌" not in reason.text() and "生成失败" in reason.text()
    assert not banner.findChild(QLabel, "errorReasonMark").isHidden()
    banner.showError("No image this time", "Change the prompt.", reason="policy")
    assert banner.findChild(QLabel, "errorReasonMark").isHidden()


def test_banner_shows_title_message_and_reason(banner):
    assert banner.isHidden()
    assert banner.objectName() == "errorBanner"
    banner.showError(
        "The model refused this edit",
        "Try rewording the prompt.",
        reason="I can't edit that picture.",
        details="HTTP 400",
    )
    assert not banner.isHidden()
    assert banner.isShowingError()
    assert banner.property("severity") == "error"
    assert banner.message() == "Try rewording the prompt."
    texts = [label.text() for label in banner.findChildren(QLabel) if not label.isHidden()]
    assert "The model refused this edit" in texts
    assert "Try rewording the prompt." in texts
    assert any("I can't edit that picture." in text for text in texts)
    assert banner.findChild(QPlainTextEdit, "errorDetails").isHidden(), "details start collapsed"


def test_details_button_toggles_the_details(banner):
    banner.showError("Failed", "Server error.", details="HTTP 500\nrequest id req_1")
    button = banner.findChild(QToolButton, "errorDetailsButton")
    details = banner.findChild(QPlainTextEdit, "errorDetails")
    assert details.isReadOnly()
    button.click()
    assert not details.isHidden()
    assert "req_1" in details.toPlainText()
    button.click()
    assert details.isHidden()
    banner.showError("Failed", "No details this time.")
    assert button.isHidden()


def test_try_again_emits_and_hides_when_not_retryable(qtbot, banner):
    banner.showError("Network problem", "Could not reach the server.")
    retry = banner.findChild(QPushButton, "retryButton")
    assert not retry.isHidden()
    with qtbot.waitSignal(banner.retryRequested, timeout=1000):
        retry.click()
    assert banner.isHidden()
    banner.showError("Not allowed", "Your key has no access to this model.", retryable=False)
    assert retry.isHidden()


def test_dismiss_hides_and_emits(qtbot, banner):
    banner.showError("Failed", "Something went wrong.")
    with qtbot.waitSignal(banner.dismissed, timeout=1000):
        banner.findChild(QToolButton, "dismissErrorButton").click()
    assert banner.isHidden()
    assert not banner.isShowingError()
    assert banner.message() == ""


def test_notice_looks_different_and_offers_no_retry(banner):
    banner.showNotice("The model returned 3:2 instead of 4:3.")
    assert not banner.isHidden()
    assert not banner.isShowingError()
    assert banner.property("severity") == "notice"
    assert banner.message() == "The model returned 3:2 instead of 4:3."
    assert not banner.findChild(QPushButton, "retryButton").isVisibleTo(banner)
    assert not banner.findChild(QToolButton, "errorDetailsButton").isVisibleTo(banner)
    banner.clear()
    assert banner.isHidden()


def test_tracebacks_are_cut_to_their_last_line(banner):
    assert strip_traceback(TRACEBACK) == (
        "HTTP 502 from relay, request id req_42\nValueError: upstream closed the connection"
    )
    assert strip_traceback("Traceback (most recent call last):\nKeyError: 'x'") == "KeyError: 'x'"
    assert strip_traceback("plain details") == "plain details"
    banner.showError("Failed", "The relay closed the connection.", details=TRACEBACK)
    shown = banner.findChild(QPlainTextEdit, "errorDetails").toPlainText()
    assert "Traceback" not in shown
    assert "/home/alice" not in shown
    assert shown.endswith("ValueError: upstream closed the connection")


def test_provider_text_is_never_rendered_as_html(banner):
    banner.showError("<b>Failed</b>", "<img src=x> broke", reason="<i>no</i>")
    for name in ("errorTitle", "errorMessage", "errorReason"):
        assert banner.findChild(QLabel, name).textFormat() == Qt.TextFormat.PlainText


# --- Names for tests and assistive technology -----------------------------------------------


def _interactive_children(root: QWidget) -> list[QWidget]:
    found = []
    for child in root.findChildren(QWidget):
        # A combo box's popup list is Qt's own, not ours to name.
        if any(isinstance(p, QComboBox) for p in _ancestors(child, root)):
            continue
        selectable = isinstance(child, QLabel) and bool(
            child.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        )
        if selectable or isinstance(
            child, QAbstractButton | QComboBox | QLineEdit | QPlainTextEdit
        ):
            found.append(child)
    return found


def _ancestors(widget: QWidget, root: QWidget) -> list[QWidget]:
    result = []
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        result.append(parent)
        parent = parent.parentWidget()
    return result


@pytest.mark.parametrize("factory", [RatioPicker, PromptEdit, ErrorBanner])
def test_interactive_children_are_named(qtbot, factory):
    root = factory()
    qtbot.addWidget(root)
    children = _interactive_children(root)
    assert children
    for child in children:
        assert child.objectName(), child
        assert child.accessibleName(), child.objectName()


def _shows_a_shape(icon) -> bool:
    image = icon.pixmap(QSize(20, 20)).toImage()
    return any(
        image.pixelColor(x, y).alpha() for x in range(image.width()) for y in range(image.height())
    )


def test_icons_left_for_later_are_drawn_before_the_list_shows(qtbot):
    picker = RatioPicker(icons_later=True)
    qtbot.addWidget(picker)
    box = combo(picker)
    drawn = [_shows_a_shape(box.itemIcon(index)) for index in range(box.count())]
    assert drawn == [True] + [False] * (box.count() - 1), "only the chosen ratio's at first"
    picker.setRatio("16:9")  # chosen in code: its icon is drawn with it
    assert _shows_a_shape(box.itemIcon(box.currentIndex()))
    # Any key or click on the box may open the list: the rest are drawn before it handles it.
    qtbot.keyClick(box, Qt.Key.Key_Shift)
    assert all(_shows_a_shape(box.itemIcon(index)) for index in range(box.count()))


def test_the_box_is_as_wide_before_its_icons_are_drawn_as_after(qtbot):
    later, now = RatioPicker(icons_later=True), RatioPicker()
    qtbot.addWidget(later)
    qtbot.addWidget(now)
    first_frame = combo(later).sizeHint()
    later.drawIcons()
    assert first_frame == combo(later).sizeHint() == combo(now).sizeHint()
