"""``retouch-studio token``: keep the API token in the system keyring from a terminal.

    retouch-studio token set    [--profile NAME]   hidden prompt on a terminal, else stdin
    retouch-studio token status [--profile NAME]   profile, token source (masked), keyring health
    retouch-studio token clear  [--profile NAME]

The token is never accepted as an argument: it would stay in the shell history and show in
the process list. ``--profile`` defaults to the active profile of the settings.
Exit codes: 0 done, 2 usage or nothing to save, 3 the keyring cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from desktop_app.core.errors import RetouchError
from desktop_app.core.redaction import RedactingFilter, mask_for_display
from desktop_app.core.secrets.credentials import (
    ENV_TOKEN,
    KeyringUnavailableError,
    delete_token,
    find_token,
    keyring_status,
    read_keyring_token,
    store_token,
)
from desktop_app.core.settings import Settings, load_settings

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_KEYRING = 3
EXIT_INTERRUPTED = 130


def build_token_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retouch-studio token",
        description="Save, check or remove the API token kept in the system keyring.",
        epilog="RETOUCH_API_KEY, when set, overrides the saved token for that process.",
    )
    profile_help = "provider profile (default: the active one in Settings)"
    parser.add_argument("--profile", metavar="NAME", help=profile_help)
    # Also accepted after the action; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help=profile_help)
    actions = parser.add_subparsers(dest="action", required=True, metavar="{set,status,clear}")
    setter = actions.add_parser(
        "set",
        parents=[common],
        help="save or replace the token (typed at a hidden prompt, or piped on stdin)",
        description="Save or replace the token. On a terminal it is asked for without "
        "echo; otherwise it is read from stdin, e.g. `pass show relay | retouch-studio "
        "token set`. It is never taken from the command line.",
    )
    setter.add_argument("stray", nargs="*", help=argparse.SUPPRESS)
    actions.add_parser("status", parents=[common], help="where the token comes from (masked)")
    actions.add_parser("clear", parents=[common], help="remove the saved token")
    return parser


def run_token_command(
    argv: Sequence[str],
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``token ...`` (``argv`` without the word ``token``); returns the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    _configure_logging(err)
    try:
        options = build_token_parser().parse_args(list(argv))
    except SystemExit as exc:  # --help or a usage error, already printed by argparse
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    settings = load_settings()
    profile = options.profile or settings.active_profile
    try:
        if options.action == "set":
            if options.stray:
                err.write(
                    "error: the token is never taken from the command line (it would stay in "
                    "your shell history). Run `retouch-studio token set` and type it at the "
                    "prompt, or pipe it in.\n"
                )
                return EXIT_USAGE
            if profile not in settings.profiles:
                names = ", ".join(settings.profiles)
                err.write(f"error: there is no profile “{profile}” (profiles: {names}).\n")
                return EXIT_USAGE
            return _set(profile, stdin or sys.stdin, out, err)
        if options.action == "status":
            return _status(profile, settings, out)
        return _clear(profile, out, err)
    except KeyringUnavailableError as error:
        err.write(f"error: {error.message}\n")
        if options.action == "set":
            err.write(f"hint: set {ENV_TOKEN} in the environment to use a token without it.\n")
        return EXIT_KEYRING
    except KeyboardInterrupt:
        err.write("\ninterrupted; nothing was changed\n")
        return EXIT_INTERRUPTED


def _configure_logging(stream: TextIO) -> None:
    """Warnings to ``stream``, redacted; left alone when the host process set up logging."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _read_secret(stdin: TextIO, profile: str) -> str:
    if stdin.isatty():
        return getpass.getpass(f"API token for profile “{profile}” (input hidden): ")
    return stdin.read()


def _set(profile: str, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    try:
        token = _read_secret(stdin, profile).strip()
    except EOFError:
        token = ""
    if not token:
        err.write("error: no token was given; nothing was saved.\n")
        return EXIT_USAGE
    try:
        store_token(token, profile)
    except KeyringUnavailableError:
        raise  # exit code 3, reported by the caller
    except RetouchError as error:  # an empty token or one with spaces
        err.write(f"error: {error.message}\n")
        return EXIT_USAGE
    backend = keyring_status().backend
    out.write(
        f"Saved the token of profile “{profile}” in the system keyring ({backend}): "
        f"{mask_for_display(token)}\n"
    )
    _warn_if_overridden(err)
    return EXIT_OK


def _status(profile: str, settings: Settings, out: TextIO) -> int:
    lookup = find_token(profile)
    health = keyring_status()
    if lookup.source == "environment":
        token_line = f"environment, {ENV_TOKEN} ({mask_for_display(lookup.token or '')})"
        stored = read_keyring_token(profile) if health.usable else None
        if stored is not None and stored.token:
            token_line += " (a saved keyring token is not used while it is set)"
    elif lookup.token:
        token_line = f"{lookup.source} ({mask_for_display(lookup.token)})"
    else:
        token_line = "none (run `retouch-studio token set`)"
    keyring_line = (
        f"{health.backend}, working" if health.usable else f"not usable: {health.problem}"
    )
    provider = settings.profiles.get(profile)
    active = " (active)" if profile == settings.active_profile else ""
    lines = [
        ("Profile", f"{profile}{active}" if provider else f"{profile} (not in Settings)"),
        ("Provider", settings.base_url if active else provider.base_url if provider else "—"),
        ("Token", token_line),
        ("Keyring", keyring_line),
    ]
    out.writelines(f"{label + ':':<10}{value}\n" for label, value in lines)
    return EXIT_OK


def _clear(profile: str, out: TextIO, err: TextIO) -> int:
    if delete_token(profile):
        out.write(f"Removed the token of profile “{profile}” from the system keyring.\n")
    else:
        out.write(f"No token was saved for profile “{profile}”; nothing to remove.\n")
    _warn_if_overridden(err)
    return EXIT_OK


def _warn_if_overridden(err: TextIO) -> None:
    if os.environ.get(ENV_TOKEN, "").strip():
        err.write(f"note: {ENV_TOKEN} is set here and overrides the saved token.\n")
