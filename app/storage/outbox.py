"""The outbox: work done offline, queued durably until the server has it.

Work is queued in lanes, one per job and language (job-level work uses the
empty language, `WHOLE_JOB`). Within a lane items go strictly in order: a
lane offers its first unfinished item only, and waits while that item is in
flight, failed (until someone retries it) or backing off (`not_before`).
Different lanes never wait for each other.

Some work coalesces: queuing a track upload or a pause-point move when one
for the same thing is already pending updates that row instead of adding
another. A row already in flight is never changed; new work goes behind it.

Each row carries an idempotency key made when the row is made, so a replay
after a restart is recognisable. If a row that may already have reached the
server (it has been attempted) is coalesced with newer work, it gets a new
key: it now stands for a different request, and a server answering the old
key with its first response would hide the newer work.

A sender may note in a row what exactly it is about to send (`note_attempt`,
kept under `ATTEMPT_KEY` in the payload). The note survives coalescing: after
a lost answer or a crash it is the only way to recognise the server's newer
version as our own earlier request rather than someone else's work.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.schema import OutboxRow
from app.storage.states import OPEN_STATES, UNSENT_STATES, OutboxKind, OutboxState

WHOLE_JOB = ""
COALESCING_KINDS = frozenset({OutboxKind.TRACK_UPLOAD.value, OutboxKind.PAUSE_POINT.value})
# Where `Outbox.note_attempt` keeps what the last attempt sent, inside the payload.
ATTEMPT_KEY = "attempt"


class OutboxStateError(RuntimeError):
    """An outbox item was asked to move to a state its current state does not allow."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A snapshot of one outbox row."""

    id: int
    job_id: str
    language: str
    kind: str
    target: str
    payload: Any
    idempotency_key: str
    state: OutboxState
    attempts: int
    last_error: str | None
    not_before: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def lane(self) -> tuple[str, str]:
        return (self.job_id, self.language)

    @classmethod
    def from_row(cls, row: OutboxRow) -> OutboxItem:
        return cls(
            id=row.id,
            job_id=row.job_id,
            language=row.language,
            kind=row.kind,
            target=row.target,
            payload=row.payload,
            idempotency_key=row.idempotency_key,
            state=OutboxState(row.state),
            attempts=row.attempts,
            last_error=row.last_error,
            not_before=row.not_before,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


def queue(
    session: Session, job_id: str, language: str, kind: str, target: str, payload: Any
) -> OutboxRow:
    """Add a pending row at the end of its lane; for use inside `Database.write()`."""
    now = utc_now()
    row = OutboxRow(
        job_id=job_id,
        language=language,
        kind=kind,
        target=target,
        payload=payload,
        idempotency_key=str(uuid.uuid4()),
        state=OutboxState.PENDING.value,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def queue_coalescing(
    session: Session, job_id: str, language: str, kind: str, target: str, payload: Any
) -> OutboxRow:
    """Update the pending row for the same thing, or queue a new one; inside `Database.write()`."""
    pending = session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.job_id == job_id,
            OutboxRow.language == language,
            OutboxRow.kind == kind,
            OutboxRow.target == target,
            OutboxRow.state == OutboxState.PENDING.value,
        )
        .order_by(OutboxRow.id)
        .limit(1)
    ).first()
    if pending is None:
        return queue(session, job_id, language, kind, target, payload)
    _replace_payload(pending, payload)
    return pending


def unsent_rows(session: Session, job_id: str, language: str, kind: str) -> Sequence[OutboxRow]:
    """Rows of one kind in a lane that the server has not confirmed, oldest first."""
    return session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.job_id == job_id,
            OutboxRow.language == language,
            OutboxRow.kind == kind,
            OutboxRow.state.in_(OPEN_STATES),
        )
        .order_by(OutboxRow.id)
    ).all()


def mark_done_in(session: Session, item_id: int) -> None:
    """Mark an in-flight row done, inside a write that also records the result."""
    row = _row(session, item_id)
    _require(row, {OutboxState.IN_FLIGHT}, "done")
    row.state = OutboxState.DONE.value
    row.last_error = None
    row.not_before = None
    row.updated_at = utc_now()


def _replace_payload(row: OutboxRow, payload: Any) -> None:
    attempt = row.payload.get(ATTEMPT_KEY) if isinstance(row.payload, dict) else None
    if row.attempts > 0 and _without_attempt(row.payload) != _without_attempt(payload):
        row.idempotency_key = str(uuid.uuid4())
    if attempt is not None and isinstance(payload, dict):
        # Newer work joins the row, but the attempt that may have reached the
        # server is still unsettled; its note must outlive the new payload.
        payload = {**payload, ATTEMPT_KEY: attempt}
    row.payload = payload
    row.updated_at = utc_now()


