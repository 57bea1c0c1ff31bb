"""A hostile relay (issue 14) against ``retouch-studio edit``: real processes, real HTTP.

Each test plays one of the demo relay's hostile scenarios (``desktop_app.demo.hostile``) and
asserts the clear error, the exit code and that nothing already paid for is lost.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop_app.demo import DemoProvider
from tests.helpers.cli import run_cli
from tests.service.conftest import leftovers

TOKEN = "relay-token-7f3a9c2e5b1d4f6a8c0e"  # not sk- shaped: only registration masks it
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def edit(*args, env=None, timeout: float = 60):
    return run_cli("edit", *args, env=env, timeout=timeout)


def relay_edit(photo: Path, provider: DemoProvider, prompt: str, *args, env=None):
    """``edit --json`` against ``provider`` as a real relay, token from the environment."""
    return edit(
        photo,
        "--prompt",
        prompt,
        "--base-url",
        provider.base_url,
        "--json",
        *args,
        env={"RETOUCH_API_KEY": TOKEN, **(env or {})},
    )


def history_bytes(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in data_dir.rglob("history.sqlite3*"))


# --- 1. terminal escapes ----------------------------------------------------------------------


def test_escape_sequences_from_the_relay_never_reach_the_terminal(photo):
    run = edit(photo, "--prompt", "[demo:escapes_refusal] x", "--demo", "--json")
    assert run.returncode == 4, run.stderr
    assert not any(control in run.stderr for control in RAW_CONTROLS)
    assert not any(control in run.stdout for control in RAW_CONTROLS)
    assert "\\x1b]52;" in run.stderr  # shown, harmless
    reason = json.loads(run.stdout)["error"]["reason"]
    assert "\x1b]52;c;" in reason and "\x9b31m" in reason  # JSON keeps the exact words
    plain = edit(photo, "--prompt", "[demo:escapes_refusal] x", "--demo")
    assert plain.returncode == 4 and not any(c in plain.stderr for c in RAW_CONTROLS)


# --- 3. never a proxy for loopback ------------------------------------------------------------


class RecordingProxy:
    """A "proxy" on loopback that records what reaches it and answers 502."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.received.append(connection.recv(65536))
                    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def proxy_env():
    proxy = RecordingProxy()
    names = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
    env = dict.fromkeys(names, proxy.url) | {"NO_PROXY": "", "no_proxy": ""}
    yield proxy, env
    proxy.close()


def test_demo_works_with_a_proxy_set_and_the_proxy_sees_nothing(photo, proxy_env):
    proxy, env = proxy_env
    run = edit(photo, "--prompt", "x", "--demo", "--json", env=env)
    assert run.returncode == 0, run.stderr
    assert proxy.received == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
def test_the_token_never_goes_to_a_proxy_for_a_loopback_relay(photo, proxy_env, host):
    proxy, env = proxy_env
    with DemoProvider(host=host) as relay:
        run = relay_edit(photo, relay, "x", env=env)
        assert run.returncode == 0, run.stderr
        assert proxy.received == []
        assert relay.chat_requests[-1].headers["authorization"] == f"Bearer {TOKEN}"


# --- 4. results per request -------------------------------------------------------------------


def test_thousands_of_results_are_capped_at_ten_and_the_rest_is_said(photo, tmp_path):
    out = tmp_path / "many"
    run = edit(photo, "--prompt", "[demo:many_results] x", "--demo", "--output", out, "--json")
    assert run.returncode == 0, run.stderr
    outputs = json.loads(run.stdout)["outputs"]
    assert [Path(p).name for p in outputs] == [f"photo-edit-{n}.png" for n in range(1, 11)]
    assert len(leftovers(out)) == 10
    assert "1000 results" in run.stderr and "990 were ignored" in run.stderr


# --- 5. pixel limit ---------------------------------------------------------------------------


def test_a_small_file_of_a_huge_picture_is_refused_quietly(photo, tmp_path):
    out = tmp_path / "huge"
    run = edit(photo, "--prompt", "[demo:cdn_huge_pixels] x", "--demo", "--output", out, "--json")
    assert run.returncode == 5
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "bad_response" and "13370 × 13370" in error["message"]
    assert "64 megapixels" in error["message"]
    assert leftovers(out) == []  # neither the picture nor a temp file
    assert "DecompressionBombWarning" not in run.stderr  # 14: Pillow's warning is not shown


# --- 6. bounded history -----------------------------------------------------------------------


def test_a_huge_refusal_is_kept_as_an_excerpt(photo, isolated_dirs):
    run = edit(photo, "--prompt", "[demo:huge_refusal] x", "--demo", "--json")
    assert run.returncode == 4
    assert len(run.stdout) < 12_000  # the reason and details are excerpts too
    assert len(history_bytes(isolated_dirs["data"])) < 2 * 1024 * 1024
    listing = run_cli("history", "--json")
    assert listing.returncode == 0
    (job,) = json.loads(listing.stdout)
    assert job["status"] == "failed" and job["error"]["kind"] == "refused"


# --- 7. redirects and result hosts ------------------------------------------------------------


def test_a_redirect_to_the_cloud_metadata_address_is_refused(photo, tmp_path):
    out = tmp_path / "ssrf"
    prompt = "[demo:cdn_redirect_link_local] x"
    run = edit(photo, "--prompt", prompt, "--demo", "--output", out, "--json")
    assert run.returncode == 5
    error = json.loads(run.stdout)["error"]
    assert "link-local" in error["message"] and "169.254.169.254" in error["message"]
    assert leftovers(out) == []


def test_a_redirect_on_the_image_host_itself_still_works(photo, tmp_path):
    out = tmp_path / "moved"
    prompt = "[demo:cdn_redirect_same_host] x"
    run = edit(photo, "--prompt", prompt, "--demo", "--output", out, "--json")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in leftovers(out)] == ["photo-edit-1.png"]


