"""``retouch-studio create``: a picture from a prompt alone, and the picture options of ``edit``.

A contract scripts rely on, like ``edit`` (same exit codes, same ``--json`` shape)::

    retouch-studio create --prompt TEXT [--ratio R] [--size S] [--quality Q] [--background B]
                          [--variations N] [--output DIR] [--api chat|images] [--json] [--demo]

Results go to ``--output`` or the current folder as ``retouch-<YYYYmmdd-HHMMSS>-<n>.<ext>``,
never overwriting. On the images route ``--variations N`` is one request asking for N
pictures (``n``); on the chat route it is N requests, reported like ``edit``'s batches.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.edit_job import EditRequest
from desktop_app.core.errors import bad_input

log = logging.getLogger(__name__)

API_CHOICES = ("chat", "images")


def add_picture_options(parser: argparse.ArgumentParser) -> None:
    """The options ``edit`` and ``create`` share: route, size, quality, background."""
    parser.add_argument(
        "--api",
        choices=API_CHOICES,
        help="chat (/chat/completions) or images (the Images API); default from the profile "
        "or RETOUCH_API",
    )
    parser.add_argument(
        "--size", metavar="S", help="WxH (e.g. 1920x1080), 1K, 2K, 4K (with --ratio) or auto"
    )
    parser.add_argument("--quality", metavar="Q", help="low, medium, high or auto (images API)")
    parser.add_argument(
        "--background",
        choices=("transparent", "opaque", "auto"),
        help="transparent gives an RGBA PNG (on the chat route a key colour is removed)",
    )
    parser.add_argument(
        "--key-colour",
        choices=("green", "magenta"),
        default="green",
        help="the flat colour the chat route asks for behind a transparent subject",
    )


def build_create_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retouch-studio create",
        description="Create a picture from a prompt alone, without the window.",
        epilog="The token comes from RETOUCH_API_KEY or the system keyring; --demo needs none.",
    )
    parser.add_argument("--prompt", required=True, help="what to create, in any language")
    parser.add_argument("--ratio", default="auto", help="auto (default) or W:H, e.g. 16:9")
    add_picture_options(parser)
    parser.add_argument(
        "--variations",
        type=int,
        default=1,
        metavar="N",
        help="how many pictures (1-10, default 1)",
    )
    parser.add_argument(
        "--output", type=Path, metavar="DIR", help="folder for results (default: this one)"
    )
    parser.add_argument("--model", help="model id (default from settings)")
    parser.add_argument("--base-url", help="provider base URL (https://, or http:// to loopback)")
    parser.add_argument(
        "--timeout", type=float, metavar="S", help="seconds to wait for the model (default 300)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=2, metavar="N", help="requests at once (chat route)"
    )
    add_run_options(parser)
    return parser


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options every headless command that makes pictures ends with."""
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in offline demo provider (no token, no network)",
    )
    parser.add_argument("--verbose", action="store_true", help="log details to stderr")


def effective_api(options: argparse.Namespace) -> str:
    """The route a command will use: ``--api``, else ``RETOUCH_API``, else the profile's."""
    if options.api:
        return options.api
    from desktop_app.core.settings import load_settings

    return load_settings().provider.api


def plan_creations(options: argparse.Namespace) -> list[EditRequest]:
    """The requests of a ``create`` command line.

    Raises:
        RetouchError: BAD_INPUT for impossible flags.
    """
    if not 1 <= options.pictures <= 10:
        raise bad_input(f"Variations can be 1 to 10, not {options.pictures}.")
    one_request = options.api_in_use == "images"
    request = EditRequest(
        inputs=(),
        prompt=options.prompt,
        ratio=options.ratio,
        output_dir=(options.output or Path.cwd()).expanduser().resolve(),
        size=options.size,
        quality=options.quality,
        background=options.background,
        key_colour=options.key_colour,
        count=options.pictures if one_request else 1,
    )
    return [request] * (1 if one_request else options.pictures)


def parse_create_options(argv: Sequence[str]) -> argparse.Namespace:
    """``create``'s arguments, completed so ``edit``'s runner (one job or a batch) takes them."""
    options = build_create_parser().parse_args(list(argv))
    options.api_in_use = effective_api(options)
    # ``edit``'s machinery counts jobs from these: one group, N jobs on the chat route.
    options.inputs, options.together = [], True
    options.pictures = options.variations
    if options.api_in_use == "images":
        options.variations = 1
    return options


def remember_stream_refused(profile: str) -> None:
    """Store ``stream = false`` for ``profile`` in the settings file (as saved, no overrides)."""
    from desktop_app.core.settings import (
        Settings,
        save_settings,
        settings_path,
        switch_profile,
        with_provider_changes,
    )

    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        stored = Settings.from_json(raw if isinstance(raw, dict) else {})
        if profile not in stored.profiles:
            return
        active = stored.active_profile
        changed = with_provider_changes(switch_profile(stored, profile), stream=False)
        save_settings(switch_profile(changed, active))
    except (OSError, ValueError) as exc:
        log.warning("could not remember that the relay refuses streaming: %s", exc)
