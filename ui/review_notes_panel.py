"""Review notes at video times: list, add at the playhead, jump to, edit, resolve, delete.

A note belongs to the job (optionally to a language); it is stored locally and
its changes queue in the outbox like everything else. The times also go to the
window, which draws them as markers under the video.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.captions.timecode import format_timestamp
from app.storage import Database, ReviewNote, ReviewNoteStore
from ui.row_table_model import Index, RowTableModel, row_table_view


class ReviewNotesModel(RowTableModel):
    headers = ("Time", "Note", "Language", "Author", "State")

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[ReviewNote] = []

    def set_notes(self, notes: list[ReviewNote]) -> None:
        self.beginResetModel()
        self.notes = notes
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.notes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        note = self.notes[index.row()]
        return (
            format_timestamp(note.timestamp_ms),
            note.body,
            note.language or "whole job",
            note.author,
            "resolved" if note.resolved else "open",
        )[index.column()]


class ReviewNotesPanel(QWidget):
    """Signals: seek_requested(int ms) to jump; notes_changed(list) of (ms, text) per note."""

    seek_requested = Signal(int)
    notes_changed = Signal(list)
    message = Signal(str)

    def __init__(self, database: Database, playhead_ms: Callable[[], int],
                 author: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = ReviewNoteStore(database)
        self._playhead_ms = playhead_ms
        self._author = author
        self._job_id: str | None = None
        self._language: str | None = None
        self.setAccessibleName("Review notes")
        self.model = ReviewNotesModel()
        self.table = row_table_view(
            self.model, "Review notes",
            "Notes at video times. Enter jumps the video to the note.", self)
        self.table.horizontalHeader().setSectionResizeMode(
            1, self.table.horizontalHeader().ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)

        self.add_button = self._button("Add at playhead", None,
                                       "Add a note at the current video time", self.add_note)
        self.edit_button = self._button("Edit…", None, "Change the selected note's text",
                                        self.edit_selected)
        self.resolve_button = self._button("Resolve / reopen", None,
                                           "Mark the selected note resolved, or open again",
                                           self.toggle_resolved)
        self.delete_button = self._button("Delete", None, "Delete the selected note",
                                          self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.resolve_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self._update_buttons()

    def _button(self, label: str, shortcut: str | None, description: str,
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(label, self)
        button.setAccessibleName(label.rstrip("…"))
        tip = description + (f" ({shortcut})" if shortcut else "")
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        button.clicked.connect(slot)
        return button

    def show_job(self, job_id: str | None, language: str | None) -> None:
        self._job_id, self._language = job_id, language
        self.refresh()

    def refresh(self) -> None:
        notes = [] if self._job_id is None else self._store.list_notes(self._job_id)
        self.model.set_notes(notes)
        self._update_buttons()
        self.notes_changed.emit([(note.timestamp_ms, note.body) for note in notes])

    def _update_buttons(self) -> None:
        has_job = self._job_id is not None
        self.add_button.setEnabled(has_job)
        for button in (self.edit_button, self.resolve_button, self.delete_button):
            button.setEnabled(has_job and self.model.row_total() > 0)

    def _selected(self) -> ReviewNote | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.notes[index.row()]

    def add_note(self) -> None:
        if self._job_id is None:
            return
        at = max(0, self._playhead_ms())
        body, ok = QInputDialog.getMultiLineText(
            self, "Add review note", f"Note at {format_timestamp(at)}:")
        if not ok or not body.strip():
            return
        self._store.add_note(self._job_id, at, body.strip(), author=self._author(),
                             language=self._language)
        self.refresh()
        self.message.emit(f"Note added at {format_timestamp(at)}")

    def edit_selected(self) -> None:
        note = self._selected()
        if note is None:
            return
        body, ok = QInputDialog.getMultiLineText(self, "Edit review note", "Note:", note.body)
        if ok and body.strip():
            self._store.edit_note(note.id, body=body.strip())
            self.refresh()

    def toggle_resolved(self) -> None:
        note = self._selected()
        if note is not None:
            self._store.resolve_note(note.id, not note.resolved)
            self.refresh()

    def delete_selected(self) -> None:
        note = self._selected()
        if note is None:
            return
        answer = QMessageBox.question(
            self, "Delete review note",
            f"Delete the note at {format_timestamp(note.timestamp_ms)}?\n\n{note.body}")
        if answer == QMessageBox.StandardButton.Yes:
            self._store.delete_note(note.id)
            self.refresh()

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.seek_requested.emit(self.model.notes[index.row()].timestamp_ms)
