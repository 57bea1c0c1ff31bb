"""The mask toolbar: paint where an edit may change the picture, on the Before view.

The window composes one :class:`MaskToolbar`, passing it the Before view; the toolbar adds
its overlay to that view and paints with the mouse there while ``maskButton`` is on. For a
run the window asks :meth:`MaskToolbar.mask_image` (a Pillow ``L`` image at the source's
pixel size, 255 change, 0 keep; None without a mask), :meth:`~MaskToolbar.feather` and
:meth:`~MaskToolbar.keep_outside`; Reuse gives them back with :meth:`~MaskToolbar.restore`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.compare.image_view import ImageView
from desktop_app.ui.mask.mask_document import MaskDocument
from desktop_app.ui.mask.mask_overlay import MaskOverlayItem
from desktop_app.ui.mask.mask_painter import MaskPainter, MaskTool
from desktop_app.ui.mask.mask_tiles import MaskState

if TYPE_CHECKING:
    from PIL import Image

MAX_BRUSH = 2500  # a 4000 px brush costs ~6 ms a mouse move on 24 MP; rectangles are cheaper
MAX_FEATHER = 1000
DEFAULT_FEATHER = 16
_BRUSH_STEP = 1.25  # [ and ] shrink and grow the brush by a quarter, like image editors
# Mask mode changes what a drag on the picture does: make "on" impossible to miss.
_STYLE = """
QToolButton#maskButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border: 1px solid palette(highlight); border-radius: 4px;
}
"""
_TOOL_NAMES = {
    MaskTool.BRUSH: "maskBrushTool",
    MaskTool.ERASER: "maskEraserTool",
    MaskTool.RECTANGLE: "maskRectangleTool",
    MaskTool.LASSO: "maskLassoTool",
}


def default_brush(size: QSize) -> int:
    """A brush a twentieth of the picture's long side: quick to cover a face or an object."""
    return max(4, min(MAX_BRUSH, round(max(size.width(), size.height()) / 20)))


