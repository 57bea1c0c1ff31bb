"""One history row: thumbnail, picture name and time, the prompt, the status in colour.

The list's default drawing put the whole prompt and a status line into one text, which the
dock clipped mid-character (and a horizontal scroll bar appeared); failed jobs looked like
finished ones. Here every line is elided with "…" to the row's width, the time reads the way
people say it, and the status carries a colour and an icon (never the colour alone).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.docks.history_thumbnails import THUMBNAIL_SIDE

Index = QModelIndex | QPersistentModelIndex
_PADDING = 6
_GAP = 10
_STATUS_ICON = 14
# Hues blended into the text colour, so they read on light and dark palettes alike.
_STATUS_HUES = {
    "done": QColor(47, 158, 68),
    "failed": QColor(224, 49, 49),
    "running": QColor(34, 139, 230),
    "cancelled": QColor(240, 140, 0),
    "interrupted": QColor(240, 140, 0),
}
_STATUS_ICONS = {
    "done": QStyle.StandardPixmap.SP_DialogApplyButton,
    "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "running": QStyle.StandardPixmap.SP_BrowserReload,
    "cancelled": QStyle.StandardPixmap.SP_BrowserStop,
    "interrupted": QStyle.StandardPixmap.SP_MessageBoxWarning,
}

# Roles the model answers for the delegate (after RecordRole = UserRole + 1).
NameRole = Qt.ItemDataRole.UserRole + 2
PromptRole = Qt.ItemDataRole.UserRole + 3
WhenRole = Qt.ItemDataRole.UserRole + 4
StatusRole = Qt.ItemDataRole.UserRole + 5  # "done", "failed" ...
StatusTextRole = Qt.ItemDataRole.UserRole + 6  # "Done · 4:3", in the current language


def readable_time(when: datetime, now: datetime | None = None) -> str:
    """ "Today 11:05", "Yesterday 09:30", else the locale's short date and the time."""
    now = now or datetime.now(when.tzinfo)
    clock = f"{when:%H:%M}"  # never "11:5"
    if when.date() == now.date():
        return QCoreApplication.translate("HistoryModel", "Today {time}").format(time=clock)
    if when.date() == (now - timedelta(days=1)).date():
        return QCoreApplication.translate("HistoryModel", "Yesterday {time}").format(time=clock)
    date = QLocale().toString(when.date(), QLocale.FormatType.ShortFormat)
    return f"{date} {clock}"


def status_colour(status: str, palette: QPalette) -> QColor:
    """The status hue, mixed with the palette's text colour to keep its contrast."""
    text = palette.color(QPalette.ColorRole.Text)
    hue = _STATUS_HUES.get(status)
    if hue is None:
        return text
    weight = 0.8
    return QColor(
        round(hue.red() * weight + text.red() * (1 - weight)),
        round(hue.green() * weight + text.green() * (1 - weight)),
        round(hue.blue() * weight + text.blue() * (1 - weight)),
    )


class HistoryRowDelegate(QStyledItemDelegate):
    """Paints a history row in three elided lines beside its thumbnail."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = option.fontMetrics
        lines = 3 * metrics.height() + 4
        return QSize(option.rect.width(), max(THUMBNAIL_SIDE, lines) + 2 * _PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        style = option.widget.style() if option.widget else QApplication.style()
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text, background.icon = "", QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        painter.save()
        image = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():
            scaled = image.scaled(
                THUMBNAIL_SIDE,
                THUMBNAIL_SIDE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            top = rect.top() + (rect.height() - scaled.height()) // 2
            left = rect.left() + (THUMBNAIL_SIDE - scaled.width()) // 2
            painter.drawImage(left, top, scaled)
        text = rect.adjusted(THUMBNAIL_SIDE + _GAP, 0, 0, 0)
        metrics = option.fontMetrics
        line = metrics.height()
        top = text.top() + max(0, (text.height() - 3 * line - 4) // 2)

        when = str(index.data(WhenRole) or "")
        when_width = metrics.horizontalAdvance(when)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(palette.color(text_role))
        name_room = max(0, text.width() - when_width - _GAP)
        name = painter.fontMetrics().elidedText(
            str(index.data(NameRole) or ""), Qt.TextElideMode.ElideMiddle, name_room
        )
        painter.drawText(QRect(text.left(), top, name_room, line), _LEFT, name)
        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        if selected:
            painter.setPen(palette.color(text_role))
        painter.drawText(QRect(text.right() - when_width, top, when_width, line), _LEFT, when)

        painter.setPen(palette.color(text_role))
        prompt = metrics.elidedText(
            str(index.data(PromptRole) or ""), Qt.TextElideMode.ElideRight, text.width()
        )
        painter.drawText(QRect(text.left(), top + line + 2, text.width(), line), _LEFT, prompt)

        status = str(index.data(StatusRole) or "")
        icon = style.standardIcon(_STATUS_ICONS.get(status, QStyle.StandardPixmap.SP_FileIcon))
        status_top = top + 2 * line + 4
        icon_top = status_top + (line - _STATUS_ICON) // 2
        icon.paint(painter, QRect(text.left(), icon_top, _STATUS_ICON, _STATUS_ICON))
        painter.setPen(palette.color(text_role) if selected else status_colour(status, palette))
        status_left = text.left() + _STATUS_ICON + 4
        status_room = max(0, text.right() - status_left)
        words = metrics.elidedText(
            str(index.data(StatusTextRole) or ""), Qt.TextElideMode.ElideRight, status_room
        )
        painter.drawText(QRect(status_left, status_top, status_room, line), _LEFT, words)
        painter.restore()


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
