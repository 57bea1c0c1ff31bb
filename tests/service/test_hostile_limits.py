"""A hostile relay (issue 14): memory, model lists, names and result hosts, over real HTTP.

Memory-bound cases run the app in a child process and assert its peak resident memory
(``tests.helpers.peak_memory``); the others drive the core against the demo relay.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

from desktop_app.core.relay.connection_check import CheckOutcome, test_connection
from desktop_app.core.relay.limits import MAX_RESULTS_PER_REQUEST
from desktop_app.core.relay.result_hosts import ResultHosts
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from desktop_app.demo import hostile
from tests.helpers.peak_memory import python_command, run_measured
from tests.service.conftest import leftovers

TOKEN = "relay-token-7f3a9c2e5b1d4f6a8c0e"
_CHECK_SCRIPT = (
    "import asyncio, sys\n"
    "from desktop_app.core.relay.connection_check import test_connection\n"
    "from desktop_app.core.relay.transport import open_http_client\n"
    "from desktop_app.core.settings import Settings\n"
    "async def main():\n"
    "    async with open_http_client() as http:\n"
    "        return await test_connection(Settings(base_url=sys.argv[1]), 'tok-12345678', http)\n"
    "check = asyncio.run(main())\n"
    "print(check.outcome.value, check.message, sep='\\n')\n"
)


def check_connection(base_url: str):
    async def go():
        async with open_http_client() as http:
            return await test_connection(Settings(base_url=base_url), TOKEN, http)

    return asyncio.run(go())


# --- 2. Test connection -----------------------------------------------------------------------


def test_an_endless_model_list_is_cut_off_with_bounded_memory(demo_provider):
    base_url = f"{demo_provider.origin}/demo-models_endless/v1"
    run, peak_mb = run_measured([sys.executable, "-c", _CHECK_SCRIPT, base_url])
    assert run.returncode == 0, run.stderr
    outcome, message = run.stdout.splitlines()[:2]
    assert outcome == "other" and "far larger" in message
    assert peak_mb < 130, f"peak {peak_mb:.0f} MB"


def test_a_deeply_nested_model_list_is_an_answer_that_could_not_be_read(demo_provider):
    check = check_connection(f"{demo_provider.origin}/demo-models_deep/v1")
    assert check.outcome is CheckOutcome.OTHER
    assert "could not be read" in check.message and "nested too deeply" in check.details


# --- 4. results per request and free names ----------------------------------------------------


def test_free_names_are_found_in_linear_time(run_edit, photo, out_dir, monkeypatch):
    out_dir.mkdir(parents=True)
    for n in range(1, 31):
        (out_dir / f"photo-edit-{n}.png").write_bytes(b"taken")
    links: list[str] = []
    real_link = os.link

    def counting_link(source, target):
        links.append(str(target))
        return real_link(source, target)

    monkeypatch.setattr(os, "link", counting_link)
    result, _ = run_edit([photo], prompt="[demo:many_results] x")
    names = [path.name for path in result.outputs]
    assert names == [f"photo-edit-{n}.png" for n in range(31, 31 + MAX_RESULTS_PER_REQUEST)]
    # 31 tries for the first result, then one each: never a restart from 1.
    assert len(links) == 30 + MAX_RESULTS_PER_REQUEST
    assert len(leftovers(out_dir)) == 30 + MAX_RESULTS_PER_REQUEST
    assert any("990 were ignored" in warning for warning in result.warnings)


# --- 5. pixel limit in the window's loader ----------------------------------------------------

_LOAD_SCRIPT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from desktop_app.core.errors import RetouchError\n"
    "from desktop_app.core.relay.limits import MAX_RESULT_PIXELS\n"
    "from desktop_app.ui.common.qt_images import _load\n"
    "try:\n"
    "    _load(Path(sys.argv[1]), 4096, MAX_RESULT_PIXELS)\n"
    "except RetouchError as error:\n"
    "    print(error.kind.value, error.message, sep='\\n')\n"
)


def test_the_window_refuses_a_huge_result_before_decoding_it(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(hostile.huge_png())
    env = {"QT_QPA_PLATFORM": "offscreen"}
    run, peak_mb = run_measured([sys.executable, "-c", _LOAD_SCRIPT, str(path)], env=env)
    assert run.returncode == 0, run.stderr
    kind, message = run.stdout.splitlines()[:2]
    assert kind == "bad_input" and "64 megapixels" in message
    assert "DecompressionBombWarning" not in run.stderr
    assert peak_mb < 250, f"peak {peak_mb:.0f} MB"


# --- 6. history memory ------------------------------------------------------------------------


def test_listing_a_history_of_huge_refusals_stays_small(photo):
    for _ in range(3):
        run = run_measured(
            python_command("edit", str(photo), "--prompt", "[demo:huge_refusal]", "--demo")
        )[0]
        assert run.returncode == 4, run.stderr
    listing, peak_mb = run_measured(python_command("history", "--json"))
    assert listing.returncode == 0
    assert len(json.loads(listing.stdout)) == 3
    assert peak_mb < 150, f"peak {peak_mb:.0f} MB"


# --- 7. result hosts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relay", "result", "allowed"),
    [
        ("https://10.0.0.5/v1", "https://10.0.0.5/cdn/a.png", True),  # the relay is there
        ("https://api.example/v1", "https://10.0.0.5/cdn/a.png", False),
        ("https://api.example/v1", "https://[fe80::1]/a.png", False),
        ("https://api.example/v1", "https://[::ffff:169.254.169.254]/a.png", False),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/cdn/a.png", True),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8001/cdn/a.png", False),
        ("http://127.0.0.1:8000/v1", "http://localhost:8000/cdn/a.png", False),
        ("https://api.example/v1", "ftp://cdn.example/a.png", False),
        ("https://api.example/v1", "http://203.0.113.9/a.png", True),  # upgraded, public
    ],
)
def test_result_host_rules(relay, result, allowed):
    from desktop_app.core.errors import RetouchError

    async def check() -> str:
        return await ResultHosts(relay).checked(result)

    if allowed:
        assert asyncio.run(check()).startswith(("https://", "http://127.0.0.1:8000"))
    else:
        with pytest.raises(RetouchError, match="does not fetch from"):
            asyncio.run(check())


# --- 14. a 63 MB data URL ---------------------------------------------------------------------


def test_a_63_mb_data_url_is_refused_with_bounded_memory(photo, tmp_path, demo_provider):
    out = tmp_path / "big"
    args = ["edit", str(photo), "--prompt", "[demo:huge_data_url] x", "--json"]
    args += ["--base-url", demo_provider.base_url, "--output", str(out)]
    env = {"RETOUCH_API_KEY": TOKEN}  # the relay runs in this process, not in the measured one
    run, peak_mb = run_measured(python_command(*args), env=env)
    assert run.returncode == 5, run.stderr
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "bad_response" and "far larger" in error["message"]
    assert leftovers(out) == []
    assert peak_mb < 250, f"peak {peak_mb:.0f} MB"
