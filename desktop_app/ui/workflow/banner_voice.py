"""What the window tells in its banner, kept so a language switch can re-word it.

Every notice, error and refusal goes through :class:`BannerVoice` as a function that words
it; after a language switch :meth:`BannerVoice.reword` calls the last one again.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.ui.edit.error_banner import ErrorBanner
from desktop_app.ui.edit.error_texts import (
    error_details,
    error_message,
    error_title,
    error_title_of,
)


class BannerVoice:
    """Speaks through the window's banner.

    Args:
        banner: where notices and errors show.
        can_retry: whether there is a request to try again (the runner's last one).
    """

    def __init__(self, banner: ErrorBanner, can_retry: Callable[[], bool]) -> None:
        self._banner = banner
        self._can_retry = can_retry
        self._words: Callable[[], None] | None = None

    def say(self, words: Callable[[], None]) -> None:
        """Show something in the banner through ``words``, kept to re-word it later."""
        self._words = words
        words()

    def notice(self, text: Callable[[], str]) -> None:
        """A notice worded by ``text`` (called again after a language switch)."""
        self.say(lambda: self._banner.showNotice(text()))

    def showError(self, error: RetouchError) -> None:
        """A failed job or load, with Try again when it is worth it."""
        retryable = error.retryable and self._can_retry()
        self.say(
            lambda: self._banner.showError(
                error_title_of(error),
                error_message(error),
                reason=error.reason,
                details=error_details(error),
                retryable=retryable,
            )
        )

    def refuse(self, words: Callable[[], str], problem: str = "") -> None:
        """A problem with what the user asked (nothing was sent), worded by ``words``; the
        title names ``problem`` where it has one of its own ("Nothing to change yet")."""
        self.say(
            lambda: self._banner.showError(
                error_title(ErrorKind.BAD_INPUT, problem), words(), retryable=False
            )
        )

    def clear(self) -> None:
        self._banner.clear()

    def reword(self) -> None:
        """Say the banner's message again in the current language (after a switch)."""
        if self._words is not None and self._banner.message():
            self._words()
