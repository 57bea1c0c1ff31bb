"""Pick, add, rename and remove provider profiles by name (the data stays with the caller).

The picker owns only the list of names and the questions it asks. Its signals arrive in an
order the caller can rely on: ``profileAdded`` before the new profile becomes current,
``profileRenamed`` with no change of current profile, and ``profileRemoved`` before the
profile that replaces it becomes current.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QToolButton, QWidget

from desktop_app.core.errors import RetouchError
from desktop_app.core.settings import PROFILE_NAME_MAX, validate_profile_name
from desktop_app.ui.window.i18n import ENGLISH, current_language

# (title, label, suggested text) -> the typed name, or None when cancelled.
NameAsker = Callable[[str, str, str], str | None]


class ProfilePicker(QWidget):
    """A combo box of profile names with Add, Rename and Remove buttons.

    Args:
        ask_name: asks the user for a name; the default opens a QInputDialog. Tests pass a
            function returning a fixed answer.
        parent: the owning widget.

    Signals:
        currentProfileChanged(str): another profile was picked (or added, or took the place
            of a removed one).
        profileAdded(str): a profile of this name was added; it becomes current next.
        profileRenamed(str, str): old name, new name.
        profileRemoved(str): the profile was removed; another one becomes current next.
    """

    currentProfileChanged = Signal(str)
    profileAdded = Signal(str)
    profileRenamed = Signal(str, str)
    profileRemoved = Signal(str)

    def __init__(self, ask_name: NameAsker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ask_name = ask_name or self._ask_with_dialog
        self._combo = QComboBox(self)
        self._combo.setObjectName("profileCombo")
        self._combo.setAccessibleName(self.tr("Provider profile"))
        self._combo.setAccessibleDescription(self.tr("The selected profile is used for edits"))
        self._combo.setMinimumContentsLength(16)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._combo.currentTextChanged.connect(self._on_current)
        self._add = self._button("addProfileButton", self.tr("Add…"), self.tr("Add a profile"))
        self._add.setAccessibleDescription(
            self.tr("A new profile with its own address, model, proxy and token")
        )
        self._rename = self._button(
            "renameProfileButton", self.tr("Rename…"), self.tr("Rename this profile")
        )
        self._rename.setAccessibleDescription(self.tr("Give the selected profile another name"))
        self._remove = self._button(
            "removeProfileButton", self.tr("Remove"), self.tr("Remove this profile")
        )
        self._remove.setAccessibleDescription(
            self.tr("Take the selected profile off the list when you save")
        )
        self._add.clicked.connect(self._on_add)
        self._rename.clicked.connect(self._on_rename)
        self._remove.clicked.connect(self._on_remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._combo, 1)
        for button in (self._add, self._rename, self._remove):
            layout.addWidget(button)

    def setProfiles(self, names: Sequence[str], current: str) -> None:
        """Show ``names`` with ``current`` selected (no signals)."""
        with QSignalBlocker(self._combo):
            self._combo.clear()
            self._combo.addItems(list(names))
            self._combo.setCurrentText(current)
        self._update_buttons()

    def profiles(self) -> list[str]:
        return [self._combo.itemText(i) for i in range(self._combo.count())]

    def currentProfile(self) -> str:
        return self._combo.currentText()

    def setCurrentProfile(self, name: str) -> None:
        self._combo.setCurrentText(name)

    def setSwitchingEnabled(self, enabled: bool) -> None:
        """Allow or forbid leaving the current profile (while its fields have an error)."""
        for widget in (self._combo, self._add, self._remove):
            widget.setEnabled(enabled)
        self._update_buttons()

    def addProfile(self, name: str) -> str:
        """Add ``name`` and make it current; returns the cleaned name (raises BAD_INPUT)."""
        name = validate_profile_name(name, self.profiles())
        with QSignalBlocker(self._combo):
            self._combo.addItem(name)
            self._combo.setCurrentText(name)
        self._update_buttons()
        self.profileAdded.emit(name)
        self.currentProfileChanged.emit(name)
        return name

    def renameProfile(self, old: str, new: str) -> str:
        """Call ``old`` ``new``; returns the cleaned name (raises BAD_INPUT)."""
        index = self._combo.findText(old)
        if index < 0:
            raise KeyError(old)
        new = validate_profile_name(new, [n for n in self.profiles() if n != old])
        if new != old:
            with QSignalBlocker(self._combo):
                self._combo.setItemText(index, new)
            self.profileRenamed.emit(old, new)
        return new

    def removeProfile(self, name: str) -> None:
        """Remove ``name`` (not the last one); the first remaining profile becomes current."""
        index = self._combo.findText(name)
        if index < 0 or self._combo.count() < 2:
            return
        was_current = name == self.currentProfile()
        with QSignalBlocker(self._combo):
            self._combo.removeItem(index)
            if was_current:
                self._combo.setCurrentIndex(0)
        self._update_buttons()
        self.profileRemoved.emit(name)
        if was_current:
            self.currentProfileChanged.emit(self.currentProfile())

    def _button(self, name: str, text: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        return button

    def _update_buttons(self) -> None:
        self._remove.setEnabled(self._combo.isEnabled() and self._combo.count() > 1)

    def _on_current(self, name: str) -> None:
        if name:
            self.currentProfileChanged.emit(name)

    def _on_add(self) -> None:
        self._ask_until_valid(
            self.tr("Add a profile"),
            self.tr("Name of the new profile, e.g. “Work relay”:"),
            "",
            self.addProfile,
        )

    def _on_rename(self) -> None:
        old = self.currentProfile()
        self._ask_until_valid(
            self.tr("Rename the profile"),
            self.tr("New name for “{name}”:").format(name=old),
            old,
            lambda new: self.renameProfile(old, new),
        )

    def _on_remove(self) -> None:
        self.removeProfile(self.currentProfile())

    def _ask_until_valid(
        self, title: str, label: str, text: str, apply: Callable[[str], str]
    ) -> None:
        prompt = label
        while (answer := self._ask_name(title, prompt, text)) is not None:
            try:
                apply(answer)
            except RetouchError as error:
                prompt, text = f"{self._name_problem(error)}\n\n{label}", answer
            else:
                return

    def _name_problem(self, error: RetouchError) -> str:
        if current_language() == ENGLISH:
            return error.message  # the core's specific English sentence
        return self.tr(
            "This name can't be used: it is empty, longer than {limit} characters, starts "
            "with “proxy:” or belongs to another profile."
        ).format(limit=PROFILE_NAME_MAX)

    def _ask_with_dialog(self, title: str, label: str, text: str) -> str | None:
        answer, accepted = QInputDialog.getText(self, title, label, text=text)
        return answer if accepted else None
