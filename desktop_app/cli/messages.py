"""The command line's words in the user's language, without Qt.

The language comes from the locale environment (``LC_ALL``, then ``LC_MESSAGES``, then
``LANG``, as POSIX orders them; on Windows the user's locale): ``zh_*`` gives Simplified
Chinese, anything else English. The translations are the app's own Qt catalogue,
``resources/translations/retouch_studio_<lang>.ts``, read here as plain XML, so the window
and the command line never disagree and translators edit one file. Texts are marked with
``QT_TRANSLATE_NOOP`` (context ``Cli``) so ``pyside6-lupdate`` collects them.

Only human-facing text is translated: ``--json`` keeps its keys and ``error.kind`` values
stable; ``error.message`` is in the user's language.
"""

from __future__ import annotations

import locale
import logging
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache

from desktop_app.error_catalogue import QT_TRANSLATE_NOOP, Translate
from desktop_app.resources_path import resource_path

log = logging.getLogger(__name__)

CONTEXT = "Cli"
SUPPORTED = ("en", "zh_CN")
_SKIPPED = ("unfinished", "vanished", "obsolete")

STAGE_LABELS: dict[str, str] = {
    "preparing": QT_TRANSLATE_NOOP("Cli", "Preparing the picture"),
    "uploading": QT_TRANSLATE_NOOP("Cli", "Uploading"),
    "waiting": QT_TRANSLATE_NOOP("Cli", "Waiting for the model"),
    "downloading": QT_TRANSLATE_NOOP("Cli", "Downloading the result"),
    "done": QT_TRANSLATE_NOOP("Cli", "Done"),
}
ERROR_LINE = QT_TRANSLATE_NOOP("Cli", "error: {message}")
REASON_LINE = QT_TRANSLATE_NOOP("Cli", "reason: {reason}")
WARNING_LINE = QT_TRANSLATE_NOOP("Cli", "warning: {warning}")
RATIO_WARNING = QT_TRANSLATE_NOOP("Cli", "asked for {asked}, the model returned {sizes}")
INTERRUPTED = QT_TRANSLATE_NOOP("Cli", "Interrupted; nothing was saved from this job.")


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``"zh_CN"`` or ``"en"``, from the locale variables (or the system locale)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return _language_of(value)
    if environ is None and sys.platform == "win32":  # no locale variables there
        return _language_of(locale.getlocale()[0] or "")
    return "en"


def _language_of(tag: str) -> str:
    lowered = tag.lower()
    return "zh_CN" if lowered.startswith(("zh", "chinese")) else "en"


@cache
def catalogue(language: str) -> dict[tuple[str, str], str]:
    """Finished translations of ``language`` by (context, English source); {} for English."""
    if language == "en" or language not in SUPPORTED:
        return {}
    path = resource_path("translations", f"retouch_studio_{language}.ts")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        log.warning("translations %s unreadable (%s); using English", path, exc)
        return {}
    found: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type") in _SKIPPED:
                continue
            if translation.text:
                found[(name, source)] = translation.text
    return found


def translator(language: str | None = None) -> Translate:
    """A ``translate(context, source)`` for ``language`` (default: from the environment)."""
    table = catalogue(language or language_from_environment())

    def translate(context: str, source: str) -> str:
        return table.get((context, source), source)

    return translate


def tr(source: str, language: str | None = None) -> str:
    """A ``Cli`` text in the user's language."""
    return translator(language)(CONTEXT, source)
