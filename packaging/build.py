"""Build Retouch Studio's bundle and installer for the OS this runs on.

    python packaging/build.py [--skip-installer] [--skip-bundle]

1. PyInstaller with ``packaging/retouch-studio.spec`` makes the onedir bundle
   ``dist/retouch-studio/`` (launcher ``retouch-studio``, ``retouch-studio.exe`` on Windows).
2. The installers go into ``dist/``:

   - Linux: ``retouch-studio-<version>-linux-<arch>.tar.gz`` (the onedir) and
     ``retouch-studio_<version>_<debarch>.deb`` (dpkg-deb: /opt/retouch-studio, a /usr/bin
     launcher, the .desktop file and hicolor icons). The .desktop file is checked with
     ``desktop-file-validate`` when it is installed (Debian package desktop-file-utils).
   - Windows: ``retouch-studio-<version>-windows-x64-setup.exe`` from
     ``packaging/windows/retouch-studio.iss`` with Inno Setup's ``ISCC``.
   - macOS: ``Retouch Studio.app`` (the spec's BUNDLE) and
     ``retouch-studio-<version>-macos-<arch>.dmg`` (``packaging/macos/make-dmg.sh``).

PyInstaller does not cross-compile: each OS builds its own. The version is
``desktop_app.__version__``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
SPEC = PACKAGING / "retouch-studio.spec"
APP_ID = "retouch-studio"
DESKTOP_FILE = ROOT / "resources" / f"{APP_ID}.desktop"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
MIB = 1024 * 1024

# What the bundle needs from a Debian-like system whatever the scan below finds: the xcb
# platform plugin's libraries (Qt 6.5+ needs libxcb-cursor0), EGL/GL, fonts, keyboard maps and
# D-Bus. Also the whole list when the build machine has no dpkg to ask.
BASE_DEPENDS = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xkb1",
    "libx11-xcb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libdbus-1-3",
)
DEB_RECOMMENDS = "fonts-noto-cjk"  # Chinese prompts and captions
DEB_SUGGESTS = "gnome-keyring"  # a Secret Service to keep the token in (KDE has its own)
DEB_DESCRIPTION = """\
AI image edits for designers
 Retouch Studio edits pictures with an AI image model: drop a picture, say
 what to change in any language, and compare the result with the original
 side by side, with a split view or as a difference map. A built-in offline
 demo provider (retouch-studio --demo) lets you try it without a token.
 .
 The command line "retouch-studio edit" runs the same edits headless."""
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Retouch Studio
Files: *
Copyright: Retouch Studio developers
License: MIT
 Bundled third-party components (Qt, PySide6, Python, Pillow and others) keep
 their own licences; see /opt/retouch-studio/_internal.
"""


def app_version() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from desktop_app import __version__
    finally:
        sys.path.remove(str(ROOT))
    return __version__


