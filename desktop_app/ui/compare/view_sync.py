"""Keeps several image views on the same spot of the picture while the user zooms and pans."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop_app.ui.compare.image_view import ImageView, ViewState


class ViewSynchroniser(QObject):
    """Mirrors zoom and pan between :class:`ImageView` instances.

    States travel as :class:`ViewState`, whose zoom and centre are normalised to the picture,
    so a 4000 px original and a 1536 px result stay on the same content. A view reports only
    user changes (``setViewState`` is silent), and a re-entrancy guard stops any loop that a
    subclass emitting from ``setViewState`` could still start.

    Views are forgotten when they are destroyed.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views: list[ImageView] = []
        self._enabled = True
        self._propagating = False
        self._last_source: ImageView | None = None

    def add(self, view: ImageView) -> None:
        """Keep ``view`` in step with the others from its next change on."""
        if any(known is view for known in self._views):
            return
        self._views.append(view)
        view.viewStateChanged.connect(self._on_view_changed)
        # By the time ``destroyed`` arrives the wrapper is half gone: match it by identity key.
        key = id(view)
        view.destroyed.connect(lambda: self._forget(key))

    def remove(self, view: ImageView) -> None:
        """Stop synchronising ``view``."""
        if any(known is view for known in self._views):
            self._views = [known for known in self._views if known is not view]
            view.viewStateChanged.disconnect(self._on_view_changed)
        if self._last_source is view:
            self._last_source = None

    def views(self) -> list[ImageView]:
        return list(self._views)

    def isEnabled(self) -> bool:
        return self._enabled

    def setEnabled(self, enabled: bool) -> None:
        """Pause or resume; resuming aligns all views to the one changed last."""
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if enabled and self._last_source is not None:
            self.synchronise(self._last_source)

    def synchronise(self, source: ImageView, state: ViewState | None = None) -> None:
        """Show ``state`` (default: what ``source`` shows) in every view but ``source``."""
        if self._propagating:
            return
        state = source.viewState() if state is None else state
        self._propagating = True
        try:
            for view in self._views:
                if view is not source:
                    view.setViewState(state)
        finally:
            self._propagating = False

    def _on_view_changed(self, state: object) -> None:
        source = self.sender()
        if not isinstance(source, ImageView) or not isinstance(state, ViewState):
            return
        self._last_source = source
        if self._enabled:
            self.synchronise(source, state)

    def _forget(self, key: int) -> None:
        self._views = [view for view in self._views if id(view) != key]
        if id(self._last_source) == key:
            self._last_source = None