@pytest.mark.parametrize("target", ["other_port", "http://169.254.169.254/latest/meta-data/"])
def test_results_on_another_local_port_or_link_local_are_not_fetched(photo, demo_provider, target):
    with DemoProvider() as other:
        url = (
            f"{other.origin}/cdn/20260101/0123456789abcdef.png"
            if target == "other_port"
            else target
        )
        run = relay_edit(photo, demo_provider, f"[demo:result_at] [demo-result:{url}] x")
        assert run.returncode == 5
        error = json.loads(run.stdout)["error"]
        assert "does not fetch from" in error["message"]
        assert other.cdn_requests == []  # nothing reached the other program
        assert "404" not in error.get("details", "")


# --- 8. full disk -----------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_error_with_what_was_saved(photo, tmp_path):
    import shutil
    import subprocess
    import sys

    if not shutil.which("unshare") or not shutil.which("mount"):
        pytest.skip("needs unshare and mount for a small tmpfs")
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    sizes = edit(photo, "--prompt", "[demo:two_results] x", "--demo", "--output", tmp_path / "s")
    assert sizes.returncode == 0, sizes.stderr
    first, second = (Path(line).stat().st_size for line in sizes.stdout.split())
    # Room for the first result (and its temp file's pages), not for the second.
    room = (first // 4096 + 2) * 4096
    assert room < first + second
    small = tmp_path / "small"
    small.mkdir()
    report = tmp_path / "report"
    script = (
        f"mount -t tmpfs -o size={room} tmpfs {small} && "
        f"{sys.executable} -m desktop_app edit {photo} --prompt '[demo:two_results] x' --demo "
        f"--output {small} --json > {report}.out 2> {report}.err; echo $? > {report}.rc; "
        f"ls -A {small} > {report}.ls"
    )
    subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], timeout=120
    )
    code = int(Path(f"{report}.rc").read_text())
    stdout, stderr = Path(f"{report}.out").read_text(), Path(f"{report}.err").read_text()
    assert code == 5, stderr
    data = json.loads(stdout)
    assert "disk is full" in data["error"]["message"]
    assert data["outputs"] == [str(small / "photo-edit-1.png")]  # what was saved is told
    assert Path(f"{report}.ls").read_text().split() == ["photo-edit-1.png"]  # no partial file
    assert "Traceback" not in stderr and "saved: " in stderr


# --- 9. deeply nested JSON --------------------------------------------------------------------


def test_deeply_nested_json_is_a_bad_response(photo):
    run = edit(photo, "--prompt", "[demo:deep_json] x", "--demo", "--json")
    assert run.returncode == 5, run.stderr
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "bad_response" and "nested too deeply" in error["details"]
    assert "Traceback" not in run.stderr


# --- 10. a token echoed back ------------------------------------------------------------------


def test_a_token_echoed_by_the_relay_is_masked_in_output_and_history(
    photo, demo_provider, isolated_dirs
):
    run = relay_edit(photo, demo_provider, "[demo:echo_token] x")
    assert run.returncode == 0, run.stderr
    assert TOKEN not in run.stdout and TOKEN not in run.stderr
    assert "key=***" in json.loads(run.stdout)["text"]
    assert TOKEN.encode() not in history_bytes(isolated_dirs["data"])
    listing = run_cli("history", "--json")
    assert listing.returncode == 0 and TOKEN not in listing.stdout


# --- 12. overall deadline ---------------------------------------------------------------------


def test_a_trickling_relay_ends_at_the_overall_deadline(photo, demo_provider, isolated_dirs):
    config = isolated_dirs["config"]
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"model_deadline": 2}))
    run = relay_edit(photo, demo_provider, "[demo:trickle] x", "--timeout", "10")
    assert run.returncode == 5, run.stderr
    error = json.loads(run.stdout)["error"]
    assert error["kind"] == "network"
    # The overall limit is never shorter than the idle timeout (10 s, the least there is).
    assert "the model did not finish its answer within 10 seconds" in error["message"]
    assert "waiting for the model" in error["details"]


# --- 13. loopback names -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["localhost.localdomain", "ip6-localhost"])
def test_loopback_lookalike_names_need_https(photo, demo_provider, name):
    run = edit(
        photo,
        "--prompt",
        "x",
        "--base-url",
        f"http://{name}:{demo_provider.port}/v1",
        "--json",
        env={"RETOUCH_API_KEY": TOKEN},
    )
    assert run.returncode == 2
    assert json.loads(run.stdout)["error"]["kind"] == "bad_input"
    assert demo_provider.chat_requests == []


# --- 14. binary error bodies ------------------------------------------------------------------


def test_a_binary_error_body_is_shown_readably(photo):
    run = edit(photo, "--prompt", "[demo:binary_error] x", "--demo", "--json")
    assert run.returncode == 5
    details = json.loads(run.stdout)["error"]["details"]
    assert "bytes of binary data, starting 89 50 4e 47" in details
    assert "\ufffd" not in details and "\x00" not in details


def test_history_pages_leave_long_old_texts_out():
    from desktop_app.core.history.queries import LIST_TEXT_CHARS
    from desktop_app.core.history.store import HistoryStore

    with HistoryStore.open_default() as store:
        database = store.path
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO jobs (id, created, created_ts, prompt, ratio, model, status, text) "
            "VALUES ('a' || hex(randomblob(15)), '2026-01-01T00:00:00+00:00', 0, 'p', 'auto', "
            "'m', 'failed', ?)",
            ("x" * 3_000_000,),
        )
    with HistoryStore.open_default() as store:
        (job,) = store.list_jobs()
        assert len(job.text) == LIST_TEXT_CHARS
