"""Language-QC comments, written offline and queued for the server.

A comment's id is a UUID made here, sent with the comment, so a replayed
upload cannot make a second comment.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.outbox import queue
from app.storage.schema import CommentRow
from app.storage.states import OutboxKind


@dataclass(frozen=True, slots=True)
class Comment:
    """A snapshot of one comment."""

    id: str
    job_id: str
    language: str
    body: str
    cue_index: int | None
    timestamp_ms: int | None
    author: str
    created_at: datetime
    server_id: str | None

    @classmethod
    def from_row(cls, row: CommentRow) -> Comment:
        return cls(
            id=row.id,
            job_id=row.job_id,
            language=row.language,
            body=row.body,
            cue_index=row.cue_index,
            timestamp_ms=row.timestamp_ms,
            author=row.author,
            created_at=row.created_at,
            server_id=row.server_id,
        )


class CommentStore:
    """Write and list language-QC comments of one profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def add_comment(
        self,
        job_id: str,
        language: str,
        body: str,
        *,
        author: str,
        cue_index: int | None = None,
        timestamp_ms: int | None = None,
    ) -> Comment:
        """Store a comment and queue it behind the lane's earlier work."""
        with self._database.write() as session:
            row = CommentRow(
                id=str(uuid.uuid4()),
                job_id=job_id,
                language=language,
                body=body,
                cue_index=cue_index,
                timestamp_ms=timestamp_ms,
                author=author,
                created_at=utc_now(),
            )
            session.add(row)
            queue(
                session,
                job_id,
                language,
                OutboxKind.COMMENT.value,
                "create",
                {"id": row.id, "body": body, "cue_index": cue_index, "timestamp_ms": timestamp_ms},
            )
            return Comment.from_row(row)

    def record_server_id(self, comment_id: str, server_id: str) -> None:
        """Remember the id the server gave the comment."""
        with self._database.write() as session:
            row = session.get(CommentRow, comment_id)
            if row is None:
                raise LookupError(f"no comment {comment_id!r}")
            row.server_id = server_id

    def save_server_comments(self, comments: Iterable[Comment]) -> None:
        """Store comments as the server has them (by id); comments made here keep their row.

        A comment this workstation sent comes back with the id it was given
        here, so it updates its own row rather than appearing twice.
        """
        with self._database.write() as session:
            for comment in comments:
                row = session.get(CommentRow, comment.id)
                if row is None:
                    session.add(
                        CommentRow(
                            id=comment.id,
                            job_id=comment.job_id,
                            language=comment.language,
                            body=comment.body,
                            cue_index=comment.cue_index,
                            timestamp_ms=comment.timestamp_ms,
                            author=comment.author,
                            created_at=comment.created_at,
                            server_id=comment.server_id or comment.id,
                        )
                    )
                elif row.server_id is None:
                    row.server_id = comment.server_id or comment.id

    def list_comments(self, job_id: str, language: str) -> list[Comment]:
        """The comments of one job and language, oldest first."""
        with self._database.read() as session:
            rows = session.scalars(
                select(CommentRow)
                .where(CommentRow.job_id == job_id, CommentRow.language == language)
                .order_by(CommentRow.created_at, CommentRow.id)
            ).all()
            return [Comment.from_row(row) for row in rows]
