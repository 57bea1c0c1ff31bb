"""The window's second stage: the docks and what works with them, built after the first paint.

Nobody sees the History and Queue docks in the first second, so they (and their modules)
are built on idle time once the shell is on screen (see ``ui/window/startup_stages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.workflow.batch_wiring import BatchWiring
from desktop_app.ui.workflow.history_actions import HistoryActions
from desktop_app.ui.workflow.window_docks import WindowDocks
from desktop_app.ui.workflow.workbench import Workbench


@dataclass(frozen=True)
class SecondStage:
    """The docks, the history's actions and the batches' wiring of one window."""

    docks: WindowDocks
    history_actions: HistoryActions
    batches: BatchWiring


def build_second_stage(
    window: QMainWindow,
    bench: Workbench,
    panel: EditPanel,
    status: Callable[[str, int], None],
    thumbnails: Path,
) -> SecondStage:
    """Build the docks into ``window`` and connect the history's requests to their actions.

    ``bench`` holds the window's working parts each object is given (see the objects'
    docs); ``thumbnails`` is the folder of the history's cached thumbnails.
    """
    runner, intake, shelf, tasks = bench.runner, bench.intake, bench.shelf, bench.tasks
    docks = WindowDocks(window, runner, bench.executor, thumbnails)
    actions = HistoryActions(
        intake, panel, shelf, runner, bench.launcher, bench.masking, tasks, bench.executor
    )
    batches = BatchWiring(
        window, runner, docks, panel, intake, shelf, bench.session, bench.voice, tasks,
        bench.executor, status,
    )  # fmt: skip
    history = docks.history
    history.openRequested.connect(actions.showJob)
    history.reuseRequested.connect(actions.reuseJob)
    history.useAsInputRequested.connect(actions.useJobResult)
    history.retryRequested.connect(actions.retryJob)
    return SecondStage(docks, actions, batches)