def run(command: Sequence[str | os.PathLike[str]], **kwargs: Any) -> None:
    print("+ " + " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def tree_size(path: Path) -> int:
    """Bytes of the files under ``path`` (symlinks count as links, not as their targets)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def describe(path: Path, started: float) -> str:
    size = tree_size(path) if path.is_dir() else path.stat().st_size
    return f"{path.relative_to(ROOT)}: {size / MIB:.1f} MiB in {time.monotonic() - started:.1f} s"


def launcher(onedir: Path) -> Path:
    return onedir / (f"{APP_ID}.exe" if sys.platform == "win32" else APP_ID)


# --------------------------------------------------------------------------- bundle


def build_bundle() -> Path:
    """Run PyInstaller with the spec; returns the onedir."""
    sys.path.insert(0, str(PACKAGING))
    try:
        from generate_assets import generate
    finally:
        sys.path.remove(str(PACKAGING))
    for path in generate():
        print(f"generated {path.relative_to(ROOT)}")
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            BUILD / "pyinstaller",
            SPEC,
        ],
        cwd=ROOT,
    )
    onedir = DIST / APP_ID
    if not launcher(onedir).is_file():
        raise SystemExit(f"PyInstaller made no launcher at {launcher(onedir)}")
    print(f"bundle {describe(onedir, started)}")
    return onedir


# --------------------------------------------------------------------------- Linux


def validate_desktop_file(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        print("warning: desktop-file-validate not found (apt install desktop-file-utils)")
        return
    run([tool, path])


def make_tarball(onedir: Path, target: Path) -> Path:
    """The onedir as ``retouch-studio/...`` in a .tar.gz, owned by root, links kept."""
    started = time.monotonic()

    def as_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(onedir, arcname=APP_ID, filter=as_root)
    print(f"tarball {describe(target, started)}")
    return target


def _elf_files(root: Path) -> Iterable[Path]:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def _needed_sonames(path: Path) -> set[str]:
    output = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return {
        line.split("[", 1)[1].split("]", 1)[0]
        for line in output.splitlines()
        if "(NEEDED)" in line and "[" in line
    }


def _system_library_paths() -> dict[str, str]:
    """soname -> path for this machine's architecture, from the dynamic loader's cache."""
    output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    tag = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(platform.machine(), "")
    paths: dict[str, str] = {}
    for line in output.splitlines():
        name, arrow, path = line.strip().partition(" => ")
        soname, _, flags = name.partition(" ")
        if arrow and (not tag or tag in flags):
            paths.setdefault(soname, path)
    return paths


def _package_of(path: str) -> str | None:
    for candidate in (path, os.path.realpath(path)):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",", 1)[0].strip()
    return None


def deb_depends(onedir: Path) -> list[str]:
    """The Debian packages providing the libraries the bundle links but does not carry.

    Like dpkg-shlibdeps, from the ELF files' NEEDED entries, plus :data:`BASE_DEPENDS`.
    """
    if not all(shutil.which(tool) for tool in ("readelf", "dpkg", "ldconfig")):
        print("warning: no readelf/dpkg/ldconfig; using the fixed dependency list")
        return [*BASE_DEPENDS]
    elves = list(_elf_files(onedir))
    bundled = {p.name for p in onedir.rglob("*")}
    needed = set().union(*(_needed_sonames(p) for p in elves)) - bundled
    system = _system_library_paths()
    packages = set(BASE_DEPENDS)
    for soname in sorted(needed):
        package = _package_of(system[soname]) if soname in system else None
        if package is None:
            print(f"warning: no package provides {soname}; it must come from the system")
        elif package != "libc6":
            packages.add(package)
    glibc = platform.libc_ver()[1] or "2.36"
    return [f"libc6 (>= {glibc})", *sorted(packages)]


def deb_architecture() -> str:
    if shutil.which("dpkg"):
        out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def _normalise_modes(root: Path) -> None:
    """0755 for folders and executables, 0644 for the rest (dpkg-deb and lintian expect it)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & stat.S_IXUSR:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def stage_deb(onedir: Path, staging: Path, version: str, arch: str, depends: list[str]) -> None:
    """Lay out the .deb's file tree in ``staging`` (which is replaced)."""
    if staging.exists():
        shutil.rmtree(staging)
    share = staging / "usr" / "share"
    shutil.copytree(onedir, staging / "opt" / APP_ID, symlinks=True)
    (staging / "usr" / "bin").mkdir(parents=True)
    # Relative, so it also works from a dpkg-deb -x root; PyInstaller resolves the link.
    (staging / "usr" / "bin" / APP_ID).symlink_to(f"../../opt/{APP_ID}/{APP_ID}")
    (share / "applications").mkdir(parents=True)
    shutil.copy2(DESKTOP_FILE, share / "applications" / f"{APP_ID}.desktop")
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(icons / f"{APP_ID}-{size}.png", folder / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons / f"{APP_ID}.svg", scalable / f"{APP_ID}.svg")
    doc = share / "doc" / APP_ID
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    installed_kib = (tree_size(staging) + 1023) // 1024
    control = staging / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        deb_control(version, arch, depends, installed_kib),
        encoding="utf-8",
    )
    _normalise_modes(staging)


