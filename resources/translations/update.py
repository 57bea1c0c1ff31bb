"""Refresh the translation catalogues: collect the texts from the code, then compile them.

    python resources/translations/update.py            # lupdate, then lrelease
    python resources/translations/update.py --check    # exit 1 if a catalogue is out of date

``lupdate`` (shipped inside the PySide6 package) reads every ``tr()``,
``QCoreApplication.translate()`` and ``QT_TRANSLATE_NOOP()`` under ``desktop_app/`` into
``retouch_studio_<lang>.ts`` (new texts arrive as "unfinished"; translate them in Qt
Linguist or a text editor), and
``lrelease`` compiles each ``.ts`` into the ``.qm`` the app loads. English is the
source language, so its catalogue holds plural forms only. Both files are committed.

Source locations are left out of the ``.ts`` files: with several people editing the code,
line numbers would change the catalogues on every commit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = ROOT / "desktop_app"
LANGUAGES = {"en": ("-pluralonly",), "zh_CN": ()}


def catalogue(language: str, folder: Path = HERE) -> Path:
    return folder / f"retouch_studio_{language}.ts"


def sources() -> list[str]:
    return sorted(str(path) for path in SOURCES.rglob("*.py") if "__pycache__" not in path.parts)


def qt_tool(name: str) -> str:
    """Qt's ``name`` tool (lupdate, lrelease) as the PySide6 package ships it.

    Found next to PySide6 itself, so it works whether or not the venv's scripts are on PATH.
    """
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"Qt's {name} is neither in {folder} nor on PATH")
    return found


def lupdate(target: Path, language: str) -> None:
    command = [
        qt_tool("lupdate"),
        *sources(),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        language,
        *LANGUAGES[language],
        "-ts",
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)


def lrelease(source: Path) -> None:
    command = [qt_tool("lrelease"), str(source), "-qm", str(source.with_suffix(".qm"))]
    subprocess.run(command, check=True, capture_output=True, text=True)


def messages(path: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation, or None while unfinished."""
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") != "unfinished"
            text = translation.text if done and translation is not None else None
            found[(name, message.findtext("source", ""))] = text
    return found


def problems() -> list[str]:
    """What is out of date: texts the code has and the catalogues lack, unfinished ones."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for language in LANGUAGES:
            fresh = catalogue(language, Path(scratch))
            shutil.copy(catalogue(language), fresh)
            lupdate(fresh, language)
            committed, current = messages(catalogue(language)), messages(fresh)
            found += [f"{language}: not collected yet: {key}" for key in current.keys() - committed]
            found += [f"{language}: no longer used: {key}" for key in committed.keys() - current]
            if language != "en":
                found += [f"{language}: unfinished: {k}" for k, v in current.items() if not v]
            # Compare contents, not file times: a fresh clone gives both files its own time.
            qm = catalogue(language).with_suffix(".qm")
            compiled = Path(scratch) / "committed" / qm.name
            compiled.parent.mkdir(exist_ok=True)
            shutil.copy(catalogue(language), compiled.with_suffix(".ts"))
            lrelease(compiled.with_suffix(".ts"))
            if not qm.exists() or qm.read_bytes() != compiled.read_bytes():
                found.append(f"{language}: {qm.name} does not match its .ts; run lrelease")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    options = parser.parse_args(argv)
    if options.check:
        found = problems()
        sys.stdout.writelines(f"{line}\n" for line in found)
        return 1 if found else 0
    for language in LANGUAGES:
        lupdate(catalogue(language), language)
        lrelease(catalogue(language))
        sys.stdout.write(f"{catalogue(language).relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
