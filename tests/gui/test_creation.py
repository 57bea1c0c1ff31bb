"""Creating from a prompt in the window's parts: Create label, previews, the API setting."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.core.settings import ProviderProfile, Settings, with_provider_changes
from desktop_app.ui.compare.before_after_view import BeforeAfterView
from desktop_app.ui.edit.creation_wiring import CreationWiring
from desktop_app.ui.edit.edit_panel import EditPanel
from desktop_app.ui.edit.edit_runner import EditRunner
from desktop_app.ui.edit.route_options import RouteOptions
from desktop_app.ui.settings.provider_fields import ProviderFields

pytestmark = pytest.mark.gui


@pytest.fixture
def parts(qtbot, event_loop, demo_provider, tmp_path):
    settings = with_provider_changes(
        Settings(base_url=demo_provider.base_url, model="gpt-image-1", output_dir=str(tmp_path)),
        api="images",
    )
    holder = {"settings": settings}
    panel = EditPanel()
    view = BeforeAfterView()
    options = RouteOptions()
    for widget in (panel, view, options):
        qtbot.addWidget(widget)
    runner = EditRunner(lambda: holder["settings"], lambda: "sk-gui-create-123456")
    wiring = CreationWiring(panel, view, runner, options, lambda: holder["settings"])
    yield holder, panel, view, runner, options, wiring
    event_loop.run_until_complete(runner.aclose())


def test_without_a_picture_run_creates(parts):
    _, panel, view, _, options, wiring = parts
    run = panel.findChild(QPushButton, "runButton")
    assert run.text() == "Create" and run.accessibleName() == "Create a picture from the prompt"
    assert "from the prompt only" in view.beforeView().placeholderText()
    assert not options.findChild(object, "sizeEdit").isHidden()  # images route: sizes
    wiring.setHasPicture(True)
    assert run.text() == "Run"
    wiring.setHasPicture(False)
    assert run.text() == "Create"


def test_previews_show_in_the_after_view_before_the_result(
    parts, wait_until, demo_provider, event_loop
):
    _, _, view, runner, options, wiring = parts
    options.setSizeText("1024x1024")
    options.setTransparent(True)
    seen: list[tuple[str, int]] = []
    runner.progressChanged.connect(
        lambda p: p.preview and seen.append(("preview", view.afterView().image().width()))
    )
    results: list = []
    runner.succeeded.connect(results.append)
    started: list[bool] = []
    # Started from inside the loop, as a click on Create is.
    event_loop.call_soon(lambda: started.append(wiring.startCreation("a fox", "auto")))
    wait_until(lambda: results)
    assert started == [True]
    assert seen == [("preview", 256), ("preview", 256)]
    (result,) = results
    assert result.previews_received == 2 and result.api == "images"
    body = demo_provider.chat_requests[0].body
    assert body["size"] == "1024x1024" and body["background"] == "transparent"


def test_variations_on_the_chat_route_are_separate_requests(parts):
    holder, *_, wiring = parts
    holder["settings"] = with_provider_changes(holder["settings"], api="chat")
    requests = wiring.creationRequests("x", "auto", 3)
    assert len(requests) == 3 and all(r.count == 1 and r.inputs == () for r in requests)
    holder["settings"] = with_provider_changes(holder["settings"], api="images")
    (one,) = wiring.creationRequests("x", "auto", 3)
    assert one.count == 3


def test_the_api_is_a_profile_setting(qtbot):
    fields = ProviderFields()
    qtbot.addWidget(fields)
    fields.setProfile(dataclasses.replace(ProviderProfile(), api="images"))
    combo = fields.findChild(object, "apiCombo")
    assert combo.currentData() == "images" and combo.accessibleName() == "API"
    combo.setCurrentIndex(combo.findData("chat"))
    assert fields.applyTo(ProviderProfile(api="images")).api == "chat"


def test_the_size_field_is_for_the_images_route(qtbot):
    options = RouteOptions()
    qtbot.addWidget(options)
    options.setSizeText("2K")
    options.setApi("chat")
    assert options.sizeText() is None and options.background() is None
    options.setApi("images")
    options.setTransparent(True)
    assert (options.sizeText(), options.background()) == ("2K", "transparent")
    options.setSizeText("huge")
    assert "not a size" in options.sizeProblem()


def test_a_relay_refusing_stream_is_reported_for_its_profile(
    parts, wait_until, demo_provider, event_loop
):
    _, _, _, runner, _, wiring = parts
    demo_provider.inject("stream_refused")
    refused: list[str] = []
    runner.streamRefused.connect(refused.append)
    results: list = []
    runner.succeeded.connect(results.append)
    event_loop.call_soon(lambda: wiring.startCreation("a fox", "auto"))
    wait_until(lambda: results)
    assert refused == ["default"]
    assert [("stream" in r.body) for r in demo_provider.chat_requests] == [True, False]
