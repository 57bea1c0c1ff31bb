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
# The same picture types as the .desktop file and the macOS bundle.
ASSOCIATED = (
    *(".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif"),
    *(".heic", ".heif", ".avif", ".psd"),
)


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


@pytest.mark.skipif(
    not shutil.which("desktop-file-validate"),
    reason="desktop-file-validate missing: install desktop-file-utils (.ci/apt-packages.txt)",
)
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
    assert "upx=False" in source
    assert 'collect_submodules("keyring.backends")' in source
    assert 'copy_metadata("keyring")' in source
    assert '"LSHandlerRank": "Alternate"' in source


def test_spec_builds_a_console_exe_beside_the_windowed_one_on_windows():
    source = (PACKAGING / f"{APP_ID}.spec").read_text(encoding="utf-8")

    assert "_executable(APP_ID, console=False)" in source
    assert 'CLI_EXE_NAME = f"{APP_ID}-cli"' in source
    assert "_executable(CLI_EXE_NAME, console=True)" in source
    assert "COLLECT(  # noqa: F821\n    *executables," in source


def test_frozen_interpreter_runs_in_utf8_mode():
    source = (PACKAGING / f"{APP_ID}.spec").read_text(encoding="utf-8")

    assert 'UTF8_MODE = ("X utf8_mode=1", None, "OPTION")' in source
    assert "[UTF8_MODE]," in source  # passed to every EXE


def test_the_bundle_leaves_out_multiprocessing_which_the_app_never_uses():
    # Bundled, PyInstaller's multiprocessing runtime hook imports it (and subprocess) before
    # the window opens. The app's pools are threads; a process pool would fail frozen.
    source = (PACKAGING / f"{APP_ID}.spec").read_text(encoding="utf-8")
    assert '    "multiprocessing",\n' in source
    users = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desktop_app").rglob("*.py")
        if re.search(r"\bmultiprocessing\b|ProcessPoolExecutor", path.read_text(encoding="utf-8"))
    ]
    assert users == []


def test_macos_bundle_states_the_real_minimum_and_its_languages():
    source = (PACKAGING / f"{APP_ID}.spec").read_text(encoding="utf-8")

    # PySide6 6.11's wheels are built for macOS 13 (the pin in pyproject.toml allows it).
    assert 'MACOS_MINIMUM = "13.0"' in source
    assert '"LSMinimumSystemVersion": MACOS_MINIMUM' in source
    assert '"CFBundleLocalizations": ["zh_CN", "en"]' in source
    assert 'os.environ.get("RETOUCH_CODESIGN_IDENTITY")' in source  # real signing when set


def _release_job() -> dict:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    return workflow["jobs"]


def _commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_release_workflow_builds_every_system_and_both_mac_architectures():
    build = _release_job()["build"]
    matrix = build["strategy"]["matrix"]["include"]

    systems = {entry["os"]: entry["arch"] for entry in matrix}
    assert systems["ubuntu-22.04"] == "x86_64"  # the oldest supported: lowest glibc needs
    assert "windows-latest" in systems
    mac_arches = sorted(arch for os_name, arch in systems.items() if os_name.startswith("macos"))
    assert mac_arches == ["arm64", "x86_64"]
    assert build["steps"][1]["with"]["cache"] == "pip"
    commands = _commands(build)
    assert "python packaging/build.py" in commands
    assert "python packaging/smoke_test.py" in commands
    names = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert "${{ matrix.arch }}" in names["with"]["name"]  # distinct per architecture


def test_release_workflow_tests_what_users_install():
    commands = _commands(_release_job()["build"])

    assert "choco install innosetup" in commands  # not trusted to be on the image
    assert "codesign --verify --deep --strict" in commands
    assert "hdiutil attach" in commands and "for attempt in" in commands  # retried
    assert 'Contents/MacOS/retouch-studio" --self-test' in commands  # inside the .app
    assert "/VERYSILENT" in commands and "/CURRENTUSER" in commands
    assert 'retouch-studio-cli.exe" --self-test' in commands  # the installed app
    assert "unins000.exe" in commands  # and uninstalled again
    assert commands.count("设计 图片") >= 3  # a Chinese path on each system


def test_tag_builds_are_attached_to_the_release():
    release = _release_job()["release"]

    assert release["needs"] == "build"
    assert release["if"] == "startsWith(github.ref, 'refs/tags/v')"
    uses = [step.get("uses", "") for step in release["steps"]]
    assert any(action.startswith("softprops/action-gh-release") for action in uses)


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
