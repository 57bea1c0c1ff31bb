"""The window's language: Qt translators for the app and for Qt's own dialogs.

The setting ``language`` is ``"system"`` (follow the system's UI languages), ``"en"`` or
``"zh_CN"``. :func:`apply_language` swaps the installed translators; Qt then sends every
widget a ``QEvent.LanguageChange``, and widgets re-set their texts in ``retranslateUi()``,
so the switch happens live without losing the picture, the prompt or the results.

Catalogues: ``resources/translations/retouch_studio_<lang>.qm`` (compiled from the ``.ts``
sources by ``resources/translations/update.py``) and Qt's ``qtbase_<lang>.qm`` for standard
dialogs and context menus, from the PySide6 install (or the frozen bundle).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.resources_path import resource_path

log = logging.getLogger(__name__)

SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
SUPPORTED = (ENGLISH, CHINESE)
CHOICES = (SYSTEM, ENGLISH, CHINESE)
# Each language is named in its own words in the picker, as users look for their own.
NATIVE_NAMES = {ENGLISH: "English", CHINESE: "简体中文"}

_installed: list[QTranslator] = []
_applied: str | None = None  # the language whose translators are installed


def system_language(locale: QLocale | None = None, preferred: Iterable[str] | None = None) -> str:
    """The supported language closest to the system's UI languages (English if none).

    Args:
        locale: the system locale to ask (default: Qt's).
        preferred: the user's preferred languages, most preferred first; by default, on
            macOS, the list from System Settings (:func:`apple_languages`). Started from
            Finder or the Dock an app gets no ``LANG``, and Qt's system locale then misses
            what the user chose.
    """
    if preferred is None:
        preferred = apple_languages() if sys.platform == "darwin" else ()
    tags = [*preferred, *(locale or QLocale.system()).uiLanguages()]
    for tag in tags:
        lowered = tag.lower()
        if lowered.startswith("zh"):
            return CHINESE  # Traditional-script users read Simplified better than English
        if lowered.startswith("en"):
            return ENGLISH
    return ENGLISH


def apple_languages(preferences: Path | None = None) -> list[str]:
    """macOS: the user's preferred languages (``AppleLanguages``), most preferred first.

    Read from the global preferences file; an unreadable or missing one gives ``[]``.
    """
    import plistlib  # macOS only; not worth its import on every start elsewhere

    path = preferences or Path.home() / "Library" / "Preferences" / ".GlobalPreferences.plist"
    try:
        with path.open("rb") as file:
            languages = plistlib.load(file).get("AppleLanguages", [])
    except (OSError, ValueError, plistlib.InvalidFileException):
        return []
    if not isinstance(languages, list):
        return []
    return [tag for tag in languages if isinstance(tag, str)]


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """``"en"`` or ``"zh_CN"`` for the setting ``choice`` (unknown values mean system)."""
    return choice if choice in SUPPORTED else system_language(locale)


def current_language() -> str:
    """The language the window speaks now (after the last :func:`apply_language`)."""
    return _applied or ENGLISH


def apply_language(choice: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for ``choice``; returns the resolved language.

    Installing or removing a translator makes Qt post ``LanguageChange`` to every window;
    nothing happens when the language is already in place.
    """
    global _applied
    app = app or QCoreApplication.instance()
    language = resolve_language(choice)
    if app is None or language == _applied:
        return language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    for translator in _load_translators(language, app):
        app.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(QLocale(language))
    _applied = language
    return language


def _load_translators(language: str, parent: QCoreApplication) -> list[QTranslator]:
    """The app's catalogue and Qt's own for ``language``, those that exist and hold text."""
    found: list[QTranslator] = []
    own = _load_first(f"retouch_studio_{language}", [str(resource_path("translations"))], parent)
    if own is not None:
        found.append(own)
    if language != ENGLISH:  # Qt's own texts (file dialogs: "Look in", "Files of type")
        qt = _load_first(f"qtbase_{language}", _qt_translation_folders(), parent)
        if qt is not None:
            found.append(qt)
    return found


def _qt_translation_folders() -> list[str]:
    """Where Qt's catalogues may be: Qt's own answer, PySide6's folder, the app's bundle.

    A frozen bundle does not always tell Qt where it put them: the spec keeps
    ``qtbase_zh_CN.qm`` under ``PySide6/Qt/translations`` in the bundle.
    """
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    with contextlib.suppress(ImportError):
        import PySide6

        folders.append(str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations"))
    folders.append(str(resource_path("translations")))
    return folders


def _load_first(name: str, folders: list[str], parent: QCoreApplication) -> QTranslator | None:
    for folder in folders:
        translator = QTranslator(parent)
        if translator.load(name, folder) and not translator.isEmpty():
            return translator
    if not name.endswith(f"_{ENGLISH}"):  # English is the source language: nothing is fine
        log.info("no %s in %s", name, ", ".join(folders))
    return None
