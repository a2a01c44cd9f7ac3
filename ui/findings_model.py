"""A table model listing a track's QC findings, for the findings panel."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.captions.quality import Finding, Severity
from ui.row_table_model import RowTableModel

FindingRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Severity", "Where", "Rule", "What to do")


class FindingsModel(RowTableModel):
    """One row per finding; the severity is spelled out, not only coloured."""

    headers = _HEADERS

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for f in self._findings if f.severity is Severity.ERROR)
        return errors, len(self._findings) - errors

    def row_total(self) -> int:
        return len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        finding = self._findings[index.row()]
        if role == FindingRole:
            return finding
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                finding.severity.value.capitalize(),
                f"Cue {finding.cue + 1}" if finding.cue is not None else f"Line {finding.line}",
                finding.rule,
                finding.hint,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.hint
        return None
