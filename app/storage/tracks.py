"""Caption and description tracks: the server's base version and the local working copy.

A track keeps two texts. `base_content` is the server's content at
`base_version`, the common ancestor for a three-way merge. `working_content`
is what the person sees and edits. A local save is durable when
`save_working_copy` returns, and in the same transaction queues the upload
in the outbox, so an edit is never saved without also being on its way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.column_types import utc_now
from app.storage.database import Database
from app.storage.outbox import mark_done_in, queue_coalescing
from app.storage.schema import TrackRow
from app.storage.states import OutboxKind, TrackKind, TrackState


class WorkingCopyMoved(RuntimeError):
    """The stored working copy is no longer the one an edit was made on; `content` is it."""

    def __init__(self, content: str) -> None:
        super().__init__("the working copy changed since it was read")
        self.content = content


@dataclass(frozen=True, slots=True)
class StoredTrack:
    """A snapshot of one track row."""

    id: int
    job_id: str
    language: str
    kind: TrackKind
    base_version: int | None
    base_content: str | None
    working_content: str
    local_revision: int
    synced_revision: int
    state: TrackState
    updated_at: datetime

    @property
    def has_local_changes(self) -> bool:
        """Whether there are saves the server has not acknowledged."""
        return self.local_revision != self.synced_revision

    @classmethod
    def from_row(cls, row: TrackRow) -> StoredTrack:
        return cls(
            id=row.id,
            job_id=row.job_id,
            language=row.language,
            kind=TrackKind(row.kind),
            base_version=row.base_version,
            base_content=row.base_content,
            working_content=row.working_content,
            local_revision=row.local_revision,
            synced_revision=row.synced_revision,
            state=TrackState(row.state),
            updated_at=row.updated_at,
        )


class TrackStore:
    """Read and write tracks of one profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get_track(self, job_id: str, language: str, kind: TrackKind | str) -> StoredTrack | None:
        """One track, or None if nothing is stored for it."""
        with self._database.read() as session:
            row = _find(session, job_id, language, kind)
            return None if row is None else StoredTrack.from_row(row)

    def track_states(self, job_id: str, language: str) -> dict[str, TrackState]:
        """Kind → sync state of one language's tracks, without reading their texts."""
        with self._database.read() as session:
            rows = session.execute(
                select(TrackRow.kind, TrackRow.state)
                .where(TrackRow.job_id == job_id, TrackRow.language == language)
            ).all()
            return {str(kind): TrackState(state) for kind, state in rows}

    def list_tracks(self, job_id: str) -> list[StoredTrack]:
        """Every stored track of a job, by language then kind."""
        with self._database.read() as session:
            rows = session.scalars(
                select(TrackRow)
                .where(TrackRow.job_id == job_id)
                .order_by(TrackRow.language, TrackRow.kind)
            ).all()
            return [StoredTrack.from_row(row) for row in rows]

    def save_server_track(
        self, job_id: str, language: str, kind: TrackKind | str, version: int, content: str
    ) -> StoredTrack:
        """Record the server's `content` at `version` as the track's base.

        Only when the track holds no local work: local edits were made on top
        of the stored base, and moving the base under them would make the next
        upload look like it was made on the newer version, silently undoing
        the other person's changes. With local work the upload finds the
        newer version itself and merges. A version older than the stored base
        is a late answer and is ignored. Both checks run inside the write
        transaction, so an edit saved meanwhile cannot slip between them.
        """
        with self._database.write() as session:
            row = _find_or_create(session, job_id, language, kind)
            if row.base_version is not None and version < row.base_version:
                return StoredTrack.from_row(row)
            holds_local_work = (
                row.local_revision != row.synced_revision or row.state == TrackState.CONFLICT
            )
            if holds_local_work:
                return StoredTrack.from_row(row)
            row.base_version = version
            row.base_content = content
            row.working_content = content
            row.state = TrackState.SYNCED.value
            row.updated_at = utc_now()
            return StoredTrack.from_row(row)

    def rebase(
        self,
        job_id: str,
        language: str,
        kind: TrackKind | str,
        *,
        working_content: str,
        base_version: int,
        base_content: str,
        expected_revision: int | None = None,
    ) -> bool:
        """Adopt a newer server version as the base of local work, in one transaction.

        Used after a merge (the working copy becomes the merged text) and when
        a conflict is resolved. With `expected_revision`, nothing is written
        if the person saved another edit since the merge was computed: that
        edit is not in `working_content`, so the merge must run again.
        Returns whether the rebase was written.
        """
        with self._database.write() as session:
            row = _find_or_create(session, job_id, language, kind)
            if expected_revision is not None and row.local_revision != expected_revision:
                return False
            if working_content != row.working_content:
                row.working_content = working_content
                row.local_revision += 1
                queue_coalescing(
                    session,
                    job_id,
                    language,
                    OutboxKind.TRACK_UPLOAD.value,
                    TrackKind(kind).value,
                    {"local_revision": row.local_revision},
                )
            row.base_version = base_version
            row.base_content = base_content
            row.state = TrackState.LOCAL_CHANGES.value
            row.updated_at = utc_now()
            return True

    def save_working_copy(
        self,
        job_id: str,
        language: str,
        kind: TrackKind | str,
        content: str,
        *,
        expected_content: str | None = None,
    ) -> int:
        """Save the local working copy and queue its upload; returns the new local revision.

        One transaction: the text, the revision, the track's state and the
        single pending upload in the outbox. When this returns, the save is
        on disk.
        """
        with self._database.write() as session:
            row = _find_or_create(session, job_id, language, kind)
            if expected_content is not None and row.working_content != expected_content:
                # Someone else (a pull, a merge) replaced the copy this edit
                # was made on: writing it would undo their change.
                raise WorkingCopyMoved(row.working_content)
            row.working_content = content
            row.local_revision += 1
            # A conflict stays a conflict until the person resolves it;
            # editing one side does not settle it.
            if row.state != TrackState.CONFLICT:
                row.state = TrackState.LOCAL_CHANGES.value
            row.updated_at = utc_now()
            queue_coalescing(
                session,
                job_id,
                language,
                OutboxKind.TRACK_UPLOAD.value,
                TrackKind(kind).value,
                {"local_revision": row.local_revision},
            )
            return row.local_revision

    def mark_uploaded(
        self,
        job_id: str,
        language: str,
        kind: TrackKind | str,
        *,
        uploaded_revision: int,
        version: int,
        content: str,
        outbox_item_id: int | None = None,
    ) -> StoredTrack:
        """Record that the server stored local revision `uploaded_revision` as `version`.

        `content` is exactly what was sent; it becomes the new base. Given
        `outbox_item_id`, that upload is marked done in the same transaction,
        so a crash cannot leave the upload recorded but still queued.
        """
        with self._database.write() as session:
            row = _find(session, job_id, language, kind)
            if row is None:
                raise LookupError(f"no {kind} track for job {job_id!r}, language {language!r}")
            row.base_version = version
            row.base_content = content
            row.synced_revision = max(row.synced_revision, uploaded_revision)
            if row.state != TrackState.CONFLICT:
                row.state = (
                    TrackState.SYNCED.value
                    if row.synced_revision == row.local_revision
                    else TrackState.LOCAL_CHANGES.value
                )
            row.updated_at = utc_now()
            if outbox_item_id is not None:
                mark_done_in(session, outbox_item_id)
            return StoredTrack.from_row(row)

    def set_state(
        self, job_id: str, language: str, kind: TrackKind | str, state: TrackState
    ) -> None:
        """Set the sync state (uploading, conflict, error, ...) as the sync engine sees it."""
        with self._database.write() as session:
            row = _find(session, job_id, language, kind)
            if row is None:
                raise LookupError(f"no {kind} track for job {job_id!r}, language {language!r}")
            row.state = state.value
            row.updated_at = utc_now()


def _find(session: Session, job_id: str, language: str, kind: TrackKind | str) -> TrackRow | None:
    return session.scalars(
        select(TrackRow).where(
            TrackRow.job_id == job_id,
            TrackRow.language == language,
            TrackRow.kind == TrackKind(kind).value,
        )
    ).first()


def _find_or_create(
    session: Session, job_id: str, language: str, kind: TrackKind | str
) -> TrackRow:
    row = _find(session, job_id, language, kind)
    if row is None:
        row = TrackRow(
            job_id=job_id,
            language=language,
            kind=TrackKind(kind).value,
            working_content="",
            local_revision=0,
            synced_revision=0,
            state=TrackState.SYNCED.value,
            updated_at=utc_now(),
        )
        session.add(row)
    return row
