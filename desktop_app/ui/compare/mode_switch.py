"""The comparison's mode switch: side by side, split or difference, as a segmented control."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabBar, QWidget

from desktop_app.ui.window.window_menus import command_keys

SIDE_BY_SIDE, SPLIT, DIFFERENCE = "side_by_side", "split", "difference"
MODES = (SIDE_BY_SIDE, SPLIT, DIFFERENCE)  # the switch's tabs, in this order
# Drawn from palette roles, so it follows light and dark themes.
_STYLE = """
QTabBar#compareModeSwitch::tab {
    padding: 4px 14px; margin: 0; min-width: 0;
    border: 1px solid palette(mid); border-left: none;
    background: palette(button); color: palette(button-text);
}
QTabBar#compareModeSwitch::tab:first {
    border-left: 1px solid palette(mid);
    border-top-left-radius: 6px; border-bottom-left-radius: 6px;
}
QTabBar#compareModeSwitch::tab:last {
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}
QTabBar#compareModeSwitch::tab:selected {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QTabBar#compareModeSwitch::tab:hover:!selected { background: palette(midlight); }
QTabBar#compareModeSwitch::tab:focus { border: 2px solid palette(window-text); }
"""


class CompareModeSwitch(QTabBar):
    """One tab per mode of :data:`MODES`; ``currentIndex()`` is the mode's index."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareModeSwitch")
        self.setStyleSheet(_STYLE)
        self.setDrawBase(False)
        self.setExpanding(False)
        self.setDocumentMode(True)
        for _mode in MODES:
            self.addTab("")  # worded in retranslateUi
        self.retranslateUi()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self.setAccessibleName(self.tr("Comparison mode"))
        self.setAccessibleDescription(
            self.tr("Side by side, split or difference; {keys} switches").format(
                keys=command_keys("next_compare_mode")
            )
        )
        for index, (text, tip) in enumerate(
            (
                (self.tr("Side by side"), self.tr("Original and result next to each other")),
                (self.tr("Split"), self.tr("One picture, divided between original and result")),
                (self.tr("Difference"), self.tr("Highlight what the edit changed")),
            )
        ):
            self.setTabText(index, text)
            self.setTabToolTip(index, tip)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