def _without_attempt(payload: Any) -> Any:
    if isinstance(payload, dict) and ATTEMPT_KEY in payload:
        return {key: value for key, value in payload.items() if key != ATTEMPT_KEY}
    return payload


def _row(session: Session, item_id: int) -> OutboxRow:
    row = session.get(OutboxRow, item_id)
    if row is None:
        raise LookupError(f"no outbox item {item_id}")
    return row


def _require(row: OutboxRow, allowed: set[OutboxState], wanted: str) -> None:
    if row.state not in allowed:
        raise OutboxStateError(f"outbox item {row.id} is {row.state}; it cannot become {wanted}")


class Outbox:
    """Queue, hand out and settle outbox items; every change is one durable transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def enqueue(
        self, job_id: str, language: str, kind: str, target: str, payload: Any = None
    ) -> OutboxItem:
        """Queue any work at the end of its lane (no coalescing)."""
        with self._database.write() as session:
            row = queue(session, job_id, language, kind, target, payload or {})
            return OutboxItem.from_row(row)

    def enqueue_action(
        self, job_id: str, language: str, action: str, payload: dict[str, Any] | None = None
    ) -> OutboxItem:
        """Queue a workflow action (e.g. "submit", "approve_source"); `language` "" for the job."""
        return self.enqueue(job_id, language, OutboxKind.ACTION.value, action, payload)

    def next_in_lanes(self, now: datetime | None = None) -> list[OutboxItem]:
        """The item each lane is ready to send now, in lane order of their ids."""
        now = utc_now() if now is None else now
        heads = (
            select(func.min(OutboxRow.id))
            .where(OutboxRow.state.in_(OPEN_STATES))
            .group_by(OutboxRow.job_id, OutboxRow.language)
        )
        with self._database.read() as session:
            rows = session.scalars(
                select(OutboxRow).where(OutboxRow.id.in_(heads)).order_by(OutboxRow.id)
            ).all()
            return [
                OutboxItem.from_row(row)
                for row in rows
                if row.state == OutboxState.PENDING
                and (row.not_before is None or row.not_before <= now)
            ]

    def lane(self, job_id: str, language: str) -> list[OutboxItem]:
        """Every unfinished item of one lane, in the order they will be sent."""
        with self._database.read() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(
                    OutboxRow.job_id == job_id,
                    OutboxRow.language == language,
                    OutboxRow.state.in_(OPEN_STATES),
                )
                .order_by(OutboxRow.id)
            ).all()
            return [OutboxItem.from_row(row) for row in rows]

    def get(self, item_id: int) -> OutboxItem | None:
        """One item by id, or None."""
        with self._database.read() as session:
            row = session.get(OutboxRow, item_id)
            return None if row is None else OutboxItem.from_row(row)

    def mark_in_flight(self, item_id: int) -> OutboxItem:
        """Claim a pending item for sending; counts an attempt."""
        with self._database.write() as session:
            row = _row(session, item_id)
            _require(row, {OutboxState.PENDING}, "in flight")
            row.state = OutboxState.IN_FLIGHT.value
            row.attempts += 1
            row.updated_at = utc_now()
            return OutboxItem.from_row(row)

    def note_attempt(self, item_id: int, attempt: dict[str, Any]) -> OutboxItem:
        """Record in an in-flight item what it is about to send, before it is sent.

        Durable before the request leaves, so after a lost answer or a crash
        the sender can tell its own earlier request on the server from
        someone else's change. Kept under `ATTEMPT_KEY` in the payload, also
        when newer work is coalesced into the row later.
        """
        with self._database.write() as session:
            row = _row(session, item_id)
            _require(row, {OutboxState.IN_FLIGHT}, "noted as sending")
            payload = dict(row.payload) if isinstance(row.payload, dict) else {}
            row.payload = {**payload, ATTEMPT_KEY: dict(attempt)}
            row.updated_at = utc_now()
            return OutboxItem.from_row(row)

    def mark_done(self, item_id: int) -> None:
        """The server has accepted an in-flight item."""
        with self._database.write() as session:
            mark_done_in(session, item_id)

    def mark_failed(self, item_id: int, reason: str) -> None:
        """Give up on an item until someone retries it; its lane waits behind it."""
        with self._database.write() as session:
            row = _row(session, item_id)
            _require(row, {OutboxState.PENDING, OutboxState.IN_FLIGHT}, "failed")
            row.state = OutboxState.FAILED.value
            row.last_error = reason
            row.updated_at = utc_now()

    def retry(
        self, item_id: int, reason: str | None = None, not_before: datetime | None = None
    ) -> OutboxItem:
        """Put an in-flight or failed item back in its place as pending.

        `reason` records why the last attempt did not succeed; `not_before`
        holds the lane back (back-off, Retry-After). A pending duplicate
        queued meanwhile for the same track or pause point is folded into
        this item, keeping this item's earlier place and the newer payload.
        """
        with self._database.write() as session:
            row = _row(session, item_id)
            _require(row, {OutboxState.IN_FLIGHT, OutboxState.FAILED}, "pending")
            row.state = OutboxState.PENDING.value
            row.last_error = reason
            row.not_before = not_before
            row.updated_at = utc_now()
            if row.kind in COALESCING_KINDS:
                row = self._fold_duplicates(session, row)
            return OutboxItem.from_row(row)

    def discard(self, item_id: int, reason: str) -> OutboxItem:
        """Give up on a failed item for good: it is marked done and its lane moves on.

        Only a failed item can be discarded: one that is pending or in flight
        may be on its way and must not be dropped behind the sender's back.
        `last_error` keeps "discarded: <reason>" so the row says what happened.
        Local data the item was about (a track's working copy, a comment)
        is not touched; only the request to the server is dropped.
        """
        with self._database.write() as session:
            row = _row(session, item_id)
            _require(row, {OutboxState.FAILED}, "discarded")
            row.state = OutboxState.DONE.value
            row.last_error = f"discarded: {reason}"
            row.not_before = None
            row.updated_at = utc_now()
            return OutboxItem.from_row(row)

    def recover_in_flight(self) -> int:
        """Return items left in flight by a crash to pending; returns how many.

        Only safe before anything starts sending, which is why opening the
        database does it.
        """
        with self._database.write() as session:
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.IN_FLIGHT.value)
                .values(
                    state=OutboxState.PENDING.value,
                    last_error="interrupted: the workstation stopped while sending",
                    updated_at=utc_now(),
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def pending_count(self, job_id: str | None = None) -> int:
        """How many items the server has not confirmed yet (pending or in flight)."""
        query = select(func.count()).select_from(OutboxRow)
        query = query.where(OutboxRow.state.in_(UNSENT_STATES))
        if job_id is not None:
            query = query.where(OutboxRow.job_id == job_id)
        with self._database.read() as session:
            return int(session.scalar(query) or 0)

    def pending_items(self) -> list[OutboxItem]:
        """Items not yet confirmed by the server (pending or in flight), oldest first."""
        return self._in_states(UNSENT_STATES)

    def failed_items(self) -> list[OutboxItem]:
        """Items that failed and hold up their lane until retried, oldest first."""
        return self._in_states((OutboxState.FAILED,))

    def forget_done(self, before: datetime) -> int:
        """Delete items finished before `before`; returns how many."""
        with self._database.write() as session:
            result = session.execute(
                delete(OutboxRow).where(
                    OutboxRow.state == OutboxState.DONE.value, OutboxRow.updated_at < before
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def _in_states(self, states: Iterable[OutboxState]) -> list[OutboxItem]:
        with self._database.read() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.state.in_([state.value for state in states]))
                .order_by(OutboxRow.id)
            ).all()
            return [OutboxItem.from_row(row) for row in rows]

    @staticmethod
    def _fold_duplicates(session: Session, row: OutboxRow) -> OutboxRow:
        """Leave one pending row for `row`'s track or pause point; returns the one kept."""
        same = session.scalars(
            select(OutboxRow)
            .where(
                OutboxRow.job_id == row.job_id,
                OutboxRow.language == row.language,
                OutboxRow.kind == row.kind,
                OutboxRow.target == row.target,
                OutboxRow.state == OutboxState.PENDING.value,
            )
            .order_by(OutboxRow.id)
        ).all()
        # The earliest place in the lane keeps the order promised to the
        # work queued behind it; the newest payload is what must be sent.
        kept, newest = same[0], same[-1]
        if newest is not kept:
            _replace_payload(kept, newest.payload)
        for duplicate in same[1:]:
            session.delete(duplicate)
        return kept