def deb_control(version: str, arch: str, depends: list[str], installed_kib: int) -> str:
    fields = {
        "Package": APP_ID,
        "Version": version,
        "Section": "graphics",
        "Priority": "optional",
        "Architecture": arch,
        "Maintainer": "Retouch Studio developers <maintainers@retouch-studio.invalid>",
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(depends),
        "Recommends": DEB_RECOMMENDS,
        "Suggests": DEB_SUGGESTS,
        "Description": DEB_DESCRIPTION,
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def make_deb(onedir: Path, target: Path, version: str, arch: str) -> Path:
    started = time.monotonic()
    if not shutil.which("dpkg-deb"):
        raise SystemExit("dpkg-deb not found: the .deb needs a Debian-like build machine")
    depends = deb_depends(onedir)
    staging = BUILD / "deb" / "root"
    stage_deb(onedir, staging, version, arch, depends)
    validate_desktop_file(staging / "usr" / "share" / "applications" / f"{APP_ID}.desktop")
    # zstd: 50x faster than xz here for a 25 % larger file; dpkg reads it since 1.21.18
    # (Debian 12, Ubuntu 21.10), older than any system the bundle's glibc 2.36 runs on.
    run(["dpkg-deb", "--build", "--root-owner-group", "-Zzstd", "-z9", staging, target])
    print(f"deb {describe(target, started)}")
    print(f"deb Depends: {', '.join(depends)}")
    return target


def build_linux(onedir: Path, version: str) -> list[Path]:
    validate_desktop_file(DESKTOP_FILE)
    machine = platform.machine() or "x86_64"
    tarball = make_tarball(onedir, DIST / f"{APP_ID}-{version}-linux-{machine}.tar.gz")
    arch = deb_architecture()
    deb = make_deb(onedir, DIST / f"{APP_ID}_{version}_{arch}.deb", version, arch)
    return [tarball, deb]


# --------------------------------------------------------------------------- Windows


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        root = os.environ.get(base)
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(root or "/nonexistent") / sub / "ISCC.exe"
            if candidate.is_file():
                return candidate
    return None


def build_windows(onedir: Path, version: str) -> list[Path]:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit(
            "Inno Setup's ISCC.exe was not found (https://jrsoftware.org/isinfo.php); "
            "install it or pass --skip-installer"
        )
    started = time.monotonic()
    run(
        [
            iscc,
            "/Q",
            f"/DAppVersion={version}",
            f"/DSourceDir={onedir}",
            f"/DOutputDir={DIST}",
            PACKAGING / "windows" / f"{APP_ID}.iss",
        ]
    )
    setup = DIST / f"{APP_ID}-{version}-windows-x64-setup.exe"
    print(f"installer {describe(setup, started)}")
    return [setup]


# --------------------------------------------------------------------------- macOS


def build_macos(version: str) -> list[Path]:
    app = DIST / "Retouch Studio.app"
    if not app.is_dir():
        raise SystemExit(f"the spec's BUNDLE made no {app}")
    started = time.monotonic()
    dmg = DIST / f"{APP_ID}-{version}-macos-{platform.machine()}.dmg"
    run(["/bin/sh", PACKAGING / "macos" / "make-dmg.sh", app, dmg])
    print(f"dmg {describe(dmg, started)}")
    return [dmg]


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the bundle and installer for this OS.")
    parser.add_argument("--skip-installer", action="store_true", help="build the onedir only")
    parser.add_argument(
        "--skip-bundle", action="store_true", help="reuse dist/retouch-studio (installers only)"
    )
    options = parser.parse_args(argv)
    started = time.monotonic()
    version = app_version()
    print(f"Retouch Studio {version} on {sys.platform} ({platform.machine()})")
    onedir = DIST / APP_ID
    if options.skip_bundle:
        if not launcher(onedir).is_file():
            raise SystemExit(f"--skip-bundle: no bundle at {onedir}")
    else:
        onedir = build_bundle()
    made = [onedir]
    if not options.skip_installer:
        if sys.platform.startswith("linux"):
            made += build_linux(onedir, version)
        elif sys.platform == "win32":
            made += build_windows(onedir, version)
        elif sys.platform == "darwin":
            made += build_macos(version)
        else:
            print(f"warning: no installer recipe for {sys.platform}")
    print(f"done in {time.monotonic() - started:.1f} s:")
    for path in made:
        size = tree_size(path) if path.is_dir() else path.stat().st_size
        print(f"  {path.relative_to(ROOT)}  {size / MIB:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
