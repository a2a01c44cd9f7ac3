"""The caption editor: the cue table, the selected cue's details, find/replace, one undo stack.

Every change, from a cell, the detail pane, a menu command or find/replace, is
a domain edit pushed on the undo stack; the document applies and autosaves
it. QC runs again after each edit on a worker thread, so typing never waits
for the rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.captions.document import TrackDocument
from app.captions.model import Track, TrackEdit
from app.captions.operations import (
    plan_delete,
    plan_merge,
    plan_new_cue_after,
    plan_new_cue_at,
    plan_new_cue_before,
    plan_set_end,
    plan_set_start,
    plan_shift,
    plan_snap_to_frames,
    plan_split,
)
from app.captions.quality import Finding, QualityProfile, check_track, sorted_findings
from app.captions.search import Query, find_next, plan_replace
from app.captions.shot_change_rule import check_shot_changes
from app.spelling.checker import Spelling
from ui.background import Background
from ui.cue_detail import CueDetail
from ui.cue_table_model import Column, CueTableModel
from ui.cue_text_delegate import CueTextDelegate
from ui.find_bar import FindBar
from ui.undo_bridge import push_edit


class CaptionEditor(QWidget):
    """Signals:
    findings_changed(list) — the track's QC findings after the latest edit;
    document_changed() — an edit (or undo) was applied and autosaved (or failed to save);
    message(str) — something to tell the person (a refused edit, a find result);
    seek_requested(int) — the person asked to see a cue's start in the video.
    """

    findings_changed = Signal(list)
    document_changed = Signal()
    message = Signal(str)
    seek_requested = Signal(int)

    def __init__(self, profile: QualityProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.document: TrackDocument | None = None
        self.undo_stack = QUndoStack(self)
        self.playhead_ms: Callable[[], int] = lambda: 0
        self.follow_playback = True
        self._background = Background(self)
        self._qc_generation = 0
        self._qc_timer = QTimer(self)
        self._qc_timer.setSingleShot(True)
        self._qc_timer.setInterval(120)
        self._qc_timer.timeout.connect(self._run_qc)
        self._starts: list[int] = []
        # Cuts in the video, for the shot-change QC rule (empty until detected).
        self.shot_changes: list[int] = []
        self.frame_rate = 25.0

        self.title = QLabel("Choose a track on the left, or File → Open.", self)
        self.title.setAccessibleName("Current track")
        self.model = CueTableModel(parent=self)
        self.model.edit_requested.connect(self.request)
        self.model.edit_refused.connect(self.message)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cues")
        self.table.setAccessibleDescription(
            "Cues of the track: number, identifier, start, end, duration, reading speed, text and "
            "QC findings. F2 edits a cell; Enter in the text saves; double-click seeks the video.")
        self._text_delegate = CueTextDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.TEXT, self._text_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # F2 edits a cell; plain keys stay free for the J/K/L and Space shortcuts.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        widths = ((Column.NUMBER, 50), (Column.IDENTIFIER, 80), (Column.START, 100),
                  (Column.END, 100), (Column.DURATION, 70), (Column.CPS, 50), (Column.QC, 120))
        for column, width in widths:
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

        self.detail = CueDetail(self)
        self.detail.edit_requested.connect(self.request)
        self.detail.edit_refused.connect(self.message)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.find_bar.find_requested.connect(self._on_find_requested)
        self.find_bar.replace_requested.connect(self._on_replace_requested)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("editor-splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.find_bar)

    # --- the document -----------------------------------------------------------------

    @property
    def track(self) -> Track | None:
        return self.document.track if self.document else None

    def open_document(self, document: TrackDocument, findings: list[Finding]) -> None:
        self.undo_stack.clear()
        self.document = document
        document.add_listener(self._on_document_edit_applied)
        self.model.set_track(document.track, findings)
        self._index_starts()
        self.findings_changed.emit(findings)
        self.title.setText(f"{document.title} — {len(document.track.cues)} cues — "
                           f"QC profile: {self.profile.label}")
        if document.track.cues:
            self.select_row(0)
        else:
            self.detail.show_cue(document.track, None)

    def request(self, edit: object) -> None:
        """Apply an edit through the undo stack (the one door for every change)."""
        if self.document is None or not isinstance(edit, TrackEdit):
            return
        push_edit(self.undo_stack, self.document, edit)

    def attempt(self, plan: Callable[[Track], TrackEdit]) -> bool:
        """Plan an edit on the open track and apply it, or say why it cannot be done."""
        if self.document is None:
            self.message.emit("Open a track first.")
            return False
        try:
            edit = plan(self.document.track)
        except ValueError as error:
            self.message.emit(str(error))
            return False
        if edit.is_empty():
            self.message.emit("Nothing to change.")
            return False
        self.request(edit)
        return True

    def _on_document_edit_applied(self, edit: TrackEdit) -> None:
        document = self.document
        if document is not None and document.notice is not None:
            self._show_replaced_track(document)
            return
        self.model.edit_applied(edit)
        self._index_starts()
        if self.document is not None:
            self.detail.show_cue(self.document.track, self.current_row())
        self._qc_timer.start()
        self.document_changed.emit()

    def _show_replaced_track(self, document: TrackDocument) -> None:
        """The save merged this edit into a newer copy: show that copy, start undo afresh."""
        notice, document.notice = document.notice or "", None
        row = self.current_row()
        self.model.set_track(document.track, [])
        self._index_starts()
        # Not during the push that got us here: the stack is still busy with it.
        QTimer.singleShot(0, self.undo_stack.clear)
        if row is not None:
            self.select_row(min(row, self.model.rowCount() - 1))
        self._qc_timer.start()
        self.message.emit(notice)
        self.document_changed.emit()

    # --- selection --------------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.current_row() is not None:
            rows = [self.current_row()]  # type: ignore[list-item]
        return rows

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, Column.TEXT)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_cue(self.track, current.row() if current.isValid() else None)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if self.track is not None and index.column() != Column.TEXT:
            self.seek_requested.emit(self.track.cues[index.row()].start_ms)

    # --- playback following -----------------------------------------------------------

    def _index_starts(self) -> None:
        self._starts = [cue.start_ms for cue in self.track.cues] if self.track else []

    def cue_at(self, ms: int) -> int | None:
        """The cue showing at `ms` (the latest-starting one when cues overlap)."""
        if self.track is None:
            return None
        position = bisect.bisect_right(self._starts, ms) - 1
        cues = self.track.cues
        # Tracks are mostly sorted; look back a little for a long earlier cue.
        for row in range(position, max(position - 8, -1), -1):
            if 0 <= row < len(cues) and cues[row].start_ms <= ms < cues[row].end_ms:
                return row
        return None

    def follow(self, ms: int) -> None:
        """Select the active cue while playing, unless the person is typing in the table."""
        if not self.follow_playback or self.table.state() == QAbstractItemView.State.EditingState:
            return
        if self.detail.text.hasFocus():
            return
        row = self.cue_at(ms)
        if row is not None and row != self.current_row():
            self.select_row(row)

    # --- commands (menus and shortcuts call these) ------------------------------------

    def insert_after(self) -> None:
        row = self.current_row()
        if self.track is not None and not self.track.cues:
            self.attempt(lambda t: plan_new_cue_at(t, self.playhead_ms()))
            self.select_row(0)
            return
        if row is not None and self.attempt(lambda t: plan_new_cue_after(t, row)):
            self.select_row(row + 1)

    def insert_before(self) -> None:
        row = self.current_row()
        if row is not None and self.attempt(lambda t: plan_new_cue_before(t, row)):
            self.select_row(row)

    def insert_at_playhead(self) -> None:
        at = self.playhead_ms()
        if self.attempt(lambda t: plan_new_cue_at(t, at)):
            row = self.cue_at(at)
            if row is not None:
                self.select_row(row)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows and self.attempt(lambda t: plan_delete(t, rows)):
            self.select_row(min(rows[0], self.model.rowCount() - 1))

    def split_at_playhead(self) -> None:
        row = self.current_row()
        at = self.playhead_ms()
        if row is not None:
            self.attempt(lambda t: plan_split(t, row, at))

    def split_at_text_cursor(self) -> None:
        row = self.current_row()
        if row is None or self.track is None:
            return
        cue = self.track.cues[row]
        position = self.detail.text.textCursor().position()
        # Time the cut by where the text is cut, in proportion: a fair first guess.
        share = position / max(len(cue.text), 1)
        at = cue.start_ms + max(1, min(cue.duration_ms - 1, round(cue.duration_ms * share)))
        self.attempt(lambda t: plan_split(t, row, at, position))

    def merge_with_next(self) -> None:
        row = self.current_row()
        if row is not None:
            self.attempt(lambda t: plan_merge(t, row))

    def set_start_from_playhead(self) -> None:
        row, at = self.current_row(), self.playhead_ms()
        if row is not None:
            self.attempt(lambda t: plan_set_start(t, row, at))

    def set_end_from_playhead(self) -> None:
        row, at = self.current_row(), self.playhead_ms()
        if row is not None:
            self.attempt(lambda t: plan_set_end(t, row, at))

    def shift_selected(self, offset_ms: int) -> None:
        rows = self.selected_rows()
        if rows:
            self.attempt(lambda t: plan_shift(t, offset_ms, rows))

    def shift_all(self, offset_ms: int) -> None:
        self.attempt(lambda t: plan_shift(t, offset_ms))

    def snap_selected_to_frames(self) -> None:
        rows = self.selected_rows()
        rate = self.document.frame_rate if self.document else 25.0
        if rows:
            self.attempt(lambda t: plan_snap_to_frames(t, rate, rows))

    def open_find(self, replace: bool = False) -> None:
        self.find_bar.open(replace)

    # --- find and replace -------------------------------------------------------------

    def _on_find_requested(self, query: Query, backwards: bool) -> None:
        if self.track is None:
            return
        row = self.current_row()
        try:
            found = find_next(self.track, query, (row, 0) if row is not None else None,
                              backwards)
        except ValueError as error:
            self.find_bar.status.setText(str(error))
            return
        if found is None:
            self.find_bar.status.setText("Not found")
            return
        self.find_bar.status.setText(f"Cue {found.cue + 1}")
        self.select_row(found.cue)

    def _on_replace_requested(self, query: Query, replacement: str, every: bool) -> None:
        if self.track is None:
            return
        row = self.current_row()
        rows = None if every else ([row] if row is not None else [])
        try:
            edit = plan_replace(self.track, query, replacement, rows)
        except ValueError as error:
            self.find_bar.status.setText(str(error))
            return
        if edit.is_empty():
            self.find_bar.status.setText("Nothing replaced")
            return
        self.request(edit)
        self.find_bar.status.setText(edit.description)
        if not every:
            self._on_find_requested(query, False)

    # --- live QC ----------------------------------------------------------------------

    def _run_qc(self) -> None:
        if self.document is None:
            return
        self._qc_generation += 1
        generation = self._qc_generation
        snapshot = self.document.track.copy()
        profile = self.profile

        def done(findings: object) -> None:
            if generation == self._qc_generation and isinstance(findings, list):
                self.model.set_findings(findings)
                self.findings_changed.emit(findings)

        cuts, frame_rate = list(self.shot_changes), self.frame_rate

        def check() -> list[Finding]:
            found = check_track(snapshot, profile)
            if cuts:
                found = sorted_findings(found + check_shot_changes(snapshot, cuts, frame_rate))
            return found

        self._background.run(check, done,
                             lambda error: self.message.emit(f"QC could not run: {error}"))

    def recheck(self) -> None:
        """Run QC again soon (the profile or the cuts changed, not the track)."""
        if self.document is not None:
            self._qc_timer.start()

    def check_spelling(self, spelling: Spelling, language: str) -> None:
        """Underline misspellings in `language` in the detail pane and the table's text editor."""
        self.detail.spell_check.use_language(spelling, language)
        self._text_delegate.spell_source = self.detail.spell_check

    def set_shot_changes(self, cuts: list[int], frame_rate: float) -> None:
        """The video's cuts are known: check cue edges against them too."""
        if sorted(cuts) == self.shot_changes and frame_rate == self.frame_rate:
            return  # already checked against these
        self.shot_changes, self.frame_rate = sorted(cuts), frame_rate
        if self.document is not None:
            self._qc_timer.start()

    def wait_for_background(self) -> None:
        """Let running QC finish (on close and in tests)."""
        self._background.wait(3000)
