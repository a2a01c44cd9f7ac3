"""Time-coded review notes, made and changed offline.

A note's id is a UUID made here, so uploading it twice cannot make two
notes. Each change is stored and queued in the outbox in one transaction,
in the lane of the note's language (job-level notes use the job's lane).
A deleted note is kept, marked deleted, so its delete can still be sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.outbox import WHOLE_JOB, queue
from app.storage.schema import OutboxRow, ReviewNoteRow
from app.storage.states import OPEN_STATES, OutboxKind


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """A snapshot of one review note."""

    id: str
    job_id: str
    language: str | None
    timestamp_ms: int
    body: str
    kind: str | None
    resolved: bool
    author: str
    created_at: datetime
    server_id: str | None
    deleted: bool

    @classmethod
    def from_row(cls, row: ReviewNoteRow) -> ReviewNote:
        return cls(
            id=row.id,
            job_id=row.job_id,
            language=row.language,
            timestamp_ms=row.timestamp_ms,
            body=row.body,
            kind=row.kind,
            resolved=row.resolved,
            author=row.author,
            created_at=row.created_at,
            server_id=row.server_id,
            deleted=row.deleted,
        )


class ReviewNoteStore:
    """Make, resolve, delete and list review notes of one profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add_note(
        self,
        job_id: str,
        timestamp_ms: int,
        body: str,
        *,
        author: str,
        language: str | None = None,
        kind: str | None = None,
    ) -> ReviewNote:
        """Make a note and queue its upload."""
        with self._database.write() as session:
            row = ReviewNoteRow(
                id=str(uuid.uuid4()),
                job_id=job_id,
                language=language,
                timestamp_ms=timestamp_ms,
                body=body,
                kind=kind,
                resolved=False,
                author=author,
                created_at=utc_now(),
                deleted=False,
            )
            session.add(row)
            _queue(
                session,
                row,
                "create",
                {
                    "id": row.id,
                    "timestamp_ms": timestamp_ms,
                    "body": body,
                    "language": language,
                    "kind": kind,
                },
            )
            return ReviewNote.from_row(row)

    def resolve_note(self, note_id: str, resolved: bool = True) -> None:
        """Mark a note resolved (or not) and queue the change."""
        with self._database.write() as session:
            row = _note(session, note_id)
            row.resolved = resolved
            _queue(session, row, "update", {"id": note_id, "resolved": resolved})

    def edit_note(
        self, note_id: str, *, body: str | None = None, timestamp_ms: int | None = None
    ) -> None:
        """Change a note's text or time and queue the change (only what changed is sent)."""
        with self._database.write() as session:
            row = _note(session, note_id)
            changes: dict[str, object] = {}
            if body is not None and body != row.body:
                row.body = changes["body"] = body
            if timestamp_ms is not None and timestamp_ms != row.timestamp_ms:
                row.timestamp_ms = changes["timestamp_ms"] = max(0, timestamp_ms)
            if changes:
                _queue(session, row, "update", {"id": note_id, **changes})

    def delete_note(self, note_id: str) -> None:
        """Mark a note deleted and queue the delete."""
        with self._database.write() as session:
            row = _note(session, note_id)
            row.deleted = True
            _queue(session, row, "delete", {"id": note_id})

    def record_server_id(self, note_id: str, server_id: str) -> None:
        """Remember the id the server gave the note, for later updates and deletes."""
        with self._database.write() as session:
            _note(session, note_id).server_id = server_id

    def save_server_notes(self, job_id: str, notes: Iterable[ReviewNote]) -> None:
        """Make the job's notes what the server has, except notes with changes not yet sent.

        A note this workstation made comes back under the id it was given
        here (or the id the server recorded for it). A note the server no
        longer has is removed once it was synced and nothing about it waits
        in the outbox.
        """
        with self._database.write() as session:
            waiting = {
                str(payload.get("id"))
                for payload in session.scalars(
                    select(OutboxRow.payload).where(
                        OutboxRow.job_id == job_id,
                        OutboxRow.kind == OutboxKind.REVIEW_NOTE.value,
                        OutboxRow.state.in_(OPEN_STATES),
                    )
                )
                if isinstance(payload, dict)
            }
            rows = session.scalars(
                select(ReviewNoteRow).where(ReviewNoteRow.job_id == job_id)
            ).all()
            by_server_id = {row.server_id: row for row in rows if row.server_id is not None}
            by_id = {row.id: row for row in rows}
            seen: set[str] = set()
            for note in notes:
                row = by_id.get(note.id) or by_server_id.get(note.id)
                if row is None:
                    row = ReviewNoteRow(id=note.id, job_id=job_id, deleted=False)
                    session.add(row)
                seen.add(row.id)
                if row.id in waiting:
                    continue  # the local change is newer than this answer
                row.language = note.language
                row.timestamp_ms = note.timestamp_ms
                row.body = note.body
                row.kind = note.kind
                row.resolved = note.resolved
                row.author = note.author
                row.created_at = note.created_at
                row.server_id = note.server_id or note.id
            for row in rows:
                if row.id not in seen and row.server_id is not None and row.id not in waiting:
                    session.delete(row)

    def list_notes(self, job_id: str, *, include_deleted: bool = False) -> list[ReviewNote]:
        """A job's notes in media-time order."""
        query = select(ReviewNoteRow).where(ReviewNoteRow.job_id == job_id)
        if not include_deleted:
            query = query.where(ReviewNoteRow.deleted.is_(False))
        with self._database.read() as session:
            rows = session.scalars(
                query.order_by(ReviewNoteRow.timestamp_ms, ReviewNoteRow.created_at)
            ).all()
            return [ReviewNote.from_row(row) for row in rows]


def _note(session: Session, note_id: str) -> ReviewNoteRow:
    row = session.get(ReviewNoteRow, note_id)
    if row is None:
        raise LookupError(f"no review note {note_id!r}")
    return row


def _queue(session: Session, row: ReviewNoteRow, change: str, payload: dict[str, object]) -> None:
    lane_language = WHOLE_JOB if row.language is None else row.language
    queue(session, row.job_id, lane_language, OutboxKind.REVIEW_NOTE.value, change, payload)
