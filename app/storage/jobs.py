"""Jobs and their languages as last seen from the server, plus local-only facts.

The server's fields are replaced wholesale on every refresh; the local ones
(`media_path`, `available_offline`) belong to this computer and a refresh
never touches them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.schema import JobRow, LanguageRow


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """The language-QC facts of one target language, as the server gives them."""

    code: str
    qc_state: str = "unassigned"
    linguist: Mapping[str, Any] | None = None
    reviewer: Mapping[str, Any] | None = None
    reviewed_cues: Sequence[int] = ()


@dataclass(frozen=True, slots=True)
class JobInfo:
    """A job's fields as the server gives them; `raw_json` is its whole answer."""

    id: str
    title: str
    status: str
    source_language: str = ""
    duration_ms: int | None = None
    frame_rate: float | None = None
    notes: str = ""
    raw_json: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class StoredLanguage:
    """A snapshot of one language row."""

    code: str
    qc_state: str
    linguist: Mapping[str, Any] | None
    reviewer: Mapping[str, Any] | None
    reviewed_cues: tuple[int, ...]
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StoredJob:
    """A snapshot of one job row with its languages."""

    id: str
    title: str
    status: str
    source_language: str
    duration_ms: int | None
    frame_rate: float | None
    notes: str
    raw_json: Mapping[str, Any] | None
    media_path: Path | None
    available_offline: bool
    updated_at: datetime
    languages: tuple[StoredLanguage, ...] = field(default=())

    def language(self, code: str) -> StoredLanguage | None:
        """The language with this code, or None."""
        return next((language for language in self.languages if language.code == code), None)


class JobStore:
    """Read and write jobs of one profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def upsert_job(self, job: JobInfo, languages: Iterable[LanguageInfo] | None = None) -> None:
        """Store the server's view of a job.

        With `languages`, they become the job's complete language list
        (languages missing from it are removed); with None, the stored
        languages are kept, for answers such as job lists that omit them.
        """
        with self._database.write() as session:
            row = session.get(JobRow, job.id)
            now = utc_now()
            if row is None:
                row = JobRow(id=job.id, available_offline=False)
                session.add(row)
            row.title = job.title
            row.status = job.status
            row.source_language = job.source_language
            row.duration_ms = job.duration_ms
            row.frame_rate = job.frame_rate
            row.notes = job.notes
            row.raw_json = None if job.raw_json is None else dict(job.raw_json)
            row.updated_at = now
            if languages is not None:
                given = {language.code: language for language in languages}
                for stale in [lang for lang in row.languages if lang.code not in given]:
                    row.languages.remove(stale)
                for language in given.values():
                    _apply_language(session, job.id, language, now)

    def save_language(self, job_id: str, language: LanguageInfo) -> None:
        """Store the server's view of one language of a stored job."""
        with self._database.write() as session:
            if session.get(JobRow, job_id) is None:
                raise LookupError(f"no job {job_id!r}")
            _apply_language(session, job_id, language, utc_now())

    def get_job(self, job_id: str) -> StoredJob | None:
        """One job with its languages, or None."""
        with self._database.read() as session:
            row = session.scalars(
                select(JobRow).where(JobRow.id == job_id).options(selectinload(JobRow.languages))
            ).first()
            return None if row is None else _stored_job(row)

    def list_jobs(self) -> list[StoredJob]:
        """Every stored job with its languages, by title then id."""
        with self._database.read() as session:
            rows = session.scalars(
                select(JobRow)
                .options(selectinload(JobRow.languages))
                .order_by(JobRow.title, JobRow.id)
            ).all()
            return [_stored_job(row) for row in rows]

    def set_media_path(self, job_id: str, media_path: Path | None) -> None:
        """Remember where this job's media file is on this computer (None: nowhere)."""
        with self._database.write() as session:
            row = _job(session, job_id)
            row.media_path = None if media_path is None else str(media_path)

    def set_available_offline(self, job_id: str, available: bool) -> None:
        """Mark whether the person wants this job kept for working offline."""
        with self._database.write() as session:
            _job(session, job_id).available_offline = available


def _job(session: Session, job_id: str) -> JobRow:
    row = session.get(JobRow, job_id)
    if row is None:
        raise LookupError(f"no job {job_id!r}")
    return row


def _apply_language(session: Session, job_id: str, language: LanguageInfo, now: datetime) -> None:
    row = session.get(LanguageRow, (job_id, language.code))
    if row is None:
        row = LanguageRow(job_id=job_id, code=language.code)
        session.add(row)
    row.qc_state = language.qc_state
    row.linguist = None if language.linguist is None else dict(language.linguist)
    row.reviewer = None if language.reviewer is None else dict(language.reviewer)
    row.reviewed_cues = sorted(set(language.reviewed_cues))
    row.updated_at = now


def _stored_job(row: JobRow) -> StoredJob:
    return StoredJob(
        id=row.id,
        title=row.title,
        status=row.status,
        source_language=row.source_language,
        duration_ms=row.duration_ms,
        frame_rate=row.frame_rate,
        notes=row.notes,
        raw_json=row.raw_json,
        media_path=None if row.media_path is None else Path(row.media_path),
        available_offline=row.available_offline,
        updated_at=row.updated_at,
        languages=tuple(
            StoredLanguage(
                code=language.code,
                qc_state=language.qc_state,
                linguist=language.linguist,
                reviewer=language.reviewer,
                reviewed_cues=tuple(language.reviewed_cues),
                updated_at=language.updated_at,
            )
            for language in row.languages
        ),
    )
