"""The result area: original and result side by side, split, or as a difference map.

The mode switch (``mode_switch.py``), the captions (``pane_caption.py``) and the strip of
results (``result_strip.py``) are widgets of their own; the modes share the panes and the
zoom state here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.compare.image_view import ImageView, ViewState
from desktop_app.ui.compare.mode_switch import (
    DIFFERENCE,
    MODES,
    SPLIT,
    CompareModeSwitch,
)
from desktop_app.ui.compare.pane_caption import PaneCaption, size_text
from desktop_app.ui.compare.result_strip import ResultStrip
from desktop_app.ui.compare.split_compare_view import SplitCompareView
from desktop_app.ui.compare.view_sync import ViewSynchroniser
from desktop_app.ui.window.window_menus import command_keys

# core.image_diff.HIGHLIGHT_RGB (a test keeps them equal): importing that module here would
# load Pillow before the window's first paint.
HIGHLIGHT_RGB = (255, 0, 170)
_FITTED = ViewState(fitted=True, zoom=0.0, center=QPointF(0.5, 0.5))


class BeforeAfterView(QWidget):
    """Compares the original with the result in three modes, plus a strip of results.

    The widget is a vertical stack: :meth:`overlayLayout` (empty, for banners such as an
    error message, which then sit above the comparison and push it down), the mode switch
    (objectName ``compareModeSwitch``), the views, and the result strip (``resultStrip``).

    The difference map is computed by the caller off the GUI thread (``core.image_diff``):
    :attr:`differenceRequested` asks for it, :meth:`setDifference` delivers it. Requests are
    coalesced to one per event-loop turn, so ``setBefore`` + ``setAfter`` ask once.

    All views (side-by-side pair, split view, difference view) share zoom and pan through a
    :class:`ViewSynchroniser`, so switching modes keeps the spot the user was looking at.

    Signals:
        differenceRequested(): Difference mode is shown with both pictures but no map yet.
        resultSelected(int): The user picked a result in the strip (index into setResults).
        modeChanged(str): The mode changed ("side_by_side", "split" or "difference").
        zoomChanged(float): Zoom factor of the visible mode (1.0 = 100 %).
    """

    differenceRequested = Signal()
    resultSelected = Signal(int)
    modeChanged = Signal(str)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before: QImage | None = None
        self._after: QImage | None = None
        self._overlay: QImage | None = None
        self._changed_fraction: float | None = None
        self._flashing = False
        self._difference_asked = False
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(0)
        self._request_timer.timeout.connect(self._request_difference_if_needed)

        self._switch = CompareModeSwitch(self)
        self._zoom_label = QLabel(self)
        self._zoom_label.setObjectName("zoomLabel")
        self._zoom_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._before_view = self._make_view("beforeView")
        self._after_view = self._make_view("afterView")
        self._before_caption = PaneCaption(self)
        self._after_caption = PaneCaption(self)
        self._splitter = self._build_splitter()
        self._split = SplitCompareView(self)
        self._split.setObjectName("splitCompareView")
        self._difference_view = self._make_view("differenceView")
        self._difference_caption = PaneCaption(self)
        self._legend = self._build_legend()
        self._difference_caption.addTrailingWidget(self._legend)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._splitter)
        self._stack.addWidget(self._split)
        self._stack.addWidget(self._pane(self._difference_caption, self._difference_view))
        self._strip = ResultStrip(self)
        self._strip.resultSelected.connect(self.resultSelected)
        self._overlay_layout = QVBoxLayout()
        self._overlay_layout.setContentsMargins(0, 0, 0, 0)
        self._overlay_layout.setSpacing(6)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self._switch)
        header.addStretch(1)
        header.addWidget(self._zoom_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._overlay_layout)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._strip)

        self._switch.currentChanged.connect(self._on_mode_changed)
        self._sync = ViewSynchroniser(self)
        for view in self._all_views():
            self._sync.add(view)
            view.zoomChanged.connect(self._on_view_zoom_changed)
        self.retranslateUi()
        self._on_view_zoom_changed()

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._zoom_label.setToolTip(self.tr("Zoom. Double-click the picture for fit or 100 %."))
        self._splitter.setAccessibleName(self.tr("Original and result side by side"))
        for view, name, description in (
            (
                self._before_view,
                self.tr("Original picture"),
                self.tr("The picture to edit. Scroll or use the zoom keys; drag to pan."),
            ),
            (
                self._after_view,
                self.tr("Result picture"),
                self.tr("The edited picture. Hold {key} to see the original here.").format(
                    key=QKeySequence("Space").toString(QKeySequence.SequenceFormat.NativeText)
                ),
            ),
            (
                self._difference_view,
                self.tr("Difference between original and result"),
                self.tr("The result with the areas the edit changed highlighted"),
            ),
        ):
            view.setAccessibleName(name)
            view.setAccessibleDescription(description)
        self._before_view.setPlaceholderText(
            self.tr("Drop a picture here\nor paste ({paste}) or open one ({open})").format(
                paste=command_keys("paste"), open=command_keys("open")
            )
        )
        self._after_view.setPlaceholderText(self.tr("The result appears here"))
        self._before_caption.setTitle(self.tr("Original"))
        self._difference_caption.setTitle(self.tr("Difference"))
        self._legend.setText(
            f'<span style="color: rgb{HIGHLIGHT_RGB}">■</span> ' + self.tr("changed areas")
        )
        self._update_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def focusChain(self) -> list[QWidget]:
        """The mode switch, the views and the results strip, in keyboard order."""
        return [
            self._switch,
            self._before_view,
            self._after_view,
            self._split.imageView(),
            self._split.slider(),
            self._difference_view,
            self._strip,
        ]

    # -- pictures ------------------------------------------------------------------------

    def setBefore(self, image: QImage | None) -> None:
        """Show a new original; every view fits it and the difference map is dropped."""
        self._before = _usable(image)
        self._clear_difference()
        self._before_view.setImage(self._before)
        self._split.setBefore(self._before)
        self._show_after_pictures(keep_view=True)
        for view in self._all_views():
            view.setViewState(_FITTED)
        self._update_texts()
        self._on_view_zoom_changed()
        self._schedule_difference_request()

    def setAfter(self, image: QImage | None) -> None:
        """Show a new result, keeping zoom and pan; the difference map is dropped."""
        self._after = _usable(image)
        self._clear_difference()
        self._show_after_pictures(keep_view=True)
        self._update_texts()
        self._on_view_zoom_changed()
        self._schedule_difference_request()

    def setDifference(self, overlay: QImage | None, changed_fraction: float | None) -> None:
        """Show the difference map for the current pictures (None: there is none yet).

        The caller makes sure the map belongs to the current pictures (they may have changed
        while it was computed); a map smaller than the result is fine, views are normalised.
        """
        self._overlay = _usable(overlay)
        self._changed_fraction = changed_fraction if self._overlay is not None else None
        self._difference_asked = self._overlay is not None
        self._show_after_pictures(keep_view=True)
        self._update_texts()
        self._on_view_zoom_changed()

    def flashOriginal(self, on: bool) -> None:
        """While ``on``, show the original wherever the result is (hold Space to compare)."""
        if on == self._flashing:
            return
        self._flashing = on
        self._show_after_pictures(keep_view=True)
        self._update_texts()

    def setResultDragFile(self, path: Path | None) -> None:
        """Let the result be dragged out of the app as the file ``path``."""
        self._after_view.setDragFile(path)

    def beforeView(self) -> ImageView:
        return self._before_view

    def afterView(self) -> ImageView:
        return self._after_view

    def differenceView(self) -> ImageView:
        return self._difference_view

    def splitView(self) -> SplitCompareView:
        return self._split

    def overlayLayout(self) -> QVBoxLayout:
        """Layout above the comparison for banners; widgets added here push the views down."""
        return self._overlay_layout

    # -- results strip -------------------------------------------------------------------

    def setResults(self, images: list[QImage]) -> None:
        """Offer several results as thumbnails; the strip hides for one result or none."""
        self._strip.setResults(images)

    def setCurrentResult(self, index: int) -> None:
        """Highlight result ``index`` in the strip without emitting :attr:`resultSelected`."""
        self._strip.setCurrentResult(index)

    # -- modes and zoom ------------------------------------------------------------------

    def mode(self) -> str:
        return MODES[self._stack.currentIndex()]

    def setMode(self, mode: str) -> None:
        """Switch to "side_by_side", "split" or "difference".

        Raises:
            ValueError: For any other mode.
        """
        if mode not in MODES:
            raise ValueError(f"unknown compare mode: {mode!r}")
        self._switch.setCurrentIndex(MODES.index(mode))

    def showNextMode(self) -> None:
        """Side by side → split → difference → side by side."""
        self.setMode(MODES[(MODES.index(self.mode()) + 1) % len(MODES)])

    def zoomIn(self) -> None:
        self._visible_view().zoomIn()

    def zoomOut(self) -> None:
        self._visible_view().zoomOut()

    def zoomToFit(self) -> None:
        self._visible_view().zoomToFit()

    def zoomToActualSize(self) -> None:
        self._visible_view().zoomToActualSize()

    # -- internals -----------------------------------------------------------------------

    def _all_views(self) -> tuple[ImageView, ...]:
        return (
            self._before_view,
            self._after_view,
            self._split.imageView(),
            self._difference_view,
        )

    def _visible_view(self) -> ImageView:
        mode = self.mode()
        if mode == SPLIT:
            return self._split.imageView()
        if mode == DIFFERENCE:
            return self._difference_view
        return self._before_view if self._before_view.hasFocus() else self._after_view

    def _on_mode_changed(self, index: int) -> None:
        previous = self._visible_view()
        self._stack.setCurrentIndex(index)
        current = self._visible_view()
        if previous is not current and previous.image() is not None:
            # The page was hidden and may have had a stale size: align it now it is laid out.
            current.setViewState(previous.viewState())
        self._on_view_zoom_changed()
        self.modeChanged.emit(self.mode())
        self._schedule_difference_request()

    def _show_after_pictures(self, *, keep_view: bool) -> None:
        shown = self._before if self._flashing and self._before is not None else self._after
        reference = self._before_view.viewState()
        # Without a result yet, Split and Difference show the original: a picture just
        # opened is seen in any mode, not an empty view.
        only_before = self._after is None and self._before is not None
        difference = self._before if self._flashing or only_before else self._overlay
        for view, image in ((self._after_view, shown), (self._difference_view, difference)):
            had_image = view.image() is not None
            view.setImage(image, keep_view=keep_view)
            if not had_image and image is not None:
                view.setViewState(reference)  # first picture here: join the others
        split_view = self._split.imageView()
        had_split = split_view.image() is not None
        self._split.setBeforeOnly(self._flashing or only_before)
        self._split.setAfter(self._before if only_before else self._after, keep_view=keep_view)
        if not had_split and split_view.image() is not None:
            split_view.setViewState(reference)

    def _clear_difference(self) -> None:
        self._overlay = None
        self._changed_fraction = None
        self._difference_asked = False

    def _schedule_difference_request(self) -> None:
        if self.mode() == DIFFERENCE:
            self._request_timer.start()

    def _request_difference_if_needed(self) -> None:
        needed = self._before is not None and self._after is not None and self._overlay is None
        if self.mode() == DIFFERENCE and needed and not self._difference_asked:
            self._difference_asked = True
            self._update_texts()
            self.differenceRequested.emit()

    def _update_texts(self) -> None:
        self._before_caption.setDetail(size_text(self._before))
        if self._flashing and self._before is not None:
            self._after_caption.setTitle(self.tr("Original"))
            self._after_caption.setDetail(self.tr("shown while held"))
        else:
            self._after_caption.setTitle(self.tr("Result"))
            self._after_caption.setDetail(size_text(self._after))
        self._difference_caption.setDetail(self._changed_text())
        if self._before is None or self._after is None:
            placeholder = self.tr("The difference appears once there is a result")
            if self._before is not None:  # the original is on show meanwhile: say why
                self._difference_caption.setDetail(placeholder)
        elif self._difference_asked:
            placeholder = self.tr("Comparing…")
        else:
            placeholder = self.tr("No difference map yet")
        self._difference_view.setPlaceholderText(placeholder)

    def _changed_text(self) -> str:
        fraction = self._changed_fraction
        if fraction is None or self._overlay is None:
            return ""
        if fraction <= 0:
            return self.tr("No visible change")
        if fraction < 0.01:
            return self.tr("Less than 1 % of the picture changed")
        return self.tr("{percent} % of the picture changed").format(percent=round(fraction * 100))

    def _on_view_zoom_changed(self) -> None:
        view = self._visible_view()
        if view.image() is None:
            self._zoom_label.clear()
            return
        zoom = view.zoomFactor()
        percent = zoom * 100
        self._zoom_label.setText(f"{percent:.0f} %" if percent >= 10 else f"{percent:.1f} %")
        self.zoomChanged.emit(zoom)

    # -- construction --------------------------------------------------------------------

    def _make_view(self, name: str) -> ImageView:
        view = ImageView(self)
        view.setObjectName(name)
        return view

    def _pane(self, caption: PaneCaption, view: ImageView) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(caption)
        layout.addWidget(view, 1)
        return pane

    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("beforeAfterSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(12)
        for index, pane in enumerate(
            (
                self._pane(self._before_caption, self._before_view),
                self._pane(self._after_caption, self._after_view),
            )
        ):
            # Ignore the captions' widths: both halves start equal, so both pictures fit
            # at the same size and read as a pair.
            pane.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            splitter.addWidget(pane)
            splitter.setStretchFactor(index, 1)
        splitter.setSizes([100_000, 100_000])  # scaled down to the real width, equally
        return splitter

    def _build_legend(self) -> QLabel:
        legend = QLabel(self)
        legend.setObjectName("differenceLegend")
        legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return legend


def _usable(image: QImage | None) -> QImage | None:
    return image if image is not None and not image.isNull() else None
