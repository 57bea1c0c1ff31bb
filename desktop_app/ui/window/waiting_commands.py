"""Menu commands that exist before what they command: chosen early, run once it is built.

The window's menus are part of its shell, on screen with the first frame; what their
commands act on (the views, the runner, the results) is built right after it. A command
chosen in between (a shortcut pressed as the window appears) is not lost: it waits for the
start-up to finish and then runs, once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from desktop_app.ui.window.window_menus import MenuHandlers


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
