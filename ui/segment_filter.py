"""Which segments the grid shows: filters by status, QA flags, error category and text.

A `QSortFilterProxyModel` would ask the model for every row's data through
Python on each keystroke; for 100,000 segments that is far too slow. Here a
filter is computed once as a list of matching rows (plain Python over cached
texts), and `FilteredSegments` is a thin proxy that maps view rows to those
rows.

Rows that stop matching after an edit stay until the filter is applied
again (as in CAT tools): a segment does not vanish under the reviewer's
cursor the moment it is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QObject, QPersistentModelIndex

from app.segments.review import ReviewStatus
from ui.segment_grid_model import SegmentGridModel

_Index = QModelIndex | QPersistentModelIndex

ANY_ANNOTATION = "*"


class QaPresence(StrEnum):
    ANY = "any"
    FLAGGED = "flagged"
    CLEAN = "clean"


class TextSide(StrEnum):
    BOTH = "both"
    SOURCE = "source"
    TARGET = "target"


class FilterError(ValueError):
    """A filter that cannot be applied (a regular expression that does not compile)."""


@dataclass(frozen=True, slots=True)
class SegmentFilter:
    """What to show. Empty fields filter nothing.

    ``annotation`` is an error category, or ``ANY_ANNOTATION`` for "has any error".
    """

    statuses: frozenset[ReviewStatus] = frozenset()
    qa: QaPresence = QaPresence.ANY
    annotation: str | None = None
    text: str = ""
    side: TextSide = TextSide.BOTH
    regex: bool = False
    case_sensitive: bool = False

    def is_empty(self) -> bool:
        return (not self.statuses and self.qa is QaPresence.ANY and self.annotation is None
                and not self.text)


def _text_test(text_filter: SegmentFilter) -> tuple[Callable[[str], bool], bool]:
    """A test for one text, and whether it wants case-folded texts."""
    if text_filter.regex:
        flags = 0 if text_filter.case_sensitive else re.IGNORECASE
        try:
            pattern = re.compile(text_filter.text, flags)
        except re.error as error:
            raise FilterError(f"That regular expression does not work: {error}") from error
        search = pattern.search
        return (lambda text: search(text) is not None), False
    if text_filter.case_sensitive:
        needle = text_filter.text
        return (lambda text: needle in text), False
    folded = text_filter.text.casefold()
    return (lambda text: folded in text), True


def matching_rows(model: SegmentGridModel, segment_filter: SegmentFilter) -> list[int]:
    """The rows of ``model`` that pass ``segment_filter``, in order.

    Raises `FilterError` for a regular expression that does not compile.
    """
    rows: list[int] = list(range(model.rowCount()))
    segments = model.segment_list.segments()
    if segment_filter.text:
        test, folded = _text_test(segment_filter)
        sides = ["source", "target"] if segment_filter.side is TextSide.BOTH else [
            segment_filter.side.value]
        columns = [model.texts(side, folded=folded) for side in sides]
        if len(columns) == 1:
            only = columns[0]
            rows = [row for row in rows if test(only[row])]
        else:
            source, target = columns
            rows = [row for row in rows if test(source[row]) or test(target[row])]
    if segment_filter.statuses:
        wanted = segment_filter.statuses
        rows = [row for row in rows if segments[row].status in wanted]
    if segment_filter.qa is not QaPresence.ANY:
        flagged = segment_filter.qa is QaPresence.FLAGGED
        rows = [row for row in rows if model.has_qa_flags(segments[row].id) == flagged]
    if segment_filter.annotation == ANY_ANNOTATION:
        rows = [row for row in rows if segments[row].annotations]
    elif segment_filter.annotation is not None:
        category = segment_filter.annotation
        rows = [row for row in rows
                if any(error.category == category for error in segments[row].annotations)]
    return rows


class FilteredSegments(QAbstractProxyModel):
    """The grid model seen through a filter: view row → model row by a precomputed list."""

    def __init__(self, model: SegmentGridModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._filter = SegmentFilter()
        self._rows: list[int] | None = None  # None: every row, in order
        self._position: dict[int, int] | None = None
        self.setSourceModel(model)
        model.dataChanged.connect(self._on_model_data_changed)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_model_reset)

    @property
    def segment_filter(self) -> SegmentFilter:
        return self._filter

    def set_filter(self, segment_filter: SegmentFilter) -> None:
        """Show only matching segments; raises `FilterError` (changing nothing) if invalid."""
        rows = None if segment_filter.is_empty() else matching_rows(self._model, segment_filter)
        self.beginResetModel()
        self._filter = segment_filter
        self._rows = rows
        self._position = None
        self.endResetModel()

    def model_rows(self) -> list[int]:
        """The model rows shown, in view order."""
        return list(range(self._model.rowCount())) if self._rows is None else list(self._rows)

    def view_row(self, model_row: int) -> int | None:
        """Where a model row is shown, or None if the filter hides it."""
        if self._rows is None:
            return model_row if 0 <= model_row < self._model.rowCount() else None
        if self._position is None:
            self._position = {row: place for place, row in enumerate(self._rows)}
        return self._position.get(model_row)

    def _on_model_reset(self) -> None:
        self._filter = SegmentFilter()
        self._rows = None
        self._position = None
        self.endResetModel()

    def _on_model_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                               roles: list[int] | None = None) -> None:
        last_column = self.columnCount() - 1
        for model_row in range(top_left.row(), bottom_right.row() + 1):
            row = self.view_row(model_row)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    # --- Qt proxy interface ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._model.rowCount() if self._rows is None else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._model.columnCount()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < self.rowCount()) or not (
                0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row() if self._rows is None else self._rows[proxy_index.row()]
        return self._model.index(row, proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self.view_row(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())
