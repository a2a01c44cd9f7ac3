"""The outbox panel: work waiting to reach the server, what failed and why, retry or discard.

It lists the outbox's unfinished items (waiting, sending, failed) in the
order they were queued, which within a job and language is the order they
will be sent. A failed item holds up the work behind it in its lane until it
is retried or discarded; both are the outbox's operations
(`app.storage.outbox.Outbox`), the panel only asks for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.captions.timecode import format_timestamp
from app.storage import (
    WHOLE_JOB,
    Database,
    JobStore,
    Outbox,
    OutboxItem,
    OutboxKind,
    OutboxState,
    OutboxStateError,
)
from ui.row_table_model import RowTableModel, row_table_view

OutboxItemRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Job", "Language", "What", "State", "Reason")
_TRACK_LABELS = {"captions": "Captions", "descriptions": "Audio description"}
_NOTE_CHANGES = {"create": "New review note", "update": "Review note changed",
                 "delete": "Review note deleted"}
DISCARD_REASON = "the person chose not to send it"


def describe_work(item: OutboxItem) -> str:
    """What an item will do on the server, in plain words."""
    payload: Mapping[str, object] = item.payload if isinstance(item.payload, dict) else {}
    if item.kind == OutboxKind.TRACK_UPLOAD:
        return f"{_TRACK_LABELS.get(item.target, item.target)} upload"
    if item.kind == OutboxKind.ACTION:
        cue_index = payload.get("cue_index")
        if item.target == "mark-cue-reviewed" and isinstance(cue_index, int):
            done = "reviewed" if payload.get("reviewed", True) else "not reviewed"
            return f"Mark cue {cue_index + 1} as {done}"
        return _words(item.target)
    if item.kind == OutboxKind.COMMENT:
        return f"Comment: “{_excerpt(payload.get('body'))}”"
    if item.kind == OutboxKind.PAUSE_POINT:
        cue, at = payload.get("cue_index"), payload.get("timestamp_ms")
        if isinstance(cue, int) and isinstance(at, int) and at >= 0:
            return f"Pause point of cue {cue + 1} moved to {format_timestamp(at)}"
        return "Pause point moved"
    if item.kind == OutboxKind.REVIEW_NOTE:
        what = _NOTE_CHANGES.get(item.target, "Review note")
        resolved = payload.get("resolved")
        if item.target == "update" and isinstance(resolved, bool):
            what = "Review note marked " + ("resolved" if resolved else "unresolved")
        body = payload.get("body")
        return f"{what}: “{_excerpt(body)}”" if isinstance(body, str) else what
    return _words(item.kind)


def describe_state(item: OutboxItem, now: datetime | None = None) -> str:
    """waiting, sending, failed, or "retry at HH:MM" (local time) while backing off."""
    if item.state == OutboxState.IN_FLIGHT:
        return "sending"
    if item.state == OutboxState.FAILED:
        return "failed"
    now = datetime.now(UTC) if now is None else now
    if item.not_before is not None and item.not_before > now:
        return f"retry at {item.not_before.astimezone().strftime('%H:%M')}"
    return "waiting"


def _words(name: str) -> str:
    # "approve_source" / "start-work" → "Approve source" / "Start work"
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else "Unknown work"


def _excerpt(text: object, limit: int = 40) -> str:
    line = str(text or "").split("\n", 1)[0]
    return line if len(line) <= limit else line[:limit] + "…"


class OutboxModel(RowTableModel):
    """One row per unfinished outbox item, oldest first; everything is spelled out in words."""

    headers = _HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[OutboxItem] = []
        self._titles: dict[str, str] = {}

    def set_items(self, items: list[OutboxItem], titles: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._items = sorted(items, key=lambda item: item.id)
        self._titles = dict(titles)
        self.endResetModel()

    def item(self, row: int) -> OutboxItem:
        return self._items[row]

    def row_of(self, item_id: int) -> int | None:
        return next((row for row, item in enumerate(self._items) if item.id == item_id), None)

    def counts(self) -> tuple[int, int, int]:
        """(waiting, sending, failed)."""
        sending = sum(1 for item in self._items if item.state == OutboxState.IN_FLIGHT)
        failed = sum(1 for item in self._items if item.state == OutboxState.FAILED)
        return len(self._items) - sending - failed, sending, failed

    def row_total(self) -> int:
        return len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == OutboxItemRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells(item)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            job, language, what, state, reason = self._cells(item)
            told = f"{what} — {job}, {language}: {state}"
            return f"{told}. {reason}" if reason else told
        return None

    def _cells(self, item: OutboxItem) -> tuple[str, str, str, str, str]:
        language = "Whole job" if item.language == WHOLE_JOB else item.language
        state = describe_state(item)
        # Failed items say why; a waiting item backing off says what went wrong last time.
        told = item.state == OutboxState.FAILED or state.startswith("retry at")
        reason = (item.last_error or "") if told else ""
        return (self._titles.get(item.job_id, item.job_id), language, describe_work(item),
                state, reason)


class OutboxPanel(QWidget):
    """The outbox for the person: what waits, what failed and why; retry or discard failures.

    Signals:
    retry_requested(int) — a failed item (its id) was put back in its lane; wake the worker.
    """

    retry_requested = Signal(int)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outbox = Outbox(database)
        self._jobs = JobStore(database)
        self.model = OutboxModel(self)
        self.table = row_table_view(
            self.model, "Outbox",
            "Work waiting to be sent to the server: job, language, what it is, its state and, "
            "for failed work, the server's reason. Alt+R retries a failed item, Alt+D discards it.",
            self)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 180), (1, 80), (2, 240), (3, 110)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

        self.summary = QLabel(self)
        self.summary.setAccessibleName("Outbox summary")
        self.status = QLabel(self)
        self.status.setAccessibleName("Outbox message")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton("&Retry", self)
        self.retry_button.setAccessibleName("Retry (Alt+R)")
        self.retry_button.setAccessibleDescription(
            "Put the selected failed item back in its place to be sent again.")
        self.retry_button.setToolTip("Send the selected failed item again (Alt+R)")
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.discard_button = QPushButton("&Discard…", self)
        self.discard_button.setAccessibleName("Discard (Alt+D)")
        self.discard_button.setAccessibleDescription(
            "Stop trying to send the selected failed item, after confirming. Local data stays.")
        self.discard_button.setToolTip("Do not send the selected failed item (Alt+D)")
        self.discard_button.clicked.connect(self._on_discard_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.status.hide()
        self.refresh()

    def refresh(self) -> None:
        """Read the outbox again; the selected item stays selected while it is listed."""
        kept = self.selected_item()
        items = self._outbox.pending_items() + self._outbox.failed_items()
        titles = {job.id: job.title for job in self._jobs.list_jobs()}
        self.model.set_items(items, titles)
        row = None if kept is None else self.model.row_of(kept.id)
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._update_summary()
        self._update_buttons()

    def selected_item(self) -> OutboxItem | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item(index.row())

    def _on_table_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected_item()
        failed = item is not None and item.state == OutboxState.FAILED
        self.retry_button.setEnabled(failed)
        self.discard_button.setEnabled(failed)

    def _update_summary(self) -> None:
        waiting, sending, failed = self.model.counts()
        if not (waiting or sending or failed):
            self.summary.setText("Nothing waiting to be sent")
            return
        parts = [f"{waiting} waiting"]
        if sending:
            parts.append(f"{sending} sending")
        parts.append(f"{failed} failed")
        self.summary.setText(", ".join(parts))

    def _on_retry_clicked(self) -> None:
        item = self.selected_item()
        if item is None or item.state != OutboxState.FAILED:
            return
        try:
            self._outbox.retry(item.id)
        except (OutboxStateError, LookupError):
            # The worker or another window settled it meanwhile: show how it stands now.
            self._tell(f"“{describe_work(item)}” is not failed any more; the list is updated.")
            self.refresh()
            return
        self._tell(f"“{describe_work(item)}” will be sent again.")
        self.refresh()
        self.retry_requested.emit(item.id)

    def _on_discard_clicked(self) -> None:
        item = self.selected_item()
        if item is None or item.state != OutboxState.FAILED:
            return
        what = describe_work(item)
        keeps = ("Your local data stays in the track: the working copy is not changed, and "
                 "your next edit queues a new upload."
                 if item.kind == OutboxKind.TRACK_UPLOAD else
                 "Your local data stays in the track and on this computer; only this request "
                 "to the server is dropped.")
        answer = QMessageBox.question(
            self, "Discard outbox item",
            f"Stop trying to send “{what}” for {item.job_id}?\n\n{keeps}\n\n"
            f"The server will not receive it. This cannot be undone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
        try:
            self._outbox.discard(item.id, DISCARD_REASON)
        except (OutboxStateError, LookupError):
            self._tell(f"“{what}” is not failed any more, so it was not discarded.")
            self.refresh()
            return
        self._tell(f"“{what}” was discarded; it will not be sent.")
        self.refresh()

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        # A changed label is silent for screen readers; say it.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))
