"""The aspect-ratio picker: a combo of presets with drawn shape icons, plus a custom W:H field.

The ratio list, parsing and normalisation belong to :mod:`desktop_app.core.ratios`; this
module only presents them. The icons are painted at runtime from the palette so they follow
light and dark mode without shipping image files.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop_app.core.ratios import (
    AUTO,
    NATIVE_RATIOS,
    RATIO_CHOICES,
    normalise_ratio_choice,
    parse_ratio,
)

CUSTOM = "custom"
_ICON_SIZE = 20  # logical pixels; a little larger than the 16 px default so shapes read
# Digits, at most one separator the core understands, digits: the validator only stops
# obvious typos, parse_ratio stays the judge of what is valid.
_TYPING = QRegularExpression(r"^\s*\d{0,4}\s*[:：xX×/]?\s*\d{0,4}\s*$")
# A ratio still being typed ("4", "4:") is not flagged while the field has focus.
_PARTIAL = QRegularExpression(r"^\s*\d{1,4}\s*[:：xX×/]?\s*$")


def _ratio_icon(choice: str, colour: QColor, selected: QColor) -> QIcon:
    """A small shape for ``choice``, drawn at 1x and 2x so it stays crisp on HiDPI screens.

    ``selected`` colours the Selected mode, so the shape stays visible on the highlighted row.
    """
    icon = QIcon()
    for mode, pen_colour in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Selected, selected)):
        for scale in (1, 2):
            pixmap = QPixmap(_ICON_SIZE * scale, _ICON_SIZE * scale)
            pixmap.setDevicePixelRatio(scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            _paint_shape(painter, choice, pen_colour)
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


def _paint_shape(painter: QPainter, choice: str, colour: QColor) -> None:
    """Draw ``choice`` in logical coordinates of the ``_ICON_SIZE`` (20 px) square."""
    box = QRectF(1, 1, _ICON_SIZE - 2, _ICON_SIZE - 2)
    fill = QColor(colour)
    fill.setAlphaF(0.16)
    pen = QPen(colour, 1.5)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if choice == AUTO:
        pen.setDashPattern([2.0, 1.5])
        painter.setPen(pen)
        painter.drawRoundedRect(box.adjusted(0.75, 0.75, -0.75, -0.75), 2.5, 2.5)
        font = QFont()
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "A")
        return
    ratio = parse_ratio("4:3" if choice == CUSTOM else choice)
    if ratio is None:  # a core preset that does not parse would be a core bug; draw nothing
        return
    # The longest side fills the box, so 3:4 and 2:3 differ visibly in width.
    scale = min(box.width() / ratio.width, box.height() / ratio.height)
    width, height = ratio.width * scale - 1.5, ratio.height * scale - 1.5
    shape = QRectF(0, 0, width, height)
    shape.moveCenter(box.center())
    if choice == CUSTOM:  # smaller and up-left, leaving the corner to the pencil
        shape.setSize(shape.size() * 0.7)
        shape.moveTopLeft(box.topLeft() + QPointF(0.75, 1.5))
    painter.setPen(pen)
    painter.setBrush(fill)
    painter.drawRoundedRect(shape, 2, 2)
    if choice == CUSTOM:
        # A pencil across the lower right corner: a thick shaft and a point (20 px box).
        painter.setPen(QPen(colour, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(19.0, 10.0), QPointF(13.2, 15.8))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon([QPointF(12.1, 14.7), QPointF(14.3, 16.9), QPointF(10.6, 18.4)])


class RatioPicker(QWidget):
    """Chooses the aspect ratio the edit asks for: "auto", a preset, or a custom ``W:H``.

    :meth:`ratio` raises :class:`ValueError` (with a translated, user-facing message) while a
    custom value is invalid, so the caller can refuse to run and show the message inline;
    :meth:`hasValidRatio` asks the same question without the exception.

    With ``icons_later`` only the chosen ratio's icon is drawn at once (the window's first
    frame shows only that one); :meth:`drawIcons` draws the others.

    Signals:
        ratioChanged(str): the effective ratio changed to ``"auto"`` or a reduced ``"W:H"``.
            Emitted for user and programmatic changes, never for an invalid custom value and
            never twice in a row for the same ratio.
    """

    ratioChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, icons_later: bool = False) -> None:
        super().__init__(parent)
        self._last_emitted = AUTO
        self._combo = QComboBox(self)
        self._combo.setObjectName("ratioPicker")
        self._combo.setIconSize(QSize(_ICON_SIZE, _ICON_SIZE))
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in (*RATIO_CHOICES, CUSTOM):
            self._combo.addItem("", choice)

        self._edit = QLineEdit(self)
        self._edit.setObjectName("customRatioEdit")
        self._edit.setValidator(QRegularExpressionValidator(_TYPING, self._edit))
        self._edit.setMaxLength(11)
        self._edit.setFixedWidth(self._edit.fontMetrics().horizontalAdvance("0000:0000") + 16)
        self._edit.setProperty("invalid", False)
        self._edit.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._combo)
        layout.addWidget(self._edit)
        layout.addStretch(1)

        self.retranslateUi()
        self._drawn: set[int] = set()
        if icons_later:  # the closed box shows one; see drawIcons()
            self._hold_icon_room()
            self._draw_icons([self._combo.currentIndex()])
            self._combo.installEventFilter(self)
        else:
            self.drawIcons()
        self._combo.currentIndexChanged.connect(self._on_choice_changed)
        self._combo.activated.connect(self._on_activated)
        self._edit.textChanged.connect(self._on_custom_edited)
        self._edit.editingFinished.connect(self._update_invalid_state)

    def ratio(self) -> str:
        """``"auto"``, a preset such as ``"4:3"`` or the reduced custom ratio.

        Raises:
            ValueError: the custom value is blank or not a usable ratio; ``str(error)`` is a
                translated sentence to show next to the Run button.
        """
        choice = self._combo.currentData()
        if choice != CUSTOM:
            return choice
        ratio = parse_ratio(self._edit.text())
        if ratio is None:
            raise ValueError(self._custom_error())
        return str(ratio)

    def hasValidRatio(self) -> bool:
        """Whether :meth:`ratio` would return a value instead of raising."""
        return self._combo.currentData() != CUSTOM or parse_ratio(self._edit.text()) is not None

    def setRatio(self, ratio: str) -> None:
        """Select ``ratio``: a preset or "auto" selects its item, any other text selects Custom.

        A valid custom ratio is shown reduced ("10:8" becomes "5:4"); text that is not a ratio
        (say, from an old settings file) is shown as is, flagged invalid, instead of raising.
        """
        try:
            choice = normalise_ratio_choice(ratio)
        except ValueError:
            choice = None
        index = self._combo.findData(choice) if choice else -1
        if index < 0:
            self._edit.setText(choice or ratio)
            index = self._combo.findData(CUSTOM)
        self._combo.setCurrentIndex(index)
        self._update_invalid_state()

    def focusChain(self) -> list[QWidget]:
        """The preset combo, then the custom field: the order Tab visits them."""
        return [self._combo, self._edit]

    def retranslateUi(self) -> None:
        """Set every text in the current language (also on a live language switch)."""
        self._combo.setAccessibleName(self.tr("Aspect ratio"))
        self._combo.setAccessibleDescription(self.tr("Aspect ratio of the edited picture"))
        self._combo.setToolTip(
            self.tr(
                "Aspect ratio of the result. The model renders 1:1, 3:2 and 2:3 natively; "
                "other ratios are approximated."
            )
        )
        labels = self._labels()
        for index in range(self._combo.count()):
            choice = self._combo.itemData(index)
            self._combo.setItemText(index, labels.get(choice, choice))
            self._combo.setItemData(index, self._item_tip(choice), Qt.ItemDataRole.ToolTipRole)
        self._edit.setPlaceholderText(self.tr("W:H"))
        self._edit.setAccessibleName(self.tr("Custom aspect ratio"))
        self._update_invalid_state()

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the icons and the invalid tint when the palette changes (dark mode); re-word
        on a language change."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()
            self._update_invalid_state()
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()

    def _labels(self) -> dict[str, str]:
        return {
            AUTO: self.tr("Auto"),
            "1:1": self.tr("1:1 Square"),
            "2:3": self.tr("2:3 Portrait"),
            "3:2": self.tr("3:2 Landscape"),
            "3:4": self.tr("3:4"),
            "4:3": self.tr("4:3"),
            "9:16": self.tr("9:16 Story"),
            "16:9": self.tr("16:9 Wide"),
            CUSTOM: self.tr("Custom…"),
        }

    def _item_tip(self, choice: str) -> str:
        if choice == AUTO:
            return self.tr("Let the model choose, usually the ratio of the picture")
        if choice == CUSTOM:
            return self.tr("Type any width:height ratio")
        if choice in NATIVE_RATIOS:
            return self.tr("Rendered natively by the model")
        return self.tr("Approximated: the model may return a close native ratio")

    def _custom_error(self) -> str:
        text = self._edit.text().strip()
        if not text:
            return self.tr("Enter a custom aspect ratio such as 5:4.")
        return self.tr("“{text}” is not an aspect ratio; use width:height, e.g. 5:4.").format(
            text=text
        )

    def drawIcons(self) -> None:
        """Draw the icons not drawn yet (with ``icons_later``, the window calls this after its
        first frame; opening the list draws them too)."""
        self._draw_icons(i for i in range(self._combo.count()) if i not in self._drawn)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        opening = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel)
        if watched is self._combo and event.type() in opening:
            self.drawIcons()  # before the list shows them
        return False

    def _hold_icon_room(self) -> None:
        """A blank icon on every item, so the box is as wide as once they are drawn (Qt
        counts an item's icon in the box's width only if it has one)."""
        blank = QPixmap(_ICON_SIZE, _ICON_SIZE)
        blank.fill(Qt.GlobalColor.transparent)
        icon = QIcon(blank)
        for index in range(self._combo.count()):
            self._combo.setItemIcon(index, icon)

    def _draw_icons(self, indexes: Iterable[int]) -> None:
        colour = self.palette().color(QPalette.ColorRole.Text)
        selected = self.palette().color(QPalette.ColorRole.HighlightedText)
        for index in indexes:
            icon = _ratio_icon(self._combo.itemData(index), colour, selected)
            self._combo.setItemIcon(index, icon)
            self._drawn.add(index)

    def _refresh_icons(self) -> None:
        """Redraw the icons drawn so far in the new colours (the rest follow when drawn)."""
        drawn, self._drawn = sorted(self._drawn), set()
        self._draw_icons(drawn)

    def _on_choice_changed(self, index: int) -> None:
        if index not in self._drawn:  # chosen in code (Reuse) before the list was opened
            self._draw_icons([index])
        self._edit.setVisible(self._combo.currentData() == CUSTOM)
        self._update_invalid_state()
        self._emit_if_changed()

    def _on_activated(self, index: int) -> None:
        # Only a user's choice moves the focus; setRatio() must not steal it.
        if self._combo.itemData(index) == CUSTOM:
            self._edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._edit.selectAll()

    def _on_custom_edited(self, _text: str) -> None:
        self._update_invalid_state()
        if self._combo.currentData() == CUSTOM:
            self._emit_if_changed()

    def _emit_if_changed(self) -> None:
        if not self.hasValidRatio():
            return
        ratio = self.ratio()
        if ratio != self._last_emitted:
            self._last_emitted = ratio
            self.ratioChanged.emit(ratio)

    def _update_invalid_state(self) -> None:
        text = self._edit.text()
        typing = self._edit.hasFocus() and _PARTIAL.match(text).hasMatch()
        invalid = bool(text.strip()) and parse_ratio(text) is None and not typing
        # The reason goes in the tooltip and the accessible description too: colour alone
        # does not reach everyone.
        if invalid:
            self._edit.setToolTip(self._custom_error())
            self._edit.setAccessibleDescription(self._custom_error())
        else:
            self._edit.setToolTip(self.tr("Width:height, for example 5:4 or 21:9"))
            self._edit.setAccessibleDescription(self.tr("Width and height, for example 5:4"))
        self._edit.setProperty("invalid", invalid)
        # Tint only the Base role, derived from this widget's palette, so the rest of the
        # field keeps following the application palette (a stylesheet would pin all roles).
        palette = QPalette()
        if invalid:
            base = self.palette().color(QPalette.ColorRole.Base)
            red = QColor(230, 60, 60)
            weight = 0.35 if base.lightnessF() < 0.5 else 0.18
            palette.setColor(QPalette.ColorRole.Base, _mix(base, red, weight))
        self._edit.setPalette(palette)


def _mix(base: QColor, tint: QColor, weight: float) -> QColor:
    """``base`` moved ``weight`` (0 to 1) of the way towards ``tint``."""
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * weight,
        base.greenF() + (tint.greenF() - base.greenF()) * weight,
        base.blueF() + (tint.blueF() - base.blueF()) * weight,
    )
