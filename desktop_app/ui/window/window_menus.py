"""The main window's commands, menus and shortcuts, declared once.

:data:`COMMANDS` is the single list: the menus are built from it, Help → Keyboard shortcuts
lists it (:meth:`WindowMenus.shortcutEntries`), and a language switch re-words it
(:meth:`WindowMenus.retranslate`). Keys that are held rather than pressed (Space shows the
original) are not actions; :data:`HELD_KEYS` declares them for the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

CONTEXT = "WindowMenus"
Keys = QKeySequence.StandardKey


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class MenuHandlers:
    """What the commands do; the window passes its slots."""

    open: Callable[[], object]
    paste: Callable[[], object]
    save: Callable[[], object]
    copy: Callable[[], object]
    use_result: Callable[[], object]
    quit: Callable[[], object]
    zoom_in: Callable[[], object]
    zoom_out: Callable[[], object]
    zoom_fit: Callable[[], object]
    zoom_actual: Callable[[], object]
    compare_mode: Callable[[str], object]
    about: Callable[[], object]
    settings: Callable[[], object]
    run: Callable[[], object]
    cancel: Callable[[], object]
    next_compare_mode: Callable[[], object]
    next_result: Callable[[], object]
    previous_result: Callable[[], object]
    shortcuts: Callable[[], object]
    history: Callable[[], object]
    queue: Callable[[], object]
    save_fit_crop: Callable[[], object]
    save_fit_pad: Callable[[], object]
    save_source_size: Callable[[], object]
    export_all: Callable[[], object]


@dataclass(frozen=True)
class Command:
    """One menu entry.

    Attributes:
        name: the handler's field in :class:`MenuHandlers` (the action is ``<name>Action``).
        menu: the key of the menu it sits in (see :data:`MENUS`).
        text: English menu text, a translation source.
        keys: shortcuts, the first one shown in the menu; all work.
        argument: passed to the handler (the compare mode), if any.
        needs_result: enabled only while a result is on show.
        separated: a separator goes above it.
    """

    name: str
    menu: str
    text: str
    keys: tuple[str | QKeySequence.StandardKey, ...] = ()
    argument: str | None = None
    needs_result: bool = False
    separated: bool = False


MENUS: tuple[tuple[str, str], ...] = (
    ("file", QT_TRANSLATE_NOOP("WindowMenus", "&File")),
    ("edit", QT_TRANSLATE_NOOP("WindowMenus", "&Edit")),
    ("view", QT_TRANSLATE_NOOP("WindowMenus", "&View")),
    ("help", QT_TRANSLATE_NOOP("WindowMenus", "&Help")),
)

COMMANDS: tuple[Command, ...] = (
    Command("open", "file", QT_TRANSLATE_NOOP("WindowMenus", "&Open…"), (Keys.Open,)),
    Command("paste", "file", QT_TRANSLATE_NOOP("WindowMenus", "&Paste picture"), (Keys.Paste,)),
    Command(
        "save",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "&Save result as…"),
        ("Ctrl+S",),
        needs_result=True,
        separated=True,
    ),
    Command(
        "save_fit_crop",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "Save fitted to the asked ratio (&crop)…"),
        needs_result=True,
    ),
    Command(
        "save_fit_pad",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "Save fitted to the asked ratio (p&ad)…"),
        needs_result=True,
    ),
    Command(
        "save_source_size",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "Save at the source's si&ze…"),
        needs_result=True,
    ),
    Command(
        "export_all",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "E&xport all results of the batch…"),
        ("Ctrl+Shift+E",),
    ),
    Command(
        "copy",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "&Copy result"),
        ("Ctrl+Shift+C",),
        needs_result=True,
    ),
    Command(
        "use_result",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "&Use result as input"),
        ("Ctrl+Shift+U",),
        needs_result=True,
    ),
    Command(
        "settings",
        "file",
        QT_TRANSLATE_NOOP("WindowMenus", "Se&ttings…"),
        ("Ctrl+,",),
        separated=True,
    ),
    Command(
        "quit", "file", QT_TRANSLATE_NOOP("WindowMenus", "&Quit"), (Keys.Quit,), separated=True
    ),
    Command(
        "run",
        "edit",
        QT_TRANSLATE_NOOP("WindowMenus", "&Run the edit"),
        ("Ctrl+Return", "Ctrl+Enter"),
    ),
    Command("cancel", "edit", QT_TRANSLATE_NOOP("WindowMenus", "&Cancel the edit"), ("Esc",)),
    Command(
        "next_result",
        "edit",
        QT_TRANSLATE_NOOP("WindowMenus", "&Next result"),
        ("Ctrl+]", "Ctrl+PgDown"),
        needs_result=True,
        separated=True,
    ),
    Command(
        "previous_result",
        "edit",
        QT_TRANSLATE_NOOP("WindowMenus", "&Previous result"),
        ("Ctrl+[", "Ctrl+PgUp"),
        needs_result=True,
    ),
    Command("zoom_in", "view", QT_TRANSLATE_NOOP("WindowMenus", "Zoom &in"), (Keys.ZoomIn,)),
    Command("zoom_out", "view", QT_TRANSLATE_NOOP("WindowMenus", "Zoom &out"), (Keys.ZoomOut,)),
    Command("zoom_fit", "view", QT_TRANSLATE_NOOP("WindowMenus", "&Fit to window"), ("Ctrl+0",)),
    Command(
        "zoom_actual", "view", QT_TRANSLATE_NOOP("WindowMenus", "&Actual size (100 %)"), ("Ctrl+1",)
    ),
    Command(
        "compare_mode",
        "view",
        QT_TRANSLATE_NOOP("WindowMenus", "&Side by side"),
        ("Alt+1",),
        argument="side_by_side",
        separated=True,
    ),
    Command(
        "compare_mode",
        "view",
        QT_TRANSLATE_NOOP("WindowMenus", "S&plit compare"),
        ("Alt+2",),
        argument="split",
    ),
    Command(
        "compare_mode",
        "view",
        QT_TRANSLATE_NOOP("WindowMenus", "&Difference"),
        ("Alt+3",),
        argument="difference",
    ),
    Command(
        "next_compare_mode",
        "view",
        QT_TRANSLATE_NOOP("WindowMenus", "&Next comparison mode"),
        ("Ctrl+T",),
    ),
    Command(
        "history",
        "view",
        QT_TRANSLATE_NOOP("WindowMenus", "&History"),
        ("Ctrl+H",),
        separated=True,
    ),
    Command("queue", "view", QT_TRANSLATE_NOOP("WindowMenus", "&Queue"), ("Ctrl+J",)),
    Command(
        "shortcuts",
        "help",
        QT_TRANSLATE_NOOP("WindowMenus", "&Keyboard shortcuts"),
        (Keys.HelpContents,),
    ),
    Command("about", "help", QT_TRANSLATE_NOOP("WindowMenus", "&About Retouch Studio")),
)

# (key, what holding it does): listed with the shortcuts, handled in keyPressEvent.
HELD_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", QT_TRANSLATE_NOOP("WindowMenus", "Hold to show the original in place of the result")),
)
HELD_KEYS_SECTION = QT_TRANSLATE_NOOP("WindowMenus", "While held")


@dataclass(frozen=True)
class ShortcutEntry:
    """One line of the shortcuts list, in the current language."""

    section: str
    text: str
    keys: tuple[QKeySequence, ...]


def plain_text(menu_text: str) -> str:
    """``menu_text`` without mnemonics ("&Open…", "打开(&O)…") and a trailing ellipsis."""
    text = re.sub(r"\(&\w\)", "", menu_text)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...").strip()


def _sequences(
    keys: tuple[str | QKeySequence.StandardKey, ...], *, listed: bool = False
) -> list[QKeySequence]:
    """The key sequences of ``keys``; a standard key brings all of the platform's bindings
    (Paste: Ctrl+V, Shift+Ins, the keyboard's Paste key ...), or only its first when
    ``listed`` for people to read."""
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, str):
            sequences.append(QKeySequence(key))
        else:
            sequences += QKeySequence.keyBindings(key)[: 1 if listed else None]
    return [sequence for sequence in sequences if not sequence.isEmpty()]


def command_keys(name: str) -> str:
    """The first shortcut of command ``name`` as the user reads it ("Ctrl+S", "⌘S"), for
    tooltips elsewhere; "" if it has none."""
    command = next(c for c in COMMANDS if name in (c.name, c.argument))
    sequences = _sequences(command.keys)
    return sequences[0].toString(QKeySequence.SequenceFormat.NativeText) if sequences else ""


class WindowMenus:
    """The menus and actions built from :data:`COMMANDS` for one window."""

    def __init__(self, window: QMainWindow, handlers: MenuHandlers) -> None:
        self._window = window
        self._menus: dict[str, QMenu] = {}
        self._actions: list[tuple[Command, QAction]] = []
        for key, _title in MENUS:
            menu = window.menuBar().addMenu("")
            menu.setObjectName(f"{key}Menu")
            self._menus[key] = menu
        for command in COMMANDS:
            menu = self._menus[command.menu]
            if command.separated:
                menu.addSeparator()
            action = QAction(window)
            action.setObjectName(_camel(command.argument or command.name) + "Action")
            action.setShortcuts(_sequences(command.keys))
            # The window's shortcuts work wherever the focus is in it, as menu entries do.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(_slot(handlers, command))
            window.addAction(action)
            menu.addAction(action)
            self._actions.append((command, action))
        self.retranslate()

    def action(self, name: str) -> QAction:
        """The action of the command (or compare mode) ``name``, e.g. ``"run"``, ``"split"``."""
        for command, action in self._actions:
            if name in (command.name, command.argument):
                return action
        raise KeyError(name)

    def actions(self) -> list[QAction]:
        return [action for _command, action in self._actions]

    def menus(self) -> list[QMenu]:
        return list(self._menus.values())

    def setResultActionsEnabled(self, enabled: bool) -> None:
        """Enable the commands that need a result (save, copy, next result ...)."""
        for command, action in self._actions:
            if command.needs_result:
                action.setEnabled(enabled)

    def retranslate(self) -> None:
        """Word the menus and actions in the current language."""
        for key, title in MENUS:
            self._menus[key].setTitle(_tr(title))
        for command, action in self._actions:
            action.setText(_tr(command.text))
            action.setToolTip(plain_text(action.text()))

    def shortcutEntries(self) -> list[ShortcutEntry]:
        """Every command with a shortcut, and the held keys, by menu, in the current language."""
        titles = dict(MENUS)
        entries = [
            ShortcutEntry(
                plain_text(_tr(titles[command.menu])),
                plain_text(_tr(command.text)),
                tuple(_sequences(command.keys, listed=True)),
            )
            for command, _action in self._actions
            if command.keys
        ]
        entries += [
            ShortcutEntry(_tr(HELD_KEYS_SECTION), _tr(text), (QKeySequence(key),))
            for key, text in HELD_KEYS
        ]
        return entries


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def _slot(handlers: MenuHandlers, command: Command) -> Callable[..., None]:
    handler = getattr(handlers, command.name)

    def trigger(_checked: bool = False) -> None:
        if command.argument is None:
            handler()
        else:
            handler(command.argument)

    return trigger


def build_menus(window: QMainWindow, handlers: MenuHandlers) -> WindowMenus:
    """Fill ``window``'s menu bar from :data:`COMMANDS`."""
    return WindowMenus(window, handlers)