class MaskToolbar(QWidget):
    """Mask mode, tools, brush size, undo/redo, invert, clear, show, feather, keep outside.

    Object names: ``maskButton`` (checkable: mask mode), ``maskBrushTool``,
    ``maskEraserTool``, ``maskRectangleTool``, ``maskLassoTool``, ``brushSize``, ``maskUndo``,
    ``maskRedo``, ``maskInvert``, ``maskClear``, ``maskOverlayToggle`` (show or hide the
    mask), ``featherSize`` and ``keepOutsideCheck``.

    Keys while mask mode is on: ``[`` and ``]`` size the brush, Ctrl+Z undoes, Ctrl+Shift+Z
    (and the platform's redo key) redoes.

    Args:
        before_view: The Before view; the mask follows its picture (a new picture: a new,
            empty mask the size of the view's picture until :meth:`setPictureSize`).
        parent: The usual Qt parent.

    Signals:
        maskChanged(): The mask changed (an edit finished, undo, redo, clear, restore, a new
            picture); not emitted mid-stroke.
        maskModeChanged(bool): Mask mode went on or off.
    """

    maskChanged = Signal()
    maskModeChanged = Signal(bool)

    def __init__(self, before_view: ImageView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maskToolbar")
        self._view = before_view
        self._document = MaskDocument(self)
        self._overlay = MaskOverlayItem(self._document)
        before_view.scene().addItem(self._overlay)
        self._painter = MaskPainter(before_view, self._document, self._overlay)

        self._mode = self._tool_button("maskButton", checkable=True)
        self._mode.setStyleSheet(_STYLE)
        self._tools = QButtonGroup(self)
        self._tools.setExclusive(True)
        for tool, name in _TOOL_NAMES.items():
            button = self._tool_button(name, checkable=True)
            button.setProperty("maskTool", tool.value)
            button.setChecked(tool == MaskTool.BRUSH)
            self._tools.addButton(button)
        self._brush_label = QLabel(self)
        self._brush = self._spin_box("brushSize", 1, MAX_BRUSH, 50)
        self._brush_label.setBuddy(self._brush)
        self._undo = self._tool_button("maskUndo")
        self._redo = self._tool_button("maskRedo")
        self._invert = self._tool_button("maskInvert")
        self._clear = self._tool_button("maskClear")
        self._show = self._tool_button("maskOverlayToggle", checkable=True)
        self._show.setChecked(True)
        self._feather_label = QLabel(self)
        self._feather = self._spin_box("featherSize", 0, MAX_FEATHER, DEFAULT_FEATHER)
        self._feather_label.setBuddy(self._feather)
        self._keep = QCheckBox(self)
        self._keep.setObjectName("keepOutsideCheck")
        self._keep.setChecked(True)

        # Two rows: what to paint with, then what to do with the mask. One row would make
        # the window wider than a 1280 px screen (and wider still in longer languages).
        tools = QHBoxLayout()
        tools.setSpacing(4)
        tools.addWidget(self._mode)
        tools.addSpacing(8)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for index, widget in enumerate(self._row()):
            (tools if index < _TOOL_ROW_LENGTH else actions).addWidget(widget)
        tools.addStretch(1)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(tools)
        layout.addLayout(actions)

        self._shortcuts = self._make_shortcuts()
        self._mode.toggled.connect(self._on_mode_toggled)
        self._tools.buttonToggled.connect(self._on_tool_toggled)
        self._brush.valueChanged.connect(self._painter.setBrushDiameter)
        self._undo.clicked.connect(self._document.undo)
        self._redo.clicked.connect(self._document.redo)
        self._invert.clicked.connect(self._document.invert)
        self._clear.clicked.connect(self._document.clear)
        self._show.toggled.connect(self._overlay.setVisible)
        self._document.maskChanged.connect(self._on_mask_changed)
        before_view.imageChanged.connect(self._on_picture_changed)
        self._painter.setBrushDiameter(self._brush.value())
        self.retranslateUi()
        self._on_picture_changed()

    # -- the mask for a run ---------------------------------------------------------------

    def mask_image(self) -> Image.Image | None:
        """The mask as a Pillow ``L`` image at the source's pixel size; None when empty.

        Assembling 24 MP takes tens of milliseconds: in a slot prefer
        :func:`~desktop_app.ui.mask.mask_handoff.mask_choice`, which does it in the executor.
        """
        state = self.mask_state()
        return state.to_pil() if state is not None else None

    def mask_state(self) -> MaskState | None:
        """The mask as an immutable state (``to_pil()`` is safe in a worker); None when empty."""
        state = self._document.state()
        return None if state.is_empty() else state

    def has_mask(self) -> bool:
        return not self._document.isEmpty()

    def feather(self) -> int:
        """Soft edge width in source pixels."""
        return self._feather.value()

    def keep_outside(self) -> bool:
        """Whether pixels outside the mask stay the original's (paste back); False without mask."""
        return self.has_mask() and self._keep.isChecked()

    def restore(
        self,
        mask: Image.Image | MaskState | None,
        feather: int | None = None,
        keep_outside: bool | None = None,
    ) -> None:
        """Bring back a saved mask (any size, scaled to the picture) and its settings (Reuse).

        Call it after the picture is shown. A Pillow image of 24 MP is tiled here, on the GUI
        thread; to avoid that, build ``MaskState.from_pil(image, size)`` in a worker first.
        """
        if mask is None:
            self._document.clear()
        else:
            if not isinstance(mask, MaskState):
                mask = MaskState.from_pil(mask, self._document.size())
            self._document.restore(mask)
        if feather is not None:
            self._feather.setValue(feather)
        if keep_outside is not None:
            self._keep.setChecked(keep_outside)

    def setPictureSize(self, size: QSize) -> None:
        """The source picture's pixel size, when the view shows a reduced preview of it.

        Call after the picture is shown (``BeforeAfterView.setBefore``); the mask is emptied
        when the size differs from the current one.
        """
        if size.isValid() and size != self._document.size():
            self._reset(size)

    # -- mode ----------------------------------------------------------------------------

    def isMaskMode(self) -> bool:
        return self._mode.isChecked()

    def setMaskMode(self, on: bool) -> None:
        self._mode.setChecked(on)

    def document(self) -> MaskDocument:
        return self._document

    def focusChain(self) -> list[QWidget]:
        """The toolbar's controls in keyboard order (the window adds them to its chain)."""
        return [self._mode, *(w for w in self._row() if not isinstance(w, QLabel))]

    def growBrush(self) -> None:
        """``]``: a quarter larger (at least one pixel)."""
        size = self._brush.value()
        self._brush.setValue(max(size + 1, round(size * _BRUSH_STEP)))

    def shrinkBrush(self) -> None:
        """``[``: a quarter smaller (at least one pixel)."""
        size = self._brush.value()
        self._brush.setValue(min(size - 1, round(size / _BRUSH_STEP)))

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        undo_keys = _native(QKeySequence.StandardKey.Undo)
        redo_keys = QKeySequence(_REDO_KEYS).toString(QKeySequence.SequenceFormat.NativeText)
        for widget, text, tip in (
            (self._mode, self.tr("Mask"), self.tr("Paint where the edit may change the picture")),
            (self._button(MaskTool.BRUSH), self.tr("Brush"), self.tr("Paint the area to change")),
            (self._button(MaskTool.ERASER), self.tr("Eraser"), self.tr("Take paint away")),
            (
                self._button(MaskTool.RECTANGLE),
                self.tr("Rectangle"),
                self.tr("Drag a rectangle to mark; hold Alt to unmark"),
            ),
            (
                self._button(MaskTool.LASSO),
                self.tr("Lasso"),
                self.tr("Draw around an area to mark it; hold Alt to unmark"),
            ),
            (self._undo, self.tr("Undo"), self.tr("Undo the last mask change ({keys})")),
            (self._redo, self.tr("Redo"), self.tr("Redo the mask change ({keys})")),
            (self._invert, self.tr("Invert"), self.tr("Change what is kept, keep what is marked")),
            (self._clear, self.tr("Clear"), self.tr("Remove the whole mask")),
            (self._show, self.tr("Show"), self.tr("Show or hide the mask over the picture")),
            (
                self._keep,
                self.tr("Keep the rest"),
                self.tr("Outside the mask the result keeps the original's pixels"),
            ),
        ):
            keys = undo_keys if widget is self._undo else redo_keys
            widget.setText(text)
            widget.setToolTip(tip.format(keys=keys))
            widget.setAccessibleName(text)
            widget.setAccessibleDescription(widget.toolTip())
        self._brush_label.setText(self.tr("Size"))
        self._brush.setAccessibleName(self.tr("Brush size"))
        self._brush.setToolTip(self.tr("Brush size in the picture's pixels ([ smaller, ] larger)"))
        self._feather_label.setText(self.tr("Soft edge"))
        self._feather.setAccessibleName(self.tr("Soft edge"))
        self._feather.setToolTip(self.tr("How far the change fades out, in the picture's pixels"))
        for spin in (self._brush, self._feather):
            spin.setAccessibleDescription(spin.toolTip())
        for spin in (self._brush, self._feather):
            spin.setSuffix(self.tr(" px"))
        self.setAccessibleName(self.tr("Mask tools"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- internals -----------------------------------------------------------------------

    def _on_picture_changed(self) -> None:
        image = self._view.image()
        self._overlay.setPictureRect(self._view.sceneRect())
        self._reset(image.size() if image is not None else QSize(1, 1))
        if image is None:
            self._mode.setChecked(False)

    def _reset(self, size: QSize) -> None:
        self._brush.setValue(default_brush(size))
        self._keep.setChecked(True)
        self._document.reset(size)

    def _on_mode_toggled(self, on: bool) -> None:
        self._painter.setActive(on)
        self._update_enabled()
        if on:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.maskModeChanged.emit(on)

    def _on_tool_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._painter.setTool(MaskTool(button.property("maskTool")))

    def _on_mask_changed(self) -> None:
        self._update_enabled()
        self.maskChanged.emit()

    def _update_enabled(self) -> None:
        has_picture = self._view.image() is not None
        painting = has_picture and self._mode.isChecked()
        has_mask = self.has_mask()
        self._mode.setEnabled(has_picture)
        for widget in (*self._tools.buttons(), self._brush_label, self._brush):
            widget.setEnabled(painting)
        self._undo.setEnabled(painting and self._document.canUndo())
        self._redo.setEnabled(painting and self._document.canRedo())
        self._invert.setEnabled(painting)
        self._clear.setEnabled(has_mask)
        for widget in (self._show, self._feather_label, self._feather, self._keep):
            widget.setEnabled(has_mask)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(painting)
        # Until there is something to paint or a mask to tune, the row is one button: the
        # window stays as narrow as before, and a whole-picture edit sees no mask tools.
        for widget in self._row():
            widget.setVisible(painting or has_mask)

    def _make_shortcuts(self) -> list[QShortcut]:
        redo_keys = [QKeySequence(_REDO_KEYS), *QKeySequence.keyBindings(_REDO)]
        redo_keys = list({key.toString(): key for key in redo_keys}.values())
        bindings = (
            ([QKeySequence("]")], self.growBrush),
            ([QKeySequence("[")], self.shrinkBrush),
            (QKeySequence.keyBindings(QKeySequence.StandardKey.Undo), self._document.undo),
            (redo_keys, self._document.redo),
        )
        shortcuts = []
        for keys, slot in bindings:
            for key in keys:
                shortcut = QShortcut(key, self, context=Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                shortcuts.append(shortcut)
        return shortcuts

    def _row(self) -> list[QWidget]:
        """The controls after the mode button, left to right, labels included; the first
        :data:`_TOOL_ROW_LENGTH` share the mode button's row."""
        return [
            *self._tools.buttons(),
            self._brush_label,
            self._brush,
            self._undo,
            self._redo,
            self._invert,
            self._clear,
            self._show,
            self._feather_label,
            self._feather,
            self._keep,
        ]

    def _button(self, tool: MaskTool) -> QToolButton:
        return next(b for b in self._tools.buttons() if b.property("maskTool") == tool.value)

    def _tool_button(self, name: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _spin_box(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setKeyboardTracking(False)
        return spin


_REDO = QKeySequence.StandardKey.Redo
_TOOL_ROW_LENGTH = 6  # brush, eraser, rectangle, lasso, size label and size
_REDO_KEYS = "Ctrl+Shift+Z"  # what the issue names; the platform's own redo key works too


def _native(key: QKeySequence.StandardKey) -> str:
    bindings = QKeySequence.keyBindings(key)
    return bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""
