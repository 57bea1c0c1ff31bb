"""The command line speaks in its own terms: commands, flags and environment variables.

It never sends people to the window's parts ("Settings", "the prompt box"), lists its
commands in ``--help``, reports in ``--json`` the warnings it prints, and keeps the ratio as
designers say it.
"""

from __future__ import annotations

import json
import re

import pytest

from desktop_app.cli.entry import SUBCOMMANDS
from tests.helpers.cli import run_cli

# The window's parts as the catalogue names them; "设置" alone is also the verb "to set".
WINDOW_WORDS = re.compile(r"Settings|prompt box|“设置”|提示词框|Try again", re.IGNORECASE)


def test_help_lists_every_command():
    run = run_cli("--help")
    assert run.returncode == 0
    for name in SUBCOMMANDS:
        assert f"retouch-studio {name}" in run.stdout, name


@pytest.mark.parametrize("language", ["C.UTF-8", "zh_CN.UTF-8"])
def test_without_a_token_it_says_how_to_give_one_on_the_command_line(photo, language):
    run = run_cli("edit", photo, "--prompt", "warmer", env={"LC_ALL": language})
    assert run.returncode == 3, run.stderr
    assert "RETOUCH_API_KEY" in run.stderr and "retouch-studio token set" in run.stderr
    assert not WINDOW_WORDS.search(run.stderr), run.stderr


def test_an_empty_prompt_asks_for_the_flag(photo):
    run = run_cli("edit", photo, "--prompt", " ", "--demo", "--json")
    assert run.returncode == 2
    assert "--prompt" in run.stderr and not WINDOW_WORDS.search(run.stderr), run.stderr
    assert "--prompt" in json.loads(run.stdout)["error"]["message"]


def test_a_wrong_address_points_at_the_flag(photo, demo_provider):
    run = run_cli(
        "edit",
        photo,
        "--prompt",
        "warmer",
        "--base-url",
        demo_provider.base_url.rstrip("/") + "/not-a-relay",
        env={"RETOUCH_API_KEY": "sk-cli-words-0123456789"},
    )
    assert run.returncode != 0
    assert not WINDOW_WORDS.search(run.stderr), run.stderr


def test_json_carries_the_ratio_warning_stderr_shows(photo):
    run = run_cli("edit", photo, "--prompt", "warmer", "--ratio", "21x9", "--demo", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["ratio_requested"] == "21:9", "as typed, in W:H form, not 7:3"
    (warning,) = data["warnings"]
    assert "21:9" in warning and warning in run.stderr


def test_history_keeps_the_ratio_as_typed(photo):
    assert run_cli("edit", photo, "--prompt", "x", "--ratio", "4x3", "--demo").returncode == 0
    history = run_cli("history", "--json")
    assert [job["ratio"] for job in json.loads(history.stdout)] == ["4:3"]
