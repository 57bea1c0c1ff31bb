"""Help → Keyboard shortcuts: every command's keys, grouped by menu.

The list is built from the window's declarations (:meth:`WindowMenus.shortcutEntries`), never
typed out here, so it cannot drift from what the keys really do. Keys are shown in the
platform's own notation (⌘ on macOS) and language.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.window.window_menus import ShortcutEntry

_NATIVE = QKeySequence.SequenceFormat.NativeText


def key_text(keys: Sequence[QKeySequence]) -> str:
    """``keys`` as the user reads them, alternatives separated by " / " (each once: in some
    languages Return and Enter read the same)."""
    return " / ".join(dict.fromkeys(key.toString(_NATIVE) for key in keys))


class ShortcutsDialog(QDialog):
    """A read-only two-column list (command, keys), one section per menu.

    Args:
        entries: what to list, in the current language.
        parent: the owning window.
    """

    def __init__(self, entries: Sequence[ShortcutEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self._list = QTreeWidget(self)
        self._list.setObjectName("shortcutsList")
        self._list.setAccessibleName(self.tr("Keyboard shortcuts"))
        self._list.setAccessibleDescription(self.tr("Each command and the keys that run it"))
        self._list.setHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self._list.setRootIsDecorated(False)
        self._list.setItemsExpandable(False)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._list.setAlternatingRowColors(True)
        header = self._list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._fill(entries)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("shortcutsButtons")
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeShortcutsButton")
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Close the list of keyboard shortcuts"))
        close.setIcon(QIcon())  # some styles add a dark cross that vanishes in dark mode
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self._list, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def keyTexts(self) -> dict[str, str]:
        """Command → keys as listed (for tests and screen-reader users' scripts)."""
        listed: dict[str, str] = {}
        for index in range(self._list.topLevelItemCount()):
            section = self._list.topLevelItem(index)
            for row in range(section.childCount()):
                item = section.child(row)
                listed[item.text(0)] = item.text(1)
        return listed

    def _fill(self, entries: Sequence[ShortcutEntry]) -> None:
        sections: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            section = sections.get(entry.section)
            if section is None:
                section = QTreeWidgetItem(self._list, [entry.section])
                font = section.font(0)
                font.setBold(True)
                section.setFont(0, font)
                section.setFirstColumnSpanned(True)
                sections[entry.section] = section
            QTreeWidgetItem(section, [entry.text, key_text(entry.keys)])
        self._list.expandAll()
