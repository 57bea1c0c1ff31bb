"""``retouch-studio edit --mask FILE [--feather PX] [--no-paste-back]``: region edits.

The mask file may be any size; it is scaled to each input. Where it has transparent
pixels, they mark the area to change (OpenAI's convention); otherwise white = change,
black = keep, grey = partly. A mask that is empty, all white or unreadable stops the command
with ``bad_input`` (exit 2) before anything is sent.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from desktop_app.core.editing import DEFAULT_FEATHER, EditRequest
from desktop_app.core.errors import bad_input

MAX_FEATHER = 2000


def add_mask_options(parser: argparse.ArgumentParser) -> None:
    """The region-edit flags of ``edit``."""
    parser.add_argument(
        "--mask",
        type=Path,
        metavar="FILE",
        help="change only where the mask says (white, or transparent, = change); the rest "
        "of the picture is kept pixel for pixel at its own size",
    )
    parser.add_argument(
        "--feather",
        type=int,
        default=DEFAULT_FEATHER,
        metavar="PX",
        help=f"soft edge of the mask in the input's pixels (default {DEFAULT_FEATHER})",
    )
    parser.add_argument(
        "--no-paste-back",
        action="store_true",
        help="with --mask: keep the model's whole picture as the result instead of "
        "pasting its edit back into the original",
    )


def with_masks(requests: list[EditRequest], options: argparse.Namespace) -> list[EditRequest]:
    """``requests`` with the mask of ``--mask`` scaled to each one's first input.

    Raises:
        RetouchError: BAD_INPUT for a bad mask or feather, or an input that is no picture.
    """
    if options.mask is None:
        return requests
    if not 0 <= options.feather <= MAX_FEATHER:
        raise bad_input(
            f"--feather can be 0 to {MAX_FEATHER} pixels, not {options.feather}.",
            feather=options.feather,
        )
    from desktop_app.core.imaging.mask import load_mask
    from desktop_app.core.imaging.prep import inspect_image

    masks: dict[Path, object] = {}
    planned = []
    for request in requests:
        source = request.inputs[0]
        if source not in masks:
            info = inspect_image(source)
            masks[source] = load_mask(options.mask.expanduser(), (info.width, info.height))
        planned.append(
            dataclasses.replace(
                request,
                mask=masks[source],
                feather=options.feather,
                paste_back=not options.no_paste_back,
            )
        )
    return planned
