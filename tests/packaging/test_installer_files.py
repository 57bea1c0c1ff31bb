"""The installer recipes and shipped files, checked without building (CI builds for real)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from desktop_app import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = ROOT / "resources" / f"{APP_ID}.desktop"
ASSOCIATED = (".png", ".jpg", ".jpeg", ".webp", ".heic", ".heif", ".avif", ".psd", ".tif")


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_matches_the_app_identity():
    entry = desktop_entry()

    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == APP_ID
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_ID  # Qt: setDesktopFileName(APP_ID), WM_CLASS instance
    assert entry["Terminal"] == "false"
    assert {"Graphics", "2DGraphics", "RasterGraphics", "Qt"} <= set(entry["Categories"].split(";"))
    mime = set(entry["MimeType"].strip(";").split(";"))
    assert {
        *("image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff", "image/gif"),
        *("image/heic", "image/heif", "image/avif", "image/vnd.adobe.photoshop"),
    } == mime
    assert entry["Name[zh_CN]"] and entry["Comment[zh_CN]"]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_file_validates():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_sample_picture_is_a_small_photo_like_jpeg():
    sample = ROOT / "resources" / "samples" / "sample-landscape.jpg"

    assert sample.stat().st_size < 150 * 1024
    with Image.open(sample) as picture:
        assert picture.format == "JPEG" and picture.size == (800, 600)
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 5000  # gradients and grain, not flat blocks


def test_windows_and_macos_icons_hold_every_size():
    with Image.open(ROOT / "resources" / "icons" / f"{APP_ID}.ico") as ico:
        assert {(s, s) for s in (16, 32, 48, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "resources" / "icons" / f"{APP_ID}.icns") as icns:
        assert icns.format == "ICNS" and icns.size == (1024, 1024)


def test_deb_tree_has_launcher_desktop_file_icons_and_control(tmp_path):
    build = load_script("build")
    onedir = tmp_path / "onedir"
    (onedir / "_internal").mkdir(parents=True)
    (onedir / APP_ID).write_text("#!/bin/sh\n", encoding="utf-8")
    (onedir / APP_ID).chmod(0o700)
    staging = tmp_path / "root"

    build.stage_deb(onedir, staging, "1.2.3", "amd64", ["libc6 (>= 2.36)", "libxcb-cursor0"])

    smoke = load_script("smoke_test")
    launcher = smoke.check_deb_root(staging)  # the layout CI checks after dpkg-deb -x
    assert os.readlink(launcher) == f"../../opt/{APP_ID}/{APP_ID}"  # relative: works unpacked
    assert (staging / "opt" / APP_ID / APP_ID).stat().st_mode & 0o777 == 0o755
    control = (staging / "DEBIAN" / "control").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", control, flags=re.MULTILINE))
    assert fields["Package"] == APP_ID and fields["Version"] == "1.2.3"
    assert fields["Architecture"] == "amd64"
    assert fields["Depends"] == "libc6 (>= 2.36), libxcb-cursor0"
    assert int(fields["Installed-Size"]) > 0
    assert control.endswith("\n") and "\n .\n" in control  # a valid multi-line Description


def test_base_depends_cover_what_qt_loads_from_the_system():
    build = load_script("build")

    for package in ("libxcb-cursor0", "libegl1", "libfontconfig1", "libxkbcommon-x11-0"):
        assert package in build.BASE_DEPENDS
    assert build.app_version() == __version__


def test_inno_setup_script_installs_per_user_with_open_with_entries():
    iss = (PACKAGING / "windows" / f"{APP_ID}.iss").read_text(encoding="utf-8")

    assert "PrivilegesRequired=lowest" in iss
    assert "DefaultDirName={autopf}" in iss  # {userpf}, %LOCALAPPDATA%\Programs, when per-user
    assert "HKLM" not in iss and "HKA" not in iss
    for extension in ASSOCIATED:
        assert f'Subkey: "Software\\Classes\\{extension}\\OpenWithProgids"' in iss
        assert f'ValueName: "{extension}"' in iss  # Applications\...\SupportedTypes
    assert f"OutputBaseFilename={APP_ID}-{{#AppVersion}}-windows-x64-setup" in iss
    assert "{autoprograms}" in iss  # the Start-menu entry


def test_spec_is_valid_python_naming_the_onedir_and_the_bundle():
    source = (PACKAGING / f"{APP_ID}.spec").read_text(encoding="utf-8")

    compile(source, "retouch-studio.spec", "exec")
    assert "COLLECT(" in source and "BUNDLE(" in source
    assert "console=False" in source and "upx=False" in source
    assert 'collect_submodules("keyring.backends")' in source
    assert 'copy_metadata("keyring")' in source
    assert '"LSHandlerRank": "Alternate"' in source


def test_release_workflow_runs_the_same_steps_on_three_systems():
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())

    (job,) = workflow["jobs"].values()
    assert set(job["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "windows-latest",
        "macos-latest",
    }
    assert not any("if" in step for step in job["steps"])  # identical on every system
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "python packaging/build.py" in commands
    assert "packaging/requirements.txt" in commands


def test_frozen_entry_point_is_the_cli():
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0
    assert done.stdout.strip() == f"retouch-studio {__version__}"
