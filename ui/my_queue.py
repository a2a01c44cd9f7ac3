"""My queue: the languages waiting on the signed-in person, the first view after sign-in.

One row per queue entry (job, language, my role, state, due date, whether
the job's video is on this computer). The person sorts by any column,
filters by text and by state, and opens an entry with Enter or a
double-click; opening is the window's business (`openRequested`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.workflow.language_qc import state_words
from sync.shapes import QueueEntry
from ui.qc_labels import compact_rows, due_label, language_label, parse_time, role_label, sentence
from ui.row_table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex

# The raw value a column sorts by (an ISO time sorts as time, not as text).
SortRole = Qt.ItemDataRole.UserRole + 1
EntryRole = Qt.ItemDataRole.UserRole + 2

_OVERDUE = QColor("#a32020")


class Column(IntEnum):
    JOB = 0
    LANGUAGE = 1
    ROLE = 2
    STATE = 3
    DUE = 4
    OFFLINE = 5


class QueueModel(RowTableModel):
    """The queue entries as a table; `set_entries` replaces them all."""

    headers = ("Job", "Language", "My role", "State", "Due", "Available offline")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        self._offline: frozenset[str] = frozenset()
        self._now = datetime.now(UTC)

    def set_entries(
        self, entries: Sequence[QueueEntry], offline_job_ids: Collection[str] = ()
    ) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._offline = frozenset(offline_job_ids)
        self._now = datetime.now(UTC)
        self.endResetModel()

    def entry(self, row: int) -> QueueEntry:
        return self._entries[row]

    def row_total(self) -> int:
        return len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == EntryRole:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, column)
        if role == SortRole:
            return self._sort_key(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.JOB:
            return f"Job {entry.job_id}"
        # The words say "overdue" too; the colour only repeats it.
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DUE and self._overdue(entry):
            return QBrush(_OVERDUE)
        return None

    def _text(self, entry: QueueEntry, column: Column) -> str:
        if column == Column.JOB:
            return entry.job_title or entry.job_id
        if column == Column.LANGUAGE:
            return language_label(entry.language)
        if column == Column.ROLE:
            return role_label(entry.role)
        if column == Column.STATE:
            return sentence(state_words(entry.state))
        if column == Column.DUE:
            return due_label(entry.due_at, self._now)
        return "Yes" if entry.job_id in self._offline else "No"

    def _sort_key(self, entry: QueueEntry, column: Column) -> str:
        if column == Column.DUE:
            # No due date sorts last.
            return entry.due_at or "9999"
        return self._text(entry, column).casefold()

    def _overdue(self, entry: QueueEntry) -> bool:
        when = parse_time(entry.due_at)
        return when is not None and when < self._now


class QueueFilter(QSortFilterProxyModel):
    """Rows matching the typed text (job, language, role) and the chosen state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._state: str | None = None
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange()

    def set_state(self, state: str | None) -> None:
        self.beginFilterChange()
        self._state = state or None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QueueModel):
            return True
        entry = model.entry(source_row)
        if self._state is not None and entry.state != self._state:
            return False
        if not self._text:
            return True
        haystack = " ".join(
            str(model.index(source_row, column).data()) for column in Column
        ) + f" {entry.job_id} {entry.language}"
        return self._text in haystack.casefold()


class MyQueueView(QWidget):
    """Signals: openRequested(job_id, language) on Enter or a double-click on an entry."""

    openRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QueueModel(self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)

        heading = QLabel("My queue", self)
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.summary = QLabel("", self)
        self.summary.setAccessibleName("Queue summary")

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by job, language or role")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter the queue")
        self.search.setAccessibleDescription("Shows only entries whose job, language or role "
                                             "contain this text")
        self.search.textChanged.connect(self._on_text)
        search_label = QLabel("&Filter:", self)
        search_label.setBuddy(self.search)

        self.state_filter = QComboBox(self)
        self.state_filter.setAccessibleName("Show state")
        self.state_filter.setAccessibleDescription("Shows only entries in this state")
        self.state_filter.addItem("All states", None)
        self.state_filter.currentIndexChanged.connect(self._on_state)
        state_label = QLabel("&State:", self)
        state_label.setBuddy(self.state_filter)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("My queue")
        self.table.setAccessibleDescription(
            "Languages waiting on you. Arrow keys move, Enter opens, click a heading to sort.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        compact_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.JOB, QHeaderView.ResizeMode.Stretch)
        for column in (Column.LANGUAGE, Column.ROLE, Column.STATE, Column.DUE, Column.OFFLINE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open_index)
        self.open_action = QAction("Open", self.table)
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return),
                                       QKeySequence(Qt.Key.Key_Enter)])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self.open_current)
        self.table.addAction(self.open_action)

        self.status = QLabel("", self)
        self.status.setAccessibleName("Queue status")
        self.status.setWordWrap(True)
        self.empty = QLabel("Nothing is waiting on you.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)
        self.hint = QLabel("Enter or a double-click opens the chosen language; "
                           "click a column heading to sort.", self)
        self.hint.setEnabled(False)  # drawn muted: a hint, not a control

        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addSpacing(12)
        filters.addWidget(state_label)
        filters.addWidget(self.state_filter)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.hint)
        layout.addLayout(bottom)
        self.setAccessibleName("My queue")

    # --- data in --------------------------------------------------------------------

    def set_entries(
        self, entries: Sequence[QueueEntry], offline_job_ids: Collection[str] = ()
    ) -> None:
        """Replace the queue; `offline_job_ids` are the jobs whose video is on this computer."""
        chosen = self.state_filter.currentData()
        self.model.set_entries(entries, offline_job_ids)
        self._fill_states(sorted({e.state for e in entries}), chosen)
        self._update_summary()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def set_status(self, text: str) -> None:
        """A plain-words message under the table (loading, errors)."""
        self.status.setText(text)

    # --- opening --------------------------------------------------------------------

    def open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        entry = self.proxy.data(index, EntryRole)
        if isinstance(entry, QueueEntry):
            self.openRequested.emit(entry.job_id, entry.language)

    # --- filters --------------------------------------------------------------------

    def _fill_states(self, states: list[str], chosen: object) -> None:
        self.state_filter.blockSignals(True)
        self.state_filter.clear()
        self.state_filter.addItem("All states", None)
        for state in states:
            self.state_filter.addItem(sentence(state_words(state)), state)
        found = self.state_filter.findData(chosen) if chosen else 0
        self.state_filter.setCurrentIndex(max(found, 0))
        self.state_filter.blockSignals(False)
        self.proxy.set_state(self.state_filter.currentData())

    def _on_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_summary()

    def _on_state(self, _index: int) -> None:
        self.proxy.set_state(self.state_filter.currentData())
        self._update_summary()

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.empty.setVisible(total == 0)
        if total == 0:
            self.summary.setText("No entries")
        elif shown == total:
            self.summary.setText(f"{total} {'entry' if total == 1 else 'entries'}")
        else:
            self.summary.setText(f"{shown} of {total} entries shown")
