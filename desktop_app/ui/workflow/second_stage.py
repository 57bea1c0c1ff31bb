"""The window's second stage: the docks and what works with them, built after the first paint.

Nobody sees the History and Queue docks in the first second, so they (and their modules)
are built on idle time once the shell is on screen (see ``ui/window/startup_stages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.edit.result_shelf import ResultShelf
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.batch_wiring import BatchWiring
from desktop_app.ui.workflow.edit_launcher import EditLauncher
from desktop_app.ui.workflow.history_actions import HistoryActions
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.region_masking import RegionMasking
from desktop_app.ui.workflow.window_docks import WindowDocks
from desktop_app.ui.workflow.window_tasks import WindowTasks


@dataclass(frozen=True)
class SecondStage:
    """The docks, the history's actions and the batches' wiring of one window."""

    docks: WindowDocks
    history_actions: HistoryActions
    batches: BatchWiring


def build_second_stage(
    window: QMainWindow,
    *,
    runner: EditRunner,
    panel: EditPanel,
    intake: InputIntake,
    shelf: ResultShelf,
    session: ProviderSession,
    launcher: EditLauncher,
    masking: RegionMasking,
    voice: BannerVoice,
    tasks: WindowTasks,
    executor: Executor,
    status: Callable[[str, int], None],
    thumbnails: Path,
) -> SecondStage:
    """Build the docks into ``window`` and connect the history's requests to their actions.

    The arguments are the window's parts each object is given (see the objects' docs);
    ``thumbnails`` is the folder of the history's cached thumbnails.
    """
    docks = WindowDocks(window, runner, executor, thumbnails)
    actions = HistoryActions(intake, panel, shelf, runner, launcher, masking, tasks, executor)
    batches = BatchWiring(
        window, runner, docks, panel, intake, shelf, session, voice, tasks, executor, status
    )
    history = docks.history
    history.openRequested.connect(actions.showJob)
    history.reuseRequested.connect(actions.reuseJob)
    history.useAsInputRequested.connect(actions.useJobResult)
    history.retryRequested.connect(actions.retryJob)
    return SecondStage(docks, actions, batches)
