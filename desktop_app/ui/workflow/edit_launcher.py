"""Run: check what the user asked, plan one job or a batch, and start it.

:class:`EditLauncher` turns the edit panel and the input(s) into requests for the runner,
refusing (in the banner, nothing sent) when a picture, the prompt or the ratio is missing.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Executor

from PySide6.QtCore import QCoreApplication

from desktop_app.core.edit_job import EditRequest
from desktop_app.core.errors import RetouchError
from desktop_app.core.settings import save_settings
from desktop_app.ui.edit.creation_wiring import CreationWiring
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.prompt_edit import remember_prompt
from desktop_app.ui.edit.provider_session import ProviderSession
from desktop_app.ui.workflow.banner_voice import BannerVoice
from desktop_app.ui.workflow.input_intake import InputIntake
from desktop_app.ui.workflow.region_masking import RegionMasking
from desktop_app.ui.workflow.window_tasks import WindowTasks

# lupdate reads ``translate("MainWindow", …)``: these texts keep the window's context.
translate = QCoreApplication.translate


class EditLauncher:
    """Starts the window's edits.

    Args:
        panel: the prompt, ratio, variations and "together" the user chose; shows the status.
        intake: the input on show and the pictures the next Run edits.
        masking: the painted region, added to a run on the Before picture.
        creation: creates from the prompt when there is no picture; size and background.
        runner: runs the job or the batch.
        session: the settings, where the prompt is remembered.
        voice: refusals and planning errors.
        tasks: saves the settings off the GUI thread.
        executor: where the settings file is written.
    """

    def __init__(
        self,
        panel: EditPanel,
        intake: InputIntake,
        masking: RegionMasking,
        creation: CreationWiring,
        runner: EditRunner,
        session: ProviderSession,
        voice: BannerVoice,
        tasks: WindowTasks,
        executor: Executor,
    ) -> None:
        self._panel = panel
        self._intake = intake
        self._masking = masking
        self._creation = creation
        self._preparing = False
        self._runner = runner
        self._session = session
        self._voice = voice
        self._tasks = tasks
        self._executor = executor

    def start(self) -> None:
        """Run with what the panel holds: one job, or a batch for several pictures/variations."""
        if self._runner.isBusy() or self._preparing:
            return
        picture = self._intake.current()
        prompt = self._panel.prompt.text().strip()
        if not prompt:
            self._voice.refuse(
                lambda: translate("MainWindow", "Describe the change you want in the prompt box."),
                problem="no_prompt",
            )
            return
        if not self._panel.ratio.hasValidRatio():
            self._voice.refuse(self._ratio_problem)
            return
        problem = self._panel.routeOptions.sizeProblem()
        if problem:
            self._voice.refuse(lambda: problem)
            return
        ratio = self._panel.ratio.ratio()
        self._remember(prompt)
        variations = self._panel.variations.value()
        inputs = self._intake.batchInputs() or ([picture.path] if picture else [])
        if not inputs:  # no picture (none dropped still loading either): create from the prompt
            self._voice.clear()
            if self._creation.startCreation(prompt, ratio, variations):
                self._panel.status.begin()
            return
        together = self._panel.together.isChecked() and len(inputs) > 1
        options = self._creation.requestOptions()  # size and background
        if len(inputs) == 1 and variations == 1:
            requests = [EditRequest(inputs=(inputs[0],), prompt=prompt, ratio=ratio, **options)]
        else:
            from desktop_app.core.batch import plan_requests

            try:
                requests = [
                    dataclasses.replace(request, **options)
                    for request in plan_requests(
                        inputs, prompt, ratio, variations=variations, together=together
                    )
                ]
            except RetouchError as error:  # e.g. more than 4 pictures together
                self._voice.showError(error)
                return
        if self._masking.hasMask():
            self._preparing = True  # a second Run while the mask is assembled does nothing
            self._tasks.spawn(self._launch_with_mask(requests))
        else:
            self._launch(requests)

    async def _launch_with_mask(self, requests: list[EditRequest]) -> None:
        try:
            requests = await self._masking.withMask(requests)
        finally:
            self._preparing = False
        self._launch(requests)

    def _launch(self, requests: list[EditRequest]) -> None:
        if len(requests) == 1:
            self.run(requests[0])
            return
        self._voice.clear()
        self._runner.startBatch(requests)

    def run(self, request: EditRequest) -> None:
        """Start one job for ``request``."""
        self._voice.clear()
        if self._runner.start(request):
            self._panel.status.begin()

    def retry(self) -> None:
        """Try again: the last request once more."""
        request = self._runner.lastRequest()
        if request is not None:
            self.run(request)

    def _ratio_problem(self) -> str:
        try:
            self._panel.ratio.ratio()
        except ValueError as problem:  # the picker words it in the current language
            return str(problem)
        return ""

    def _remember(self, prompt: str) -> None:
        settings = dataclasses.replace(
            self._session.settings(),
            recent_prompts=remember_prompt(self._session.settings().recent_prompts, prompt),
        )
        self._session.setSettings(settings)
        self._panel.prompt.setRecentPrompts(settings.recent_prompts)
        self._tasks.spawnInExecutor(self._executor, save_settings, settings)
