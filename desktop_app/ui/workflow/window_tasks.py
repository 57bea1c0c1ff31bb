"""The window's coroutines on the asyncio loop: started, guarded and cancelled together.

Every picture load, save and export the window starts runs through :class:`WindowTasks`, so
a :class:`RetouchError` (or anything unexpected) becomes the banner instead of a crash, and
shutting down cancels whatever is still running.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any

from desktop_app.core.errors import ErrorKind, RetouchError, unexpected

log = logging.getLogger(__name__)


class WindowTasks:
    """Runs the window's coroutines and reports their failures.

    Args:
        on_error: shows a failure to the user (the window's banner).
    """

    def __init__(self, on_error: Callable[[RetouchError], None]) -> None:
        self._on_error = on_error
        self._tasks: set[asyncio.Future[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
        """Run ``coroutine`` on the loop; its RetouchError becomes the banner, never a crash."""
        task = asyncio.ensure_future(self._guarded(coroutine))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # A task cancelled before it ran (window closed at once) never starts ``coroutine``;
        # closing it says so instead of a "never awaited" warning.
        task.add_done_callback(lambda _: coroutine.close())
        return task

    def spawnInExecutor(
        self, executor: Executor, function: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        """Run ``function(*args)`` in ``executor`` (disk work), reported as :meth:`spawn` does."""

        async def off_the_gui_thread() -> Any:
            return await asyncio.get_running_loop().run_in_executor(executor, function, *args)

        return self.spawn(off_the_gui_thread())

    async def aclose(self) -> None:
        """Cancel every task still running and wait for them to end."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _guarded(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await coroutine
        except RetouchError as error:
            self._on_error(error)
        except Exception as exc:
            log.exception("unexpected failure in the window")
            self._on_error(unexpected(exc, ErrorKind.BAD_INPUT))
        return None
