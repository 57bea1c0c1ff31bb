"""Whether the words a person sees fit the widgets that show them.

A label or button whose text needs more room than the widget got is cut off mid-line or
mid-character on screen, while every scripted click still works: the offscreen tests pass and
the first screen reads "To edit pictures, the app needs an API tok". :func:`clipped_texts`
compares each visible text's needed size (from the widget's font metrics) with the room the
widget has. Text shortened on purpose with "…" must carry its full wording in the tooltip.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QRadioButton,
    QTabBar,
    QWidget,
)

# Anti-aliased glyphs may reach a pixel past their advance; a widget that short is not clipped.
_SLACK = 2
_MNEMONIC = re.compile(r"&(?!&)")


def clipped_texts(root: QWidget) -> list[str]:
    """Describe every visible text under ``root`` (itself included) that does not fit."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or _is_qt_internal(widget):
            continue
        problem = _problem(widget)
        if problem:
            problems.append(f"{type(widget).__name__} {widget.objectName()!r}: {problem}")
    return problems


def _problem(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        return _label_problem(widget)
    if isinstance(widget, QCheckBox | QRadioButton):
        return _fits(widget, widget.text(), widget.sizeHint().width(), widget.width())
    if isinstance(widget, QAbstractButton):
        return _button_problem(widget)
    if isinstance(widget, QComboBox):
        return _combo_problem(widget)
    if isinstance(widget, QGroupBox):
        needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
        return _fits(widget, widget.title(), needed, widget.width())
    if isinstance(widget, QTabBar):
        return _tab_problem(widget)
    return None


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if label.buddy() is not None:
        text = _MNEMONIC.sub("", text)
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if "…" in text and label.toolTip() and label.toolTip() != text:
        return None  # shortened on purpose, the whole text in the tooltip
    room = label.contentsRect()
    margin = 2 * max(label.margin(), 0) + max(label.indent(), 0)
    if label.wordWrap():
        needed_height = label.heightForWidth(label.width())
        if needed_height > label.height() + _SLACK:
            return f"{_plain(text)!r} needs {needed_height} px height, has {label.height()}"
        longest = max((_advance(label.fontMetrics(), w) for w in _plain(text).split()), default=0)
        if longest > room.width() + _SLACK:
            return f"{_plain(text)!r}: a word of {longest} px in {room.width()} px"
        return None
    lines = _plain(text).splitlines() or [""]
    metrics = label.fontMetrics()
    needed_width = max(_advance(metrics, line) for line in lines) + margin
    needed_height = metrics.height() * len(lines)
    if needed_width > room.width() + _SLACK:
        return f"{_plain(text)!r} needs {needed_width} px width, has {room.width()}"
    if needed_height > room.height() + _SLACK:
        return f"{_plain(text)!r} needs {needed_height} px height, has {room.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = _MNEMONIC.sub("", button.text())
    if not text:
        return None
    metrics = button.fontMetrics()
    needed = _advance(metrics, text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    # A button's text is centred in its frame; a frame of a few pixels each side is the least
    # that still shows it whole.
    if needed + 8 > button.width() + _SLACK:
        return f"{text!r} needs {needed + 8} px width, has {button.width()}"
    if metrics.height() + 2 > button.height() + _SLACK:
        return f"{text!r} needs {metrics.height() + 2} px height, has {button.height()}"
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    needed = _advance(combo.fontMetrics(), text) + 28  # the frame and the drop-down arrow
    if not combo.itemIcon(combo.currentIndex()).isNull():
        needed += combo.iconSize().width() + 4
    return _fits(combo, text, needed, combo.width())


def _tab_problem(tabs: QTabBar) -> str | None:
    if tabs.elideMode() != Qt.TextElideMode.ElideNone:
        return None  # Qt shortens the tab text and shows the tooltip
    for index in range(tabs.count()):
        text = _MNEMONIC.sub("", tabs.tabText(index))
        needed = _advance(tabs.fontMetrics(), text) + 8
        problem = _fits(tabs, text, needed, tabs.tabRect(index).width())
        if problem:
            return problem
    return None


def _fits(widget: QWidget, text: str, needed: int, has: int) -> str | None:
    if not text or needed <= has + _SLACK:
        return None
    return f"{_plain(text)!r} needs {needed} px width, has {has}"


def _plain(text: str) -> str:
    if "<" not in text:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _advance(metrics: QFontMetrics, text: str) -> int:
    return metrics.horizontalAdvance(text)


def _is_qt_internal(widget: QWidget) -> bool:
    """Qt's own parts (a combo's list, a spin box's editor, the menus)."""
    if isinstance(widget, QMenu | QMenuBar) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QMenu) or parent.objectName().startswith("qt_"):
            return True
        parent = parent.parentWidget()
    return False
