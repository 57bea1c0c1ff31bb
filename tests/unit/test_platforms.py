"""What runs differently on Windows and macOS, checked here on Linux through its inputs."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from keyring.errors import KeyringLocked

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.secrets.credentials import check_fits_keyring
from desktop_app.core.secrets.keyring_backends import problem_of
from tests.helpers.cli import run_cli
from tests.helpers.images import save_photo

ROOT = Path(__file__).resolve().parents[2]


def _launcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "packaging" / "launcher.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("argv", "console"),
    [
        ([], False),
        (["photo.jpg"], False),
        (["--demo"], False),
        (["edit", "a.png", "--prompt", "x"], True),
        (["create", "--prompt", "x"], True),
        (["token", "set"], True),
        (["history", "--json"], True),
        (["--self-test"], True),
        (["--version"], True),
        (["--help"], True),
    ],
)
def test_the_windowed_exe_takes_a_console_only_for_commands(argv, console):
    assert _launcher().wants_console(argv) is console


def test_missing_standard_streams_are_reopened_on_the_console(monkeypatch):
    launcher = _launcher()
    opened: list[tuple[str, str]] = []

    def fake_open(name: str, mode: str) -> io.StringIO:
        opened.append((name, mode))
        return io.StringIO()

    monkeypatch.setattr(sys, "stdin", None)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    launcher.reconnect_stdio(fake_open, attached=True)
    assert opened == [("CONIN$", "r"), ("CONOUT$", "w"), ("CONOUT$", "w")]
    assert sys.stdin is not None and sys.stdout is not None and sys.stderr is not None


def test_without_a_console_the_streams_go_nowhere_instead_of_none(monkeypatch):
    launcher = _launcher()
    opened: list[str] = []
    monkeypatch.setattr(sys, "stdin", None)
    launcher.reconnect_stdio(lambda name, mode: opened.append(name) or io.StringIO(), False)
    assert opened == [launcher.os.devnull]
    assert sys.stdin is not None


def test_json_output_is_utf8_under_a_cp1252_console(tmp_path):
    photo = save_photo(tmp_path / "photo.png", 96, 64)
    output = tmp_path / "设计 结果"
    done = run_cli(
        "edit",
        photo,
        "--prompt",
        "美化一下这种图片,加上 我爱中国 四个字",
        "--output",
        output,
        "--json",
        "--demo",
        env={"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
    )
    assert done.returncode == 0, done.stderr
    # run_cli decodes as the locale (UTF-8 here); what matters is the bytes were UTF-8.
    result = json.loads(done.stdout)
    assert Path(result["outputs"][0]).parent == output
    assert Path(result["outputs"][0]).is_file()


def test_a_secret_too_long_for_windows_credential_manager_is_refused_clearly():
    check_fits_keyring("t" * 1280, "win32")  # 2,560 bytes as UTF-16: fits
    check_fits_keyring("t" * 5000, "linux")  # Secret Service has no such limit
    with pytest.raises(RetouchError) as raised:
        check_fits_keyring("t" * 1281, "win32")
    assert raised.value.kind is ErrorKind.BAD_INPUT
    assert raised.value.params["problem"] == "secret_too_long"
    assert "1,281 characters" in raised.value.message and "1,280" in raised.value.message


def test_a_denied_keychain_prompt_is_explained_on_macos():
    text = problem_of(KeyringLocked("denied"), "darwin")
    assert "Keychain" in text and "Always Allow" in text and "log in" not in text
    assert "locked" in problem_of(KeyringLocked("locked"), "linux")
