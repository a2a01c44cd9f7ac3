"""A table model over a track's cues, with their QC findings, editable in place.

Rows are built on demand from the track (never copied into items), so a
20,000-cue track costs nothing until rows are painted. Findings are shown by
an icon, a text marker and a tooltip, never by colour alone.

Editing a cell never changes the track directly: it plans a domain edit and
hands it to `edit_requested`, so every change goes through the undo stack and
the autosave; the model then hears `edit_applied` and refreshes only what the
edit touched.
"""

from __future__ import annotations

from collections import defaultdict
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.captions.model import Cue, Track, TrackEdit
from app.captions.operations import (
    plan_set_end,
    plan_set_identifier,
    plan_set_start,
    plan_set_text,
)
from app.captions.quality import Finding, Severity, visible_text
from app.captions.timecode import format_timestamp, parse_time_input

CueRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    IDENTIFIER = 1
    START = 2
    END = 3
    DURATION = 4
    CPS = 5
    TEXT = 6
    QC = 7


_HEADERS = {
    Column.NUMBER: "#",
    Column.IDENTIFIER: "ID",
    Column.START: "Start",
    Column.END: "End",
    Column.DURATION: "Duration",
    Column.CPS: "CPS",
    Column.TEXT: "Text",
    Column.QC: "QC",
}


def characters_per_second(cue: Cue) -> float | None:
    if cue.duration_ms <= 0:
        return None
    return len(visible_text(cue.text).replace("\n", "")) / (cue.duration_ms / 1000)


_EDITABLE = {Column.IDENTIFIER, Column.START, Column.END, Column.TEXT}


class CueTableModel(QAbstractTableModel):
    """Cues of one track as rows; findings keyed by cue index.

    Signals: edit_requested(TrackEdit) when a cell edit asks for a change;
    edit_refused(str) with a plain-language reason when a typed value is
    impossible (the cell keeps its value).
    """

    edit_requested = Signal(object)
    edit_refused = Signal(str)

    def __init__(self, track: Track | None = None, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._track = track or Track()
        self._findings: dict[int, list[Finding]] = {}
        self._reviewed: frozenset[int] = frozenset()

    @property
    def track(self) -> Track:
        return self._track

    def set_track(self, track: Track, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._track = track
        self._findings = _by_cue(findings)
        self.endResetModel()

    def set_findings(self, findings: list[Finding]) -> None:
        self._findings = _by_cue(findings)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, Column.QC),
                                  self.index(self.rowCount() - 1, Column.QC))

    def set_reviewed(self, rows: frozenset[int]) -> None:
        """Which cues the reviewer has marked reviewed (shown as a tick and a word)."""
        changed = rows ^ self._reviewed
        self._reviewed = rows
        for row in changed:
            if 0 <= row < self.rowCount():
                index = self.index(row, Column.NUMBER)
                self.dataChanged.emit(index, index)

    def is_reviewed(self, row: int) -> bool:
        return row in self._reviewed

    def findings_for(self, row: int) -> list[Finding]:
        return self._findings.get(row, [])

    def edit_applied(self, edit: TrackEdit) -> None:
        """Refresh after an edit (or its undo) reached the track."""
        if edit.structural:
            # Rows moved: indexes of everything after the change are new.
            self.beginResetModel()
            self.endResetModel()
            return
        last = len(Column) - 1
        for row in sorted(edit.changed):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and Column(index.column()) in _EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), Column(index.column())
        text = str(value)
        try:
            if column == Column.TEXT:
                edit = plan_set_text(self._track, row, text)
            elif column == Column.IDENTIFIER:
                edit = plan_set_identifier(self._track, row, text.strip())
            elif column == Column.START:
                edit = plan_set_start(self._track, row, parse_time_input(text))
            elif column == Column.END:
                edit = plan_set_end(self._track, row, parse_time_input(text))
            else:
                return False
        except ValueError as error:
            self.edit_refused.emit(str(error))
            return False
        if not edit.is_empty():
            self.edit_requested.emit(edit)
        return True

    # --- Qt model interface --------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._track.cues)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cue = self._track.cues[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), cue, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == Column.TEXT:
                return cue.text
            return self._display(index.row(), cue, column)
        if role == CueRole:
            return cue
        if role == SortRole:
            return self._sort_key(index.row(), cue, column)
        if column == Column.NUMBER and index.row() in self._reviewed:
            if role == Qt.ItemDataRole.AccessibleDescriptionRole:
                return "reviewed"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Marked reviewed"
        findings = self._findings.get(index.row())
        if not findings:
            return None
        worst = _worst(findings)
        if role == Qt.ItemDataRole.ToolTipRole or role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return "\n".join(f"{f.severity.value.capitalize()}: {f.hint}" for f in findings)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.QC:
            return _severity_icon(worst)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#fde2e1") if worst is Severity.ERROR else QColor("#fff4d6")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#1a1a1a")
        return None

    def _display(self, row: int, cue: Cue, column: Column) -> str:
        if column == Column.NUMBER:
            # A tick and not a colour, so it reads the same to everyone.
            return f"{row + 1} ✓" if row in self._reviewed else str(row + 1)
        if column == Column.IDENTIFIER:
            return cue.identifier
        if column == Column.START:
            return format_timestamp(max(cue.start_ms, 0))
        if column == Column.END:
            return format_timestamp(max(cue.end_ms, 0))
        if column == Column.DURATION:
            return f"{cue.duration_ms / 1000:.3f}"
        if column == Column.CPS:
            cps = characters_per_second(cue)
            return "—" if cps is None else f"{cps:.1f}"
        if column == Column.TEXT:
            return cue.text.replace("\n", " ⏎ ")
        findings = self._findings.get(row)
        if not findings:
            return ""
        # A word and a count, so the state never depends on seeing the colour.
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = len(findings) - errors
        parts = ([f"{errors} error" + ("s" if errors > 1 else "")] if errors else []) + (
            [f"{warnings} warning" + ("s" if warnings > 1 else "")] if warnings else [])
        return ", ".join(parts)

    def _sort_key(self, row: int, cue: Cue, column: Column) -> object:
        if column == Column.NUMBER:
            return row
        if column == Column.START:
            return cue.start_ms
        if column == Column.END:
            return cue.end_ms
        if column == Column.DURATION:
            return cue.duration_ms
        if column == Column.CPS:
            return characters_per_second(cue) or 0.0
        if column in (Column.TEXT, Column.IDENTIFIER):
            return cue.text if column == Column.TEXT else cue.identifier
        return len(self._findings.get(row, []))


def _by_cue(findings: list[Finding]) -> dict[int, list[Finding]]:
    grouped: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.cue is not None:
            grouped[finding.cue].append(finding)
    return dict(grouped)


def _worst(findings: list[Finding]) -> Severity:
    return (Severity.ERROR if any(f.severity is Severity.ERROR for f in findings)
            else Severity.WARNING)


def _severity_icon(severity: Severity) -> QIcon:
    style = QApplication.style()
    pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if severity is Severity.ERROR
              else QStyle.StandardPixmap.SP_MessageBoxWarning)
    return style.standardIcon(pixmap)
