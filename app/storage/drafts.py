"""Drafts of caption files opened from disk: autosaved edits that are not yet in the file.

Saving to the file is the person's decision (File → Save); until then every
edit lands here, so a crash or a killed process loses nothing and the next
start offers the draft back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.schema import DraftRow


@dataclass(frozen=True, slots=True)
class Draft:
    path: Path
    content: str
    revision: int
    saved_revision: int
    updated_at: datetime

    @property
    def unsaved(self) -> bool:
        return self.revision != self.saved_revision


class DraftStore:
    """Autosave and recover edits of files opened from disk."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def save_draft(self, path: Path, content: str) -> int:
        """Keep the edited content of `path`; returns the draft's new revision."""
        key = str(path.resolve())
        with self._database.write() as session:
            row = session.get(DraftRow, key)
            if row is None:
                row = DraftRow(path=key, content=content, revision=0, saved_revision=0,
                               updated_at=utc_now())
                session.add(row)
            row.content = content
            row.revision += 1
            row.updated_at = utc_now()
            return row.revision

    def mark_saved(self, path: Path, revision: int) -> None:
        """The file on disk now holds `revision`."""
        with self._database.write() as session:
            row = session.get(DraftRow, str(path.resolve()))
            if row is not None:
                row.saved_revision = max(row.saved_revision, revision)

    def get_draft(self, path: Path) -> Draft | None:
        with self._database.read() as session:
            row = session.get(DraftRow, str(path.resolve()))
            return None if row is None else _draft(row)

    def unsaved_drafts(self) -> list[Draft]:
        """Drafts whose last edits never reached their file (offered back on start)."""
        with self._database.read() as session:
            rows = session.scalars(
                select(DraftRow).where(DraftRow.revision != DraftRow.saved_revision)
                .order_by(DraftRow.updated_at)).all()
            return [_draft(row) for row in rows]

    def discard(self, path: Path) -> None:
        with self._database.write() as session:
            row = session.get(DraftRow, str(path.resolve()))
            if row is not None:
                session.delete(row)


def _draft(row: DraftRow) -> Draft:
    return Draft(Path(row.path), row.content, row.revision, row.saved_revision, row.updated_at)
