"""Saying things to screen readers that they would not notice on their own.

A label whose text changes, or a banner that appears, is not read out by itself; an
announcement is (``QAccessibleAnnouncementEvent``, Qt 6.8+). Without an active screen reader
nothing is sent.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> bool:
    """Have screen readers speak ``text`` for ``widget``; returns whether it was sent.

    Assertive announcements interrupt what is being read (failures); polite ones wait.
    """
    if not text or not QAccessible.isActive():
        return False
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    return True
