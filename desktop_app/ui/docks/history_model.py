"""The jobs of the history as a list model: pages newest first, loaded in the executor.

The model holds the jobs loaded so far; :meth:`HistoryModel.fetchMore` asks the store for the
next page of :data:`PAGE_SIZE` when the view scrolls near the end, so opening the panel over
thousands of jobs reads one page. Thumbnails come from :class:`ThumbnailCache` as the view
asks for the rows it paints.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.ui.common.plain_text import plain_tooltip
from desktop_app.ui.docks.history_row_delegate import (
    NameRole,
    PromptRole,
    StatusRole,
    StatusTextRole,
    WhenRole,
    readable_time,
)
from desktop_app.ui.docks.history_thumbnails import ThumbnailCache, placeholder
from desktop_app.ui.window.window_menus import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop_app.core.history.records import JobRecord
    from desktop_app.core.history.store import HistoryStore

log = logging.getLogger(__name__)

PAGE_SIZE = 100
RecordRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
StoreSource = Callable[[], Awaitable["HistoryStore | None"]]

STATUS_TEXTS = {
    "running": QT_TRANSLATE_NOOP("HistoryModel", "Running"),
    "done": QT_TRANSLATE_NOOP("HistoryModel", "Done"),
    "failed": QT_TRANSLATE_NOOP("HistoryModel", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("HistoryModel", "Cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("HistoryModel", "Interrupted"),
}
QT_TRANSLATE_NOOP("HistoryModel", "Auto")  # the ratio "auto", in a row's status line


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryModel", text)


def status_text(status: str) -> str:
    return _tr(STATUS_TEXTS.get(status, status))


def picture_of(record: JobRecord) -> Any:
    """The file a row shows: the first result, else the (kept copy of the) input."""
    if record.outputs:
        return record.outputs[0].path
    return record.inputs[0] if record.inputs else None


def picture_name(record: JobRecord) -> str:
    """The name of the picture the job edited, as the user picked it."""
    if record.source_names:
        return record.source_names[0]
    return record.inputs[0].name if record.inputs else ""


class HistoryModel(QAbstractListModel):
    """Jobs newest first, filtered by prompt words and the star.

    Args:
        store_source: awaits the history store (None when there is none).
        executor: where store calls run.
        thumbnails: where rows get their pictures.

    Signals:
        loaded(): the first page of the current filter arrived.
        pageLoaded(int): a page of this many jobs was added.
    """

    loaded = Signal()
    pageLoaded = Signal(int)

    def __init__(
        self,
        store_source: StoreSource,
        executor: Executor | None,
        thumbnails: ThumbnailCache,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_source = store_source
        self._executor = executor
        self._thumbnails = thumbnails
        self._records: list[JobRecord] = []
        self._by_id: dict[str, JobRecord] = {}
        self._search = ""
        self._starred_only = False
        self._has_more = False
        self._fetching = False
        self._generation = 0
        self._started = False
        self._tasks: set[asyncio.Future[Any]] = set()
        self._placeholder = placeholder()
        thumbnails.ready.connect(self._thumbnail_ready)

    # ------------------------------------------------------------------ public

    def isStarted(self) -> bool:
        return self._started

    def record(self, row: int) -> JobRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def rowOf(self, job_id: str) -> int:
        return next((n for n, r in enumerate(self._records) if r.id == job_id), -1)

    def setFilter(self, search: str, starred_only: bool) -> asyncio.Future[Any]:
        self._search, self._starred_only = search.strip(), starred_only
        return self.reload()

    def reload(self) -> asyncio.Future[Any]:
        """Drop what is loaded and read the first page again."""
        self._started = True
        self._generation += 1
        self._fetching = False
        self.beginResetModel()
        self._records, self._by_id, self._has_more = [], {}, True
        self.endResetModel()
        return self._fetch(first=True)

    async def store(self) -> HistoryStore | None:
        return await self._store_source()

    def jobStarted(self, record: JobRecord) -> None:
        """A new job: on top when it fits the filter (a filtered list is read again)."""
        if not self._started:
            return
        if self._search or self._starred_only:
            self.reload()
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._records.insert(0, record)
        self._by_id[record.id] = record
        self.endInsertRows()

    def jobChanged(self, job_id: str) -> asyncio.Future[Any] | None:
        """Read job ``job_id`` again (it ended, was starred ...) and update its row."""
        if not self._started:
            return None
        return self._spawn(self._refresh(job_id))

    def removeJob(self, job_id: str) -> None:
        row = self.rowOf(job_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._records[row]
            self._by_id.pop(job_id, None)
            self.endRemoveRows()

    def replaceRecord(self, record: JobRecord) -> None:
        row = self.rowOf(record.id)
        if row >= 0:
            self._records[row] = record
            self._by_id[record.id] = record
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def retranslate(self) -> None:
        """Re-word every row (statuses, tooltips) after a language switch."""
        if self._records:
            self.dataChanged.emit(self.index(0), self.index(len(self._records) - 1))

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # ------------------------------------------------------------- Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._started and self._has_more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record)
        if role == Qt.ItemDataRole.DecorationRole:
            path = picture_of(record)
            image = self._thumbnails.get(path) if path is not None else None
            return image if image is not None else self._placeholder
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(record))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(record).replace("\n", ", ")
        if role == RecordRole:
            return record
        return self._row_data(record, role)

    # ---------------------------------------------------------------- internals

    def _row_data(self, record: JobRecord, role: int) -> Any:
        """What :class:`HistoryRowDelegate` draws: name, prompt, time, status."""
        if role == NameRole:
            return picture_name(record)
        if role == PromptRole:
            chained = "↳ " if record.parent_id else ""
            return chained + " ".join(record.prompt.split())
        if role == WhenRole:
            return readable_time(record.created)
        if role == StatusRole:
            return record.status
        if role == StatusTextRole:
            star = "★ " if record.starred else ""
            ratio = _tr("Auto") if record.ratio == "auto" else record.ratio
            return f"{star}{status_text(record.status)} · {ratio}"
        return None

    def _display(self, record: JobRecord) -> str:
        chained = "↳ " if record.parent_id else ""
        prompt = " ".join(record.prompt.split())
        star = "★ " if record.starred else ""
        line = f"{star}{record.ratio} · {status_text(record.status)} · "
        line += readable_time(record.created)
        return f"{picture_name(record)}\n{chained}{prompt}\n{line}"

    def _tooltip(self, record: JobRecord) -> str:
        lines = [
            record.prompt,
            self.tr("{status} · {ratio} · {model} · {when}").format(
                status=status_text(record.status),
                ratio=record.ratio,
                model=record.model,
                when=readable_time(record.created),
            ),
            self.tr("Tokens: {n}").format(n=record.total_tokens)
            if record.usage
            else self.tr("Tokens: not reported"),
        ]
        if record.parent_id:
            parent = self._by_id.get(record.parent_id)
            lines.append(
                self.tr("Chain: made from the result of “{prompt}”").format(prompt=parent.prompt)
                if parent is not None
                else self.tr("Chain: made from an earlier result")
            )
        if record.error is not None and record.error.message:
            lines.append(record.error.message)
        return "\n".join(lines)

    def _thumbnail_ready(self, key: str) -> None:
        for row, record in enumerate(self._records):
            path = picture_of(record)
            if path is not None and str(path) == key:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _spawn(self, coroutine: Any) -> asyncio.Future[Any]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)
        return task

    def _fetch(self, *, first: bool) -> asyncio.Future[Any]:
        self._fetching = True
        return self._spawn(self._load_page(self._generation, first))

    async def _load_page(self, generation: int, first: bool) -> None:
        page: list[JobRecord] = []
        try:
            store = await self.store()
            if store is not None:
                loop = asyncio.get_running_loop()
                page = await loop.run_in_executor(
                    self._executor,
                    functools.partial(
                        store.list_jobs,
                        search=self._search or None,
                        starred_only=self._starred_only,
                        limit=PAGE_SIZE,
                        offset=len(self._records),
                    ),
                )
        except (OSError, sqlite3.Error) as exc:  # shown as an empty list, logged
            log.warning("history page not read: %s", exc)
        if generation != self._generation:
            return  # the filter changed meanwhile; that page is on its way
        self._fetching = False
        self._has_more = len(page) == PAGE_SIZE
        known = self._by_id
        page = [record for record in page if record.id not in known]
        if page:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._records.extend(page)
            known.update((record.id, record) for record in page)
            self.endInsertRows()
        self.pageLoaded.emit(len(page))
        if first:
            self.loaded.emit()

    async def _refresh(self, job_id: str) -> None:
        store = await self.store()
        if store is None:
            return
        loop = asyncio.get_running_loop()
        record = await loop.run_in_executor(self._executor, store.get, job_id)
        if record is None:
            self.removeJob(job_id)
        elif self.rowOf(job_id) >= 0:
            self.replaceRecord(record)
        elif not (self._search or self._starred_only):
            self.jobStarted(record)


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("history panel: %s", task.exception())
