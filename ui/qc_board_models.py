"""The QC board's two tables: a page of jobs, and one job's language QC map.

Both are read-only views of what the loader fed in; states are written out
in words (never colour alone) and people by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.storage import LanguageInfo
from app.workflow.job_actions import status_words
from app.workflow.language_qc import state_words
from sync.shapes import JobSummary
from ui.qc_labels import language_label, person_label, sentence, time_label
from ui.row_table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex

JobRole = Qt.ItemDataRole.UserRole + 1
LanguageRole = Qt.ItemDataRole.UserRole + 2


class JobColumn(IntEnum):
    TITLE = 0
    STATUS = 1
    LANGUAGES = 2
    PROJECT = 3
    UPDATED = 4


class JobsModel(RowTableModel):
    """One page of jobs."""

    headers = ("Job", "Status", "Languages", "Project", "Updated")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[JobSummary] = []

    def set_jobs(self, jobs: Sequence[JobSummary]) -> None:
        self.beginResetModel()
        self._jobs = list(jobs)
        self.endResetModel()

    def job(self, row: int) -> JobSummary:
        return self._jobs[row]

    def jobs(self) -> list[JobSummary]:
        return list(self._jobs)

    def row_of(self, job_id: str) -> int | None:
        return next((row for row, job in enumerate(self._jobs) if job.id == job_id), None)

    def row_total(self) -> int:
        return len(self._jobs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        job = self._jobs[index.row()]
        if role == JobRole:
            return job
        column = JobColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(job, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == JobColumn.TITLE:
            return f"Job {job.id}"
        return None

    @staticmethod
    def _text(job: JobSummary, column: JobColumn) -> str:
        if column == JobColumn.TITLE:
            return job.title or job.id
        if column == JobColumn.STATUS:
            return sentence(status_words(job.status))
        if column == JobColumn.LANGUAGES:
            targets = [code for code in job.languages if code != job.source_language]
            source = f"{job.source_language} → " if job.source_language else ""
            return source + ", ".join(targets)
        if column == JobColumn.PROJECT:
            return job.project_id or ""
        return time_label(job.updated_at or job.created_at)


class LanguageColumn(IntEnum):
    LANGUAGE = 0
    STATE = 1
    LINGUIST = 2
    REVIEWER = 3
    PROGRESS = 4


class LanguageMapModel(RowTableModel):
    """One job's languages: state, linguist, reviewer and reviewed-cue progress."""

    headers = ("Language", "State", "Linguist", "Reviewer", "Reviewed cues")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._languages: list[LanguageInfo] = []
        self._cue_totals: dict[str, int] = {}

    def set_languages(
        self, languages: Sequence[LanguageInfo], cue_totals: Mapping[str, int] | None = None
    ) -> None:
        self.beginResetModel()
        self._languages = sorted(languages, key=lambda info: info.code)
        self._cue_totals = dict(cue_totals or {})
        self.endResetModel()

    def set_cue_totals(self, cue_totals: Mapping[str, int]) -> None:
        """Totals arrive after the map (they need the tracks); only the progress column changes."""
        self._cue_totals = dict(cue_totals)
        if self._languages:
            self.dataChanged.emit(self.index(0, LanguageColumn.PROGRESS),
                                  self.index(len(self._languages) - 1, LanguageColumn.PROGRESS))

    def language(self, row: int) -> LanguageInfo:
        return self._languages[row]

    def languages(self) -> list[LanguageInfo]:
        return list(self._languages)

    def row_total(self) -> int:
        return len(self._languages)

    def progress(self, info: LanguageInfo) -> str:
        """'12/40'; without a known total, '12 reviewed'."""
        done = len(set(info.reviewed_cues))
        total = self._cue_totals.get(info.code)
        return f"{done}/{total}" if total else f"{done} reviewed"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        info = self._languages[index.row()]
        if role == LanguageRole:
            return info
        column = LanguageColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == LanguageColumn.PROGRESS:
                done, _, total = self.progress(info).partition("/")
                return f"{done} of {total} cues reviewed" if total else self.progress(info)
            return self._text(info, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LanguageColumn.PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, info: LanguageInfo, column: LanguageColumn) -> str:
        if column == LanguageColumn.LANGUAGE:
            return language_label(info.code)
        if column == LanguageColumn.STATE:
            return sentence(state_words(info.qc_state))
        if column == LanguageColumn.LINGUIST:
            return person_label(info.linguist)
        if column == LanguageColumn.REVIEWER:
            return person_label(info.reviewer)
        return self.progress(info)
