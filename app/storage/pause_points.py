"""Pause points of the accessible video, and local moves of them waiting to be sent.

Moving a pause point changes the local row and queues the change in one
transaction. Moves of the same cue coalesce into one pending outbox row, the
latest position winning. A refresh from the server keeps the local position
of any cue whose move the server has not confirmed yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

from app.storage.database import Database
from app.storage.outbox import OutboxItem, queue_coalescing, unsent_rows
from app.storage.schema import PausePointRow
from app.storage.states import OutboxKind


@dataclass(frozen=True, slots=True)
class PausePoint:
    """Where the video stops for the description of cue `cue_index`, with that cue's timing."""

    cue_index: int
    timestamp_ms: int
    original_timestamp_ms: int
    cue_start_ms: int
    cue_end_ms: int
    ad_duration_ms: int
    text: str = ""

    @classmethod
    def from_row(cls, row: PausePointRow) -> PausePoint:
        return cls(
            cue_index=row.cue_index,
            timestamp_ms=row.timestamp_ms,
            original_timestamp_ms=row.original_timestamp_ms,
            cue_start_ms=row.cue_start_ms,
            cue_end_ms=row.cue_end_ms,
            ad_duration_ms=row.ad_duration_ms,
            text=row.text,
        )


class PausePointStore:
    """Read, refresh and move pause points of one profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def list_pause_points(self, job_id: str, language: str) -> list[PausePoint]:
        """The pause points of one job and language, by cue index."""
        with self._database.read() as session:
            rows = session.scalars(
                select(PausePointRow)
                .where(PausePointRow.job_id == job_id, PausePointRow.language == language)
                .order_by(PausePointRow.cue_index)
            ).all()
            return [PausePoint.from_row(row) for row in rows]

    def save_server_pause_points(
        self, job_id: str, language: str, points: Iterable[PausePoint]
    ) -> None:
        """Replace the stored pause points with the server's, keeping unsent local moves."""
        with self._database.write() as session:
            unsent_moves = {
                int(row.target): int(row.payload["timestamp_ms"])
                for row in unsent_rows(session, job_id, language, OutboxKind.PAUSE_POINT.value)
            }
            session.execute(
                delete(PausePointRow).where(
                    PausePointRow.job_id == job_id, PausePointRow.language == language
                )
            )
            for point in points:
                session.add(
                    PausePointRow(
                        job_id=job_id,
                        language=language,
                        cue_index=point.cue_index,
                        timestamp_ms=unsent_moves.get(point.cue_index, point.timestamp_ms),
                        original_timestamp_ms=point.original_timestamp_ms,
                        cue_start_ms=point.cue_start_ms,
                        cue_end_ms=point.cue_end_ms,
                        ad_duration_ms=point.ad_duration_ms,
                        text=point.text,
                    )
                )

    def move_pause_point(
        self, job_id: str, language: str, cue_index: int, timestamp_ms: int
    ) -> OutboxItem:
        """Move a stored pause point and queue the move; returns the (coalesced) outbox item."""
        with self._database.write() as session:
            row = session.get(PausePointRow, (job_id, language, cue_index))
            if row is None:
                raise LookupError(
                    f"no pause point for cue {cue_index} of job {job_id!r}, language {language!r}"
                )
            row.timestamp_ms = timestamp_ms
            queued = queue_coalescing(
                session,
                job_id,
                language,
                OutboxKind.PAUSE_POINT.value,
                str(cue_index),
                {"cue_index": cue_index, "timestamp_ms": timestamp_ms},
            )
            session.flush()
            return OutboxItem.from_row(queued)
