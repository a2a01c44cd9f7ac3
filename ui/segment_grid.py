"""The segment review grid: the table, its filter bar, live counters and the review keys.

Keys (also in each action's tooltip and accessible description):

- Ctrl+Enter: accept the segment (OK, or Updated if its target was edited) and go to the next row
- Ctrl+1 … Ctrl+6: set Not reviewed, OK, Updated, KO, Pending, Skipped (on every selected row)
- F8 / Shift+F8: next / previous segment not reviewed
- F9 / Shift+F9: next / previous segment with QA flags or logged errors
- Ctrl+M: log an error (MQM category, severity, comment)
- F2 or double click: edit the target; Enter saves, Escape cancels
- Ctrl+Shift+F: go to the text filter

Every change is one `QUndoCommand` on the undo stack the grid is given (or
owns), applying a `SegmentChange`; undo applies its inverse. The grid holds
no review rules beyond choosing which status a key means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.segments.review import ERROR_CATEGORIES, ReviewStatus, SegmentChange, SegmentList
from app.segments.segment import MqmError, SegmentContent
from ui.segment_annotation_dialog import AnnotationDialog
from ui.segment_filter import (
    ANY_ANNOTATION,
    FilteredSegments,
    FilterError,
    QaPresence,
    SegmentFilter,
    TextSide,
)
from ui.segment_grid_model import Column, QaFlag, SegmentGridModel
from ui.segment_target_editor import SegmentTextDelegate

# The order of Ctrl+1 … Ctrl+6.
STATUS_KEYS = (
    ReviewStatus.NOT_REVIEWED,
    ReviewStatus.OK,
    ReviewStatus.UPDATED,
    ReviewStatus.KO,
    ReviewStatus.PENDING,
    ReviewStatus.SKIPPED,
)

TEXT_FILTER_DELAY_MS = 150

KEYS_HINT = ("Keys: Ctrl+Enter accept and next · Ctrl+1…6 Not reviewed, OK, Updated, KO, "
             "Pending, Skipped · F8 next not reviewed · F9 next with issues · Ctrl+M log error · "
             "F2 edit target · Ctrl+Shift+F filter by text")


class SegmentChangeCommand(QUndoCommand):
    """One undo step: a segment change applied to (or reverted from) a segment list."""

    def __init__(self, segments: SegmentList, change: SegmentChange, description: str) -> None:
        super().__init__(description)
        self._segments = segments
        self._change = change

    def redo(self) -> None:
        self._segments.apply(self._change)

    def undo(self) -> None:
        self._segments.apply(self._change.inverse())


def _count(value: int) -> str:
    return f"{value:,}"


class SegmentGrid(QWidget):
    """Review segments one by one, from the keyboard.

    Signals: segmentActivated(str) with the id of the segment that became
    current (the lead seeks the video to `context.start_ms` for captions);
    message(str) with a plain-words note for the status bar (refused edits,
    bad filters, "nothing left to review").
    """

    segmentActivated = Signal(str)
    message = Signal(str)

    def __init__(self, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Segment review")
        self._owns_undo_stack = undo_stack is None
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.model = SegmentGridModel(self)
        self.proxy = FilteredSegments(self.model, self)
        # Targets as they were before this session's first edit of each segment,
        # so Ctrl+Enter can tell "accepted as is" from "accepted after editing".
        self._original_targets: dict[str, SegmentContent] = {}
        self.annotation_dialog: AnnotationDialog | None = None
        self._loading_total: int | None = None  # set while only a preview is shown

        self.table = self._build_table()
        self.delegate = SegmentTextDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.SOURCE, self.delegate)
        self.table.setItemDelegateForColumn(Column.TARGET, self.delegate)
        self.delegate.refused.connect(self._show_message)
        self.delegate.accept_requested.connect(self.accept_and_next)
        self.model.edit_requested.connect(self._on_model_edit_requested)
        self.model.edit_refused.connect(self._show_message)
        self.model.counts_changed.connect(self._update_counters)

        self.actions_by_name: dict[str, QAction] = {}
        toolbar = self._build_actions()
        filter_bar = self._build_filter_bar()
        counters = self._build_counters()
        self.message_label = QLabel(self)
        self.message_label.setAccessibleName("Review messages")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(toolbar)
        layout.addLayout(filter_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(counters)
        layout.addWidget(self.score_label)
        layout.addWidget(self.message_label)
        keys = QLabel(KEYS_HINT, self)
        keys.setAccessibleName("Review keys")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        # Filters first, then the table, whatever order the widgets were made in.
        chain = [*self._filter_widgets(), self.table]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        # Text caches for filters are built in small steps once the rows are painted.
        self._warm_up = QTimer(self)
        self._warm_up.setInterval(0)
        self._warm_up.timeout.connect(self._on_warm_up_timeout)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_DELAY_MS)
        self._text_timer.timeout.connect(self.apply_filters_now)
        self._update_counters()

    # --- building -----------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setAccessibleName("Segments")
        table.setAccessibleDescription(
            "One row per segment: number, source, target, status, logged errors, QA flags. "
            "Ctrl+Enter accepts and moves on; Ctrl+1 to Ctrl+6 set a status; F2 edits the target.")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        # Fixed row heights: measuring 100,000 rows to fit their text would take seconds.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().lineSpacing() * 2 + 10)
        columns = table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(Column.SOURCE, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(Column.TARGET, QHeaderView.ResizeMode.Stretch)
        digits = table.fontMetrics().horizontalAdvance("0000000")
        table.setColumnWidth(Column.NUMBER, digits)
        table.setColumnWidth(Column.STATUS, table.fontMetrics().horizontalAdvance("Not reviewed")
                             + 24)
        table.setColumnWidth(Column.ANNOTATIONS, 170)
        table.setColumnWidth(Column.QA, 170)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        return table

    def _action(self, name: str, text: str, keys: Sequence[QKeySequence | str],
                description: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = " or ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                            for key in keys[:1])
        action.setToolTip(f"{description} ({shown})")
        action.setStatusTip(description)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> QToolBar:
        toolbar = QToolBar("Review", self)
        toolbar.setAccessibleName("Review actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        accept = self._action(
            "accept", "Accept && next", ["Ctrl+Return", "Ctrl+Enter"],
            "Accept the segment (OK, or Updated if you edited its target) and go to the next row",
            self.accept_and_next)
        toolbar.addAction(accept)
        toolbar.addSeparator()
        for number, status in enumerate(STATUS_KEYS, start=1):
            action = self._action(
                f"status:{status.value}", status.label.replace("&", "&&"), [f"Ctrl+{number}"],
                f"Set the selected segments to {status.label}",
                self._status_setter(status))
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self._action(
            "next_unreviewed", "Next not reviewed", ["F8"],
            "Go to the next segment not reviewed yet", self.next_unreviewed))
        self._action("previous_unreviewed", "Previous not reviewed", ["Shift+F8"],
                     "Go to the previous segment not reviewed yet",
                     lambda: self.next_unreviewed(backwards=True))
        toolbar.addAction(self._action(
            "next_issue", "Next with issues", ["F9"],
            "Go to the next segment with QA flags or logged errors", self.next_with_issues))
        self._action("previous_issue", "Previous with issues", ["Shift+F9"],
                     "Go to the previous segment with QA flags or logged errors",
                     lambda: self.next_with_issues(backwards=True))
        toolbar.addSeparator()
        toolbar.addAction(self._action(
            "annotate", "Log error…", ["Ctrl+M"],
            "Log an error on this segment: category, severity and comment", self.annotate))
        self._action("edit", "Edit target", ["F2"], "Edit the target text of this segment",
                     self.edit_target)
        self._action("find", "Filter by text", ["Ctrl+Shift+F"], "Go to the text filter",
                     self._focus_text_filter)
        if self._owns_undo_stack:
            # Only with a stack of its own: the main window's Undo would make Ctrl+Z ambiguous.
            for name, action, keys in (
                    ("undo", self.undo_stack.createUndoAction(self, "Undo"),
                     QKeySequence.StandardKey.Undo),
                    ("redo", self.undo_stack.createRedoAction(self, "Redo"),
                     QKeySequence.StandardKey.Redo)):
                action.setShortcuts(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
                self.actions_by_name[name] = action
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&&", "&"))
                button.setAccessibleDescription(action.toolTip())
        return toolbar

    def _status_setter(self, status: ReviewStatus) -> Callable[[], None]:
        return lambda: self.set_status(status)

    def _build_filter_bar(self) -> QHBoxLayout:
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Filter by text… (Ctrl+Shift+F)")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setAccessibleName("Text filter")
        self.text_filter.setAccessibleDescription(
            "Shows only segments whose text contains this (or matches it as a regular expression)")
        self.text_filter.textChanged.connect(lambda _text: self._text_timer.start())
        self.text_filter.returnPressed.connect(self.apply_filters_now)

        self.side_filter = QComboBox(self)
        self.side_filter.setAccessibleName("Search in")
        for label, side in (("Source and target", TextSide.BOTH), ("Source", TextSide.SOURCE),
                            ("Target", TextSide.TARGET)):
            self.side_filter.addItem(label, side)
        self.regex_filter = QCheckBox("Re&gex", self)
        self.regex_filter.setAccessibleName("Regular expression")
        self.regex_filter.setToolTip("Treat the text filter as a regular expression")
        self.case_filter = QCheckBox("Match &case", self)
        self.case_filter.setAccessibleName("Match case")

        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Status filter")
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Still open (not reviewed or pending)",
                                   frozenset({ReviewStatus.NOT_REVIEWED, ReviewStatus.PENDING}))
        for status in ReviewStatus:
            self.status_filter.addItem(status.label, frozenset({status}))
        self.qa_filter = QComboBox(self)
        self.qa_filter.setAccessibleName("QA filter")
        for label, presence in (("QA: any", QaPresence.ANY), ("With QA flags", QaPresence.FLAGGED),
                                ("Without QA flags", QaPresence.CLEAN)):
            self.qa_filter.addItem(label, presence)
        self.error_filter = QComboBox(self)
        self.error_filter.setAccessibleName("Error filter")
        self.error_filter.addItem("Errors: any", None)
        self.error_filter.addItem("With logged errors", ANY_ANNOTATION)
        for category in ERROR_CATEGORIES:
            self.error_filter.addItem(f"Errors: {category}", category)
        clear = self.clear_button = QPushButton("Clear filters", self)
        clear.setAccessibleName("Clear filters")
        clear.clicked.connect(self.clear_filters)

        for widget in (self.side_filter, self.status_filter, self.qa_filter, self.error_filter):
            widget.currentIndexChanged.connect(lambda _index: self.apply_filters_now())
        for box in (self.regex_filter, self.case_filter):
            box.toggled.connect(lambda _on: self.apply_filters_now())
        bar = QHBoxLayout()
        bar.addWidget(self.text_filter, 2)
        bar.addWidget(self.side_filter)
        bar.addWidget(self.regex_filter)
        bar.addWidget(self.case_filter)
        bar.addSpacing(12)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.qa_filter)
        bar.addWidget(self.error_filter)
        bar.addWidget(clear)
        return bar

    def _build_counters(self) -> QHBoxLayout:
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Review progress")
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(self.progress.fontMetrics().horizontalAdvance(
            "100,000 of 100,000 reviewed") + 24)
        self.counts_label = QLabel(self)
        self.counts_label.setAccessibleName("Segments per status")
        self.shown_label = QLabel(self)
        self.shown_label.setAccessibleName("Segments shown")
        self.score_label = QLabel(self)
        self.score_label.setAccessibleName("Quality score")
        self.score_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.progress)
        row.addWidget(self.counts_label, 1)
        row.addWidget(self.shown_label)
        return row

    def set_score_text(self, text: str) -> None:
        """The quality score line under the table (its formula is part of the text)."""
        self.score_label.setText(text)
        self.score_label.setAccessibleDescription(text)

    # --- the segments -------------------------------------------------------------------

    def set_segments(self, segments: SegmentList) -> None:
        """Review these segments (filters are cleared; the first row becomes current,
        or, after `show_preview`, the segment the reviewer was looking at)."""
        keep = self.current_segment_id() if self._loading_total is not None else None
        self._set_loading(None)
        self._original_targets = {}
        self.model.set_segments(segments)
        self._reset_filter_widgets()
        self._update_counters()
        if not (keep is not None and self.select_segment(keep)) and self.proxy.rowCount():
            self._go_to_view_row(0)
        self._warm_up.start()

    def show_preview(self, first: SegmentList, total: int) -> None:
        """Show the first segments of a file still being read, to look at but not change.

        A big file shows its first screen at once; `set_segments` with every
        segment then makes the grid editable (review keys explain the wait).
        """
        self._set_loading(total)
        self._original_targets = {}
        self.model.set_segments(first)
        self._reset_filter_widgets()
        self._update_counters()
        if self.proxy.rowCount():
            self._go_to_view_row(0)

    @property
    def filters_ready(self) -> bool:
        """True once the text caches that make filters quick are built (soon after opening)."""
        return not self._warm_up.isActive()

    @property
    def is_loading(self) -> bool:
        return self._loading_total is not None

    def _set_loading(self, total: int | None) -> None:
        self._loading_total = total
        loading = total is not None
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if loading
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed)
        for widget in self._filter_widgets():
            widget.setEnabled(not loading)

    def _still_loading(self) -> bool:
        """True (and says so) while only a preview is shown."""
        if self._loading_total is None:
            return False
        self._show_message(f"Still opening the file ({_count(self.model.rowCount())} of "
                           f"{_count(self._loading_total)} segments read): changes and "
                           "filters wait until it is open.")
        return True

    def set_qa_flags(self, flags: Mapping[str, Sequence[QaFlag]]) -> None:
        """Show QA findings: segment id → list of (check name, message)."""
        self.model.set_qa_flags(flags)

    @property
    def segment_list(self) -> SegmentList:
        return self.model.segment_list

    def current_segment_id(self) -> str | None:
        row = self._current_model_row()
        return None if row is None else self.model.segment_at(row).id

    def select_segment(self, segment_id: str) -> bool:
        """Make a segment current; False if the filter hides it (or it does not exist)."""
        try:
            view_row = self.proxy.view_row(self.model.row_of(segment_id))
        except KeyError:
            return False
        if view_row is None:
            return False
        self._go_to_view_row(view_row)
        return True

    def review_actions(self) -> list[QAction]:
        """The grid's actions, for a Review menu in the main window."""
        return list(self.actions_by_name.values())

    # --- review keys ------------------------------------------------------------------------

    def accept_and_next(self) -> None:
        """Accept the current segment (OK, or Updated if edited) and go to the next row."""
        if self._still_loading():
            return
        if not self.delegate.commit_open_editor():
            return
        row = self._current_model_row()
        if row is None:
            return
        segment = self.model.segment_at(row)
        original = self._original_targets.get(segment.id, segment.target)
        edited = segment.status is ReviewStatus.UPDATED or original != segment.target
        status = ReviewStatus.UPDATED if edited else ReviewStatus.OK
        self._push(self.model.segment_list.change([replace(segment, status=status)]),
                   f"Accept segment {row + 1}")
        view_row = self.table.currentIndex().row()
        if view_row + 1 < self.proxy.rowCount():
            self._go_to_view_row(view_row + 1)
        else:
            self._show_message("That was the last segment shown.")

    def set_status(self, status: ReviewStatus) -> None:
        """Give every selected segment (or the current one) this status, in one undo step."""
        if self._still_loading():
            return
        if not self.delegate.commit_open_editor():
            return
        rows = self._selected_model_rows()
        if not rows:
            return
        segments = [self.model.segment_at(row) for row in rows]
        change = self.model.segment_list.change(
            [replace(segment, status=status) for segment in segments])
        what = f"segment {rows[0] + 1}" if len(rows) == 1 else f"{len(rows)} segments"
        self._push(change, f"Set {what} to {status.label}")

    def next_unreviewed(self, backwards: bool = False) -> bool:
        """Go to the next (or previous) shown segment not reviewed yet; False if none."""
        def unreviewed(row: int) -> bool:
            return self.model.segment_at(row).status is ReviewStatus.NOT_REVIEWED

        return self._go_to_next(unreviewed, backwards, "No segment shown is left to review.")

    def next_with_issues(self, backwards: bool = False) -> bool:
        """Go to the next (or previous) shown segment with QA flags or logged errors."""
        def has_issues(row: int) -> bool:
            segment = self.model.segment_at(row)
            return bool(segment.annotations) or self.model.has_qa_flags(segment.id)

        return self._go_to_next(has_issues, backwards, "No segment shown has QA flags or errors.")

    def edit_target(self) -> None:
        """Open the target editor of the current segment."""
        if self._still_loading():
            return
        view_row = self.table.currentIndex().row()
        if view_row < 0:
            return
        index = self.proxy.index(view_row, Column.TARGET)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def set_target(self, segment_id: str, content: SegmentContent) -> None:
        """Replace a segment's target (it becomes Updated), as one undo step."""
        row = self.model.row_of(segment_id)
        change = self.model.plan_target(row, content)
        if not change.is_empty():
            self._push(change, f"Edit target of segment {row + 1}")

    def annotate(self) -> None:
        """Ask for an error to log on the current segment (the dialog does not block)."""
        if self._still_loading():
            return
        if not self.delegate.commit_open_editor():
            return
        row = self._current_model_row()
        if row is None:
            return
        segment_id = self.model.segment_at(row).id
        dialog = AnnotationDialog(f"segment {row + 1}", self)
        self.annotation_dialog = dialog

        def log() -> None:
            self.add_annotation(dialog.error(), segment_id)

        dialog.accepted.connect(log)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        dialog.open()

    def _forget_dialog(self, dialog: AnnotationDialog) -> None:
        if self.annotation_dialog is dialog:
            self.annotation_dialog = None
        dialog.deleteLater()
        self.table.setFocus()

    def add_annotation(self, error: MqmError, segment_id: str | None = None) -> None:
        """Log an error on a segment (the current one by default), as one undo step."""
        segment_id = segment_id or self.current_segment_id()
        if segment_id is None:
            return
        segment = self.model.segment_list.get(segment_id)
        row = self.model.row_of(segment_id)
        change = self.model.segment_list.change(
            [replace(segment, annotations=(*segment.annotations, error))])
        self._push(change, f"Log {error.severity} {error.category} error on segment {row + 1}")

    # --- filters ----------------------------------------------------------------------------

    def current_filter(self) -> SegmentFilter:
        """The filter the filter bar describes."""
        statuses = self.status_filter.currentData()
        return SegmentFilter(
            statuses=statuses if statuses is not None else frozenset(),
            # Qt hands StrEnum data back as plain str.
            qa=QaPresence(self.qa_filter.currentData()),
            annotation=self.error_filter.currentData(),
            text=self.text_filter.text(),
            side=TextSide(self.side_filter.currentData()),
            regex=self.regex_filter.isChecked(),
            case_sensitive=self.case_filter.isChecked(),
        )

    def apply_filters_now(self) -> None:
        """Apply the filter bar (typing in the text filter does this after a short pause)."""
        self._text_timer.stop()
        self.apply_filter(self.current_filter())

    def apply_filter(self, segment_filter: SegmentFilter) -> bool:
        """Show only matching segments, keeping the current one if it still shows."""
        if self._still_loading():
            return False
        keep = self.current_segment_id()
        try:
            self.proxy.set_filter(segment_filter)
        except FilterError as error:
            self.text_filter.setToolTip(str(error))
            self._show_message(str(error))
            return False
        self.text_filter.setToolTip("")
        if not (keep is not None and self.select_segment(keep)) and self.proxy.rowCount():
            self._go_to_view_row(0)
        self._update_counters()
        return True

    def clear_filters(self) -> None:
        self._reset_filter_widgets()
        self.apply_filters_now()

    def _filter_widgets(self) -> tuple[QWidget, ...]:
        return (self.text_filter, self.side_filter, self.regex_filter, self.case_filter,
                self.status_filter, self.qa_filter, self.error_filter, self.clear_button)

    def _reset_filter_widgets(self) -> None:
        for widget in self._filter_widgets():
            widget.blockSignals(True)
        self.text_filter.clear()
        for box in (self.side_filter, self.status_filter, self.qa_filter, self.error_filter):
            box.setCurrentIndex(0)
        self.regex_filter.setChecked(False)
        self.case_filter.setChecked(False)
        for widget in self._filter_widgets():
            widget.blockSignals(False)
        self._text_timer.stop()

    def _focus_text_filter(self) -> None:
        self.text_filter.setFocus()
        self.text_filter.selectAll()

    # --- counters ---------------------------------------------------------------------------

    def progress_text(self) -> str:
        """"312 of 1,204 reviewed"."""
        return (f"{_count(self.model.reviewed_count())} of {_count(self.model.rowCount())} "
                "reviewed")

    def counts_text(self) -> str:
        counts = self.model.status_counts()
        return " · ".join(f"{status.label}: {_count(counts[status])}" for status in ReviewStatus)

    def _update_counters(self) -> None:
        total = self.model.rowCount()
        if self._loading_total is not None:
            opening = (f"Opening… {_count(total)} of {_count(self._loading_total)} "
                       "segments shown")
            self.progress.setRange(0, 0)  # busy: the reading has no steps to show here
            self.progress.setFormat(opening)
            self.progress.setAccessibleDescription(opening)
            self.counts_label.setText(opening)
            self.shown_label.setText("")
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(self.model.reviewed_count())
        self.progress.setFormat(self.progress_text())
        self.progress.setAccessibleDescription(self.progress_text())
        self.progress.setToolTip("Reviewed means any status but Not reviewed and Pending")
        self.counts_label.setText(self.counts_text())
        shown = self.proxy.rowCount()
        self.shown_label.setText(f"Showing all {_count(total)}" if shown == total
                                 else f"Showing {_count(shown)} of {_count(total)}")

    # --- plumbing ----------------------------------------------------------------------------

    def _push(self, change: SegmentChange, description: str) -> None:
        if change.is_empty() or self._still_loading():
            return
        for segment in change.before:
            self._original_targets.setdefault(segment.id, segment.target)
        self.undo_stack.push(SegmentChangeCommand(self.model.segment_list, change, description))

    def _on_model_edit_requested(self, change: object) -> None:
        assert isinstance(change, SegmentChange)
        row = self.model.row_of(change.after[0].id)
        self._push(change, f"Edit target of segment {row + 1}")

    def _on_warm_up_timeout(self) -> None:
        if self.model.warm_up_texts():
            self._warm_up.stop()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.message.emit(text)

    def _current_model_row(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).row()

    def _selected_model_rows(self) -> list[int]:
        selected = self.table.selectionModel().selectedRows()
        rows = sorted({self.proxy.mapToSource(index).row() for index in selected})
        if not rows:
            current = self._current_model_row()
            rows = [] if current is None else [current]
        return rows

    def _go_to_view_row(self, view_row: int) -> None:
        index = self.proxy.index(view_row, Column.TARGET)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _go_to_next(self, wanted: Callable[[int], bool], backwards: bool, none_left: str) -> bool:
        rows = self.proxy.model_rows()
        if not rows:
            return False
        here = self.table.currentIndex().row()
        count = len(rows)
        start = here if here >= 0 else (count if not backwards else -1)
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            view_row = (start + step * offset) % count
            if wanted(rows[view_row]):
                self._go_to_view_row(view_row)
                return True
        self._show_message(none_left)
        return False

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            row = self.proxy.mapToSource(current).row()
            self.segmentActivated.emit(self.model.segment_at(row).id)
