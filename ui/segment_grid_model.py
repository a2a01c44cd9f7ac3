"""A table model over the segments of one review: number, source, target, status,
annotations and QA flags.

Rows are read on demand from the `SegmentList` (never copied into items), so
100,000 segments cost nothing until rows are painted. The model listens to
the list: whoever applied a change (an undo command, a binding re-reading a
file), the rows it touched are refreshed and the status counts kept up to
date without a recount.

Editing the target never changes the list directly: the model plans a
`SegmentChange` and hands it to `edit_requested`, so every change goes
through the undo stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.segments.review import ReviewStatus, Segment, SegmentChange, SegmentList
from app.segments.segment import MqmError, SegmentContent, plain_text
from ui.segment_tag_text import tagged_text

SegmentRole = Qt.ItemDataRole.UserRole + 1
TaggedTextRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

QaFlag = tuple[str, str]  # (check name, message)


class Column(IntEnum):
    NUMBER = 0
    SOURCE = 1
    TARGET = 2
    STATUS = 3
    ANNOTATIONS = 4
    QA = 5


HEADERS = {
    Column.NUMBER: "#",
    Column.SOURCE: "Source",
    Column.TARGET: "Target",
    Column.STATUS: "Status",
    Column.ANNOTATIONS: "Errors",
    Column.QA: "QA",
}

# Soft tints that back up the status text (never replace it).
STATUS_TINTS = {
    ReviewStatus.NOT_REVIEWED: None,
    ReviewStatus.OK: QColor("#dcf2e0"),
    ReviewStatus.UPDATED: QColor("#dbe9fb"),
    ReviewStatus.KO: QColor("#fbdcdc"),
    ReviewStatus.PENDING: QColor("#fff1c9"),
    ReviewStatus.SKIPPED: QColor("#e9e9e9"),
}

# Statuses that still need the reviewer: they are not counted as reviewed.
OPEN_STATUSES = frozenset({ReviewStatus.NOT_REVIEWED, ReviewStatus.PENDING})


_TEXT_KEYS = ("source", "target", "source/folded", "target/folded")


def _plain(content: SegmentContent) -> str:
    """`plain_text`, with a shortcut for the common untagged segment (filters read 100,000)."""
    if len(content) == 1 and type(content[0]) is str:
        return content[0]
    return plain_text(content)


def annotation_summary(annotations: Sequence[MqmError]) -> str:
    """Short text for the errors column: "Major Accuracy, Minor Style"."""
    return ", ".join(f"{error.severity} {error.category}" for error in annotations)


def qa_summary(flags: Sequence[QaFlag]) -> str:
    """Short text for the QA column: "⚠ 2: numbers, tags"."""
    if not flags:
        return ""
    names = list(dict.fromkeys(name for name, _ in flags))
    return f"⚠ {len(flags)}: {', '.join(names)}"


class SegmentGridModel(QAbstractTableModel):
    """Segments of one review as rows.

    Signals: edit_requested(SegmentChange) when a target edit asks for a
    change; edit_refused(str) with a plain-words reason when an edit cannot
    be made; counts_changed() when the number of segments per status moved.
    """

    edit_requested = Signal(object)
    edit_refused = Signal(str)
    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._list = SegmentList([])
        self._qa: dict[str, list[QaFlag]] = {}
        self._counts = dict.fromkeys(ReviewStatus, 0)
        # Plain texts for text filters, built on first use and kept in step with changes.
        self._texts: dict[str, list[str]] = {}

    # --- the segments ---------------------------------------------------------------

    def set_segments(self, segments: SegmentList) -> None:
        """Show these segments (the model starts listening to their changes)."""
        self.beginResetModel()
        self._list = segments
        self._texts = {}
        self._counts = dict.fromkeys(ReviewStatus, 0)
        for segment in segments.segments():
            self._counts[segment.status] += 1
        self.endResetModel()
        segments.add_listener(lambda change: self._on_segments_changed(segments, change))
        self.counts_changed.emit()

    @property
    def segment_list(self) -> SegmentList:
        return self._list

    def segment_at(self, row: int) -> Segment:
        return self._list.segments()[row]

    def row_of(self, segment_id: str) -> int:
        return self._list.row_of(segment_id)

    def status_counts(self) -> dict[ReviewStatus, int]:
        """How many segments have each status (every status present, zero included)."""
        return dict(self._counts)

    def reviewed_count(self) -> int:
        """Segments with a decision: anything but not reviewed and pending."""
        return len(self._list) - sum(self._counts[status] for status in OPEN_STATUSES)

    def texts(self, side: str, *, folded: bool = False) -> list[str]:
        """The plain text of every segment's ``"source"`` or ``"target"``, by row.

        ``folded`` gives them case-folded, for case-insensitive search.
        """
        key = f"{side}/folded" if folded else side
        self._build_texts(key, len(self._list))
        return self._texts[key]

    def warm_up_texts(self, rows: int = 10_000) -> bool:
        """Build a slice of the text caches ahead of the first filter; True once all are built.

        Called in small steps after the first paint, so the first filter of a
        100,000-segment review answers as fast as the next ones without one
        long stall of the GUI thread.
        """
        total = len(self._list)
        for key in _TEXT_KEYS:
            built = len(self._texts.get(key, ()))
            if built < total:
                self._build_texts(key, min(built + rows, total))
                return False
        return True

    def _build_texts(self, key: str, until: int) -> None:
        """Extend one text cache to cover rows ``[0, until)``."""
        built = self._texts.setdefault(key, [])
        start = len(built)
        if start >= until:
            return
        side, _, folded = key.partition("/")
        if folded:
            self._build_texts(side, until)
            plain = self._texts[side]
            built.extend(text.casefold() for text in plain[start:until])
            return
        segments = self._list.segments()
        if side == "source":
            built.extend(_plain(segment.source) for segment in segments[start:until])
        else:
            built.extend(_plain(segment.target) for segment in segments[start:until])

    def _update_texts(self, side: str, row: int, content: SegmentContent) -> None:
        for key, text in ((side, _plain(content)), (f"{side}/folded", None)):
            cache = self._texts.get(key)
            if cache is not None and row < len(cache):
                cache[row] = text if text is not None else _plain(content).casefold()

    def _on_segments_changed(self, segments: SegmentList, change: SegmentChange) -> None:
        if segments is not self._list:
            return  # a list this model no longer shows
        statuses_moved = False
        for old, new in zip(change.before, change.after, strict=True):
            row = self._list.row_of(new.id)
            if old.status != new.status:
                self._counts[old.status] -= 1
                self._counts[new.status] += 1
                statuses_moved = True
            if old.source != new.source:
                self._update_texts("source", row, new.source)
            if old.target != new.target:
                self._update_texts("target", row, new.target)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        if statuses_moved:
            self.counts_changed.emit()

    # --- QA flags ---------------------------------------------------------------------

    def set_qa_flags(self, flags: Mapping[str, Sequence[QaFlag]]) -> None:
        """Replace the QA flags: segment id → list of (check name, message)."""
        self._qa = {segment_id: list(found) for segment_id, found in flags.items() if found}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, Column.QA), self.index(self.rowCount() - 1,
                                                                       Column.QA))

    def qa_flags(self, segment_id: str) -> list[QaFlag]:
        return self._qa.get(segment_id, [])

    def has_qa_flags(self, segment_id: str) -> bool:
        return segment_id in self._qa

    # --- editing ------------------------------------------------------------------------

    def plan_target(self, row: int, content: SegmentContent) -> SegmentChange:
        """The change that puts ``content`` in the target; an edited segment counts as updated."""
        segment = self.segment_at(row)
        status = segment.status if content == segment.target else ReviewStatus.UPDATED
        return self._list.change([replace(segment, target=content, status=status)])

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == Column.TARGET:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() != Column.TARGET or not isinstance(value, tuple):
            return False
        change = self.plan_target(index.row(), value)
        if not change.is_empty():
            self.edit_requested.emit(change)
        return True

    # --- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._list)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        segment = self._list.segments()[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), segment, column)
        if role == SegmentRole:
            return segment
        if role in (TaggedTextRole, Qt.ItemDataRole.EditRole):
            if column == Column.SOURCE:
                return tagged_text(segment.source)
            if column == Column.TARGET:
                return tagged_text(segment.target)
            return None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._tooltip(segment, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.STATUS:
            return STATUS_TINTS[segment.status]
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            return None if STATUS_TINTS[segment.status] is None else QColor("#1a1a1a")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _display(self, row: int, segment: Segment, column: int) -> str:
        if column == Column.NUMBER:
            return str(row + 1)
        if column == Column.SOURCE:
            return tagged_text(segment.source).text
        if column == Column.TARGET:
            return tagged_text(segment.target).text
        if column == Column.STATUS:
            return segment.status.label
        if column == Column.ANNOTATIONS:
            return annotation_summary(segment.annotations)
        return qa_summary(self._qa.get(segment.id, ()))

    def _tooltip(self, segment: Segment, column: int) -> str | None:
        if column == Column.ANNOTATIONS and segment.annotations:
            return "\n".join(
                f"{error.severity} {error.category}"
                + (f": {error.comment}" if error.comment else "")
                for error in segment.annotations
            )
        if column == Column.QA:
            flags = self._qa.get(segment.id)
            if flags:
                return "\n".join(f"{name}: {message}" for name, message in flags)
            return "No QA flags"
        if column == Column.STATUS:
            return f"Status: {segment.status.label}"
        if column in (Column.SOURCE, Column.TARGET):
            content = segment.source if column == Column.SOURCE else segment.target
            text = tagged_text(content)
            return text.text or "(empty)"
        return None
