"""QA findings marked as false positives, remembered per profile.

A suppression is a (check, source text, target text) triple, the same
shape as `app.segments.qa_checks.SuppressionKey` (a named tuple), so the
QA run can take `suppressed_keys()` as it is. Storage does not import the
segments package: it keeps plain text.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.schema import QaSuppressionRow

SuppressedFinding = tuple[str, str, str]
"""(check, source text, target text)."""


class SuppressionStore:
    """Suppress, list and lift suppressions of QA findings."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def suppress(self, keys: Iterable[SuppressedFinding]) -> int:
        """Remember these findings as false positives; returns how many were new."""
        added = 0
        with self._database.write() as session:
            for check, source, target in dict.fromkeys(tuple(key) for key in keys):
                if session.get(QaSuppressionRow, (check, source, target)) is None:
                    session.add(QaSuppressionRow(qa_check=check, source_text=source,
                                                 target_text=target, created_at=utc_now()))
                    added += 1
        return added

    def lift(self, keys: Iterable[SuppressedFinding]) -> None:
        """Flag these findings again."""
        with self._database.write() as session:
            for check, source, target in keys:
                session.execute(delete(QaSuppressionRow).where(
                    QaSuppressionRow.qa_check == check,
                    QaSuppressionRow.source_text == source,
                    QaSuppressionRow.target_text == target))

    def suppressed_keys(self, check: str | None = None) -> frozenset[SuppressedFinding]:
        """Every suppression (or those of one check), ready for `run_qa(suppressed=...)`."""
        with self._database.read() as session:
            query = select(QaSuppressionRow.qa_check, QaSuppressionRow.source_text,
                           QaSuppressionRow.target_text)
            if check is not None:
                query = query.where(QaSuppressionRow.qa_check == check)
            return frozenset((row[0], row[1], row[2]) for row in session.execute(query))

    def is_suppressed(self, key: SuppressedFinding) -> bool:
        with self._database.read() as session:
            return session.get(QaSuppressionRow, tuple(key)) is not None


__all__ = ["SuppressedFinding", "SuppressionStore"]
