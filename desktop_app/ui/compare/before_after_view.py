"""The result area: original and result side by side, split, or as a difference map.

Kept in one piece for now: the modes share the panes, the captions and the zoom state;
the results strip is the next part to move out (see the README's architecture notes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QMargins,
    QModelIndex,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.common.pixmap_pyramid import PixmapPyramid, source_size
from desktop_app.ui.compare.image_view import ImageView, ViewState
from desktop_app.ui.compare.split_compare_view import SplitCompareView
from desktop_app.ui.compare.view_sync import ViewSynchroniser
from desktop_app.ui.window.window_menus import command_keys

# core.image_diff.HIGHLIGHT_RGB (a test keeps them equal): importing that module here would
# load Pillow before the window's first paint.
HIGHLIGHT_RGB = (255, 0, 170)
SIDE_BY_SIDE, SPLIT, DIFFERENCE = "side_by_side", "split", "difference"
MODES = (SIDE_BY_SIDE, SPLIT, DIFFERENCE)
_THUMB = QSize(88, 66)
_FITTED = ViewState(fitted=True, zoom=0.0, center=QPointF(0.5, 0.5))
# A segmented control drawn from palette roles, so it follows light and dark themes.
_SWITCH_STYLE = """
QTabBar#compareModeSwitch::tab {
    padding: 4px 14px; margin: 0; min-width: 0;
    border: 1px solid palette(mid); border-left: none;
    background: palette(button); color: palette(button-text);
}
QTabBar#compareModeSwitch::tab:first {
    border-left: 1px solid palette(mid);
    border-top-left-radius: 6px; border-bottom-left-radius: 6px;
}
QTabBar#compareModeSwitch::tab:last {
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}
QTabBar#compareModeSwitch::tab:selected {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QTabBar#compareModeSwitch::tab:hover:!selected { background: palette(midlight); }
QTabBar#compareModeSwitch::tab:focus { border: 2px solid palette(window-text); }
"""
_SIZE_ROLE = Qt.ItemDataRole.UserRole + 1  # a strip item's "W × H"
_STRIP_STYLE = """
QListWidget#resultStrip { background: transparent; outline: none; border: 2px solid transparent; }
QListWidget#resultStrip:focus { border: 2px solid palette(highlight); border-radius: 6px; }
"""
_THUMB_PADDING = 5


class _ThumbnailDelegate(QStyledItemDelegate):
    """Draws a result thumbnail with a rounded ring when selected; no text, no row fill."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return _THUMB.grownBy(QMargins(*(_THUMB_PADDING,) * 4))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid
            painter.setPen(QPen(option.palette.color(role), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell, 6, 6)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            pixmap = icon.pixmap(_THUMB, painter.device().devicePixelRatioF())
            size = pixmap.deviceIndependentSize()
            top_left = QRectF(option.rect).center() - QPointF(size.width(), size.height()) / 2
            painter.drawPixmap(top_left, pixmap)
            self._paint_number(painter, QRectF(top_left, size), index.row() + 1)
        painter.restore()

    @staticmethod
    def _paint_number(painter: QPainter, picture: QRectF, number: int) -> None:
        """The result's index on its thumbnail, as "Result i of n" and Ctrl+] count them."""
        text = str(number)
        metrics = painter.fontMetrics()
        chip = QRectF(picture.left() + 3, picture.bottom() - metrics.height() - 5, 0, 0)
        chip.setSize(QSizeF(metrics.horizontalAdvance(text) + 10, metrics.height() + 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 20, 170))  # on the picture: dark in every theme
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


class _Caption(QWidget):
    """A quiet caption above a view: a title and a detail such as the picture's size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel(self)
        font = QFont(self._title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self._title.setFont(font)
        self._detail = QLabel(self)
        self._detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self._detail)
        layout.addStretch(1)

    def setTitle(self, text: str) -> None:
        self._title.setText(text)

    def setDetail(self, text: str) -> None:
        self._detail.setText(text)

    def addTrailingWidget(self, widget: QWidget) -> None:
        self.layout().addWidget(widget)


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

        self._switch = self._build_switch()
        self._zoom_label = QLabel(self)
        self._zoom_label.setObjectName("zoomLabel")
        self._zoom_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._before_view = self._make_view("beforeView")
        self._after_view = self._make_view("afterView")
        self._before_caption = _Caption(self)
        self._after_caption = _Caption(self)
        self._splitter = self._build_splitter()
        self._split = SplitCompareView(self)
        self._split.setObjectName("splitCompareView")
        self._difference_view = self._make_view("differenceView")
        self._difference_caption = _Caption(self)
        self._legend = self._build_legend()
        self._difference_caption.addTrailingWidget(self._legend)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._splitter)
        self._stack.addWidget(self._split)
        self._stack.addWidget(self._pane(self._difference_caption, self._difference_view))
        self._strip = self._build_strip()
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
        self._switch.setAccessibleName(self.tr("Comparison mode"))
        self._switch.setAccessibleDescription(
            self.tr("Side by side, split or difference; {keys} switches").format(
                keys=command_keys("next_compare_mode")
            )
        )
        for index, (text, tip) in enumerate(
            (
                (self.tr("Side by side"), self.tr("Original and result next to each other")),
                (self.tr("Split"), self.tr("One picture, divided between original and result")),
                (self.tr("Difference"), self.tr("Highlight what the edit changed")),
            )
        ):
            self._switch.setTabText(index, text)
            self._switch.setTabToolTip(index, tip)
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
        self._strip.setAccessibleName(self.tr("Results"))
        self._strip.setAccessibleDescription(self.tr("Pick a result to compare with the original"))
        for index in range(self._strip.count()):
            self._word_result_item(self._strip.item(index), index)
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
        with _signals_blocked(self._strip):
            self._strip.clear()
            ratio = self.devicePixelRatioF()
            for index, image in enumerate(images):
                item = QListWidgetItem(QIcon(_thumbnail(image, ratio)), "")
                item.setData(_SIZE_ROLE, _size_text(image))
                self._word_result_item(item, index)
                self._strip.addItem(item)
            self._strip.setCurrentRow(0 if images else -1)
        self._strip.setVisible(len(images) > 1)

    def _word_result_item(self, item: QListWidgetItem, index: int) -> None:
        label = self.tr("Result {number}").format(number=index + 1)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        item.setToolTip(f"{label} · {item.data(_SIZE_ROLE)}")

    def setCurrentResult(self, index: int) -> None:
        """Highlight result ``index`` in the strip without emitting :attr:`resultSelected`."""
        with _signals_blocked(self._strip):
            self._strip.setCurrentRow(index)

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
        self._before_caption.setDetail(_size_text(self._before))
        if self._flashing and self._before is not None:
            self._after_caption.setTitle(self.tr("Original"))
            self._after_caption.setDetail(self.tr("shown while held"))
        else:
            self._after_caption.setTitle(self.tr("Result"))
            self._after_caption.setDetail(_size_text(self._after))
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

    def _on_strip_row_changed(self, row: int) -> None:
        if row >= 0:
            self.resultSelected.emit(row)

    # -- construction --------------------------------------------------------------------

    def _make_view(self, name: str) -> ImageView:
        view = ImageView(self)
        view.setObjectName(name)
        return view

    def _pane(self, caption: _Caption, view: ImageView) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(caption)
        layout.addWidget(view, 1)
        return pane

    def _build_switch(self) -> QTabBar:
        switch = QTabBar(self)
        switch.setObjectName("compareModeSwitch")
        switch.setStyleSheet(_SWITCH_STYLE)
        switch.setDrawBase(False)
        switch.setExpanding(False)
        switch.setDocumentMode(True)
        for _mode in MODES:
            switch.addTab("")  # worded in retranslateUi
        return switch

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

    def _build_strip(self) -> QListWidget:
        strip = QListWidget(self)
        strip.setObjectName("resultStrip")
        strip.setStyleSheet(_STRIP_STYLE)
        strip.setItemDelegate(_ThumbnailDelegate(strip))
        strip.setMouseTracking(True)  # hover ring
        strip.setFlow(QListView.Flow.LeftToRight)
        strip.setWrapping(False)
        strip.setMovement(QListView.Movement.Static)
        strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        strip.setIconSize(_THUMB)
        strip.setSpacing(3)
        strip.setFrameShape(QFrame.Shape.NoFrame)
        strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        strip.setFixedHeight(_THUMB.height() + 2 * _THUMB_PADDING + 8)
        strip.setVisible(False)
        strip.currentRowChanged.connect(self._on_strip_row_changed)
        return strip


@contextmanager
def _signals_blocked(widget: QWidget) -> Iterator[None]:
    """Like QSignalBlocker, which in PySide6 6.12 drops a reference to None on every use
    (enough uses crash the interpreter)."""
    was_blocked = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(was_blocked)


def _usable(image: QImage | None) -> QImage | None:
    return image if image is not None and not image.isNull() else None


def _size_text(image: QImage | None) -> str:
    """The picture's own pixel size, not its preview's (a 6000 × 4000 photo shows at 4096)."""
    if image is None:
        return ""
    width, height = source_size(image)
    return f"{width} × {height}"


def _thumbnail(image: QImage, ratio: float) -> QPixmap:
    # From the picture's smallest prepared copy that is large enough: scaling the full
    # 4096 px preview here would hold the GUI thread for tens of milliseconds per result.
    return PixmapPyramid(image).fitted_pixmap(_THUMB, ratio)
