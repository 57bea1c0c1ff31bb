"""Two-stage start-up: the shell on screen first, the rest after the first paint.

The window shows its shell (menus, the edit panel, the empty views with their placeholder
text) at once. What nobody sees in the first second (the docks, the demo relay, the keyring
check) is built after the first frame is painted, one step per turn of the event loop, on
its idle time: each step waits for a timer of :data:`IDLE_MS`, so a click, a drop or a call
posted by another part goes before the next step and waits at most for the one running. A
command that needs a part of the second stage waits for it: :meth:`StartupStages.whenReady`
queues it and runs it, in order, as soon as the stage is done; nothing clicked early is lost
or inert.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.ui.window.first_paint import when_exposed

# A zero-delay call would queue the step behind what is already waiting but ahead of
# anything posted after it; a timer only fires once the loop has handled what was there.
IDLE_MS = 1


class StartupStages(QObject):
    """Runs the second stage of ``window``'s start-up on idle time.

    Args:
        window: the main window (also the parent).
        steps: the second stage, in order; each runs in its own turn of the event loop.

    Signals:
        finished(): every step ran and the queued commands with it.
    """

    finished = Signal()

    def __init__(self, window: QWidget, steps: Sequence[Callable[[], object]]) -> None:
        super().__init__(window)
        self._window = window
        self._steps = deque(steps)
        self._waiting: list[Callable[[], object]] = []
        self._started = False
        self._stepping = False
        self._announced = False

    def start(self) -> None:
        """Begin once the window's first frame is painted (a second call does nothing)."""
        if not self._started:
            self._started = True
            when_exposed(self._window, self._soon)

    def isFinished(self) -> bool:
        return not self._steps and not self._stepping

    def whenReady(self, command: Callable[[], object]) -> None:
        """Run ``command`` now if the second stage is done, else as soon as it is."""
        if not self._started:  # never shown (a test, a script): no first paint to wait for
            self.finishNow()
        if self.isFinished():
            command()
        else:
            self._waiting.append(command)

    def finishNow(self) -> None:
        """Run the remaining steps at once (something asked for a part of the second stage)."""
        if self._stepping:  # a step asked: the rest follows on the loop as planned
            return
        while self._steps:
            self._run(self._steps.popleft())
        self._finish()

    def abandon(self) -> None:
        """Drop the steps not run yet and the commands waiting for them (the window closed
        before it finished starting: nothing is left to build them for)."""
        self._steps.clear()
        self._waiting.clear()

    def _soon(self) -> None:
        QTimer.singleShot(IDLE_MS, self._next)

    def _next(self) -> None:
        if self._steps:
            self._run(self._steps.popleft())
        if self._steps:
            self._soon()
        else:
            self._finish()

    def _run(self, step: Callable[[], object]) -> None:
        self._stepping = True
        try:
            step()
        finally:
            self._stepping = False

    def _finish(self) -> None:
        while self._waiting:  # in the order they came; one may queue another
            self._waiting.pop(0)()
        if not self._announced:
            self._announced = True
            self.finished.emit()
