"""Commands and drops that come before what they act on: taken early, run once it is built.

The window's menus and its drop target are part of its shell, on screen with the first
frame; what they act on (the views, the runner, the results) is built right after it. A
command chosen in between (a shortcut pressed as the window appears) or a picture dropped
then is not lost: it waits for the start-up to finish and then runs, once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QDropEvent

from desktop_app.ui.window.window_menus import MenuHandlers

if TYPE_CHECKING:
    from desktop_app.ui.common.mime_inputs import OfferedInput


def waiting_handlers(
    current: Callable[[], MenuHandlers | None],
    when_ready: Callable[[Callable[[], object]], None],
) -> MenuHandlers:
    """Handlers that call ``current()``'s, or, while it is None, queue the call with
    ``when_ready`` (which runs it once the start-up is done)."""

    def command(name: str) -> Callable[..., None]:
        def run(*args: Any) -> None:
            if (handlers := current()) is not None:
                getattr(handlers, name)(*args)
            else:
                when_ready(lambda: getattr(current(), name)(*args))

        return run

    fields = dataclasses.fields(MenuHandlers)
    return MenuHandlers(**{field.name: command(field.name) for field in fields})


def offer_in(event: QDropEvent) -> OfferedInput:
    """What a drag or drop brings (the window's intake reads it once it exists)."""
    from desktop_app.ui.common.mime_inputs import offered_input  # rarely needed this early

    return offered_input(event.mimeData())
