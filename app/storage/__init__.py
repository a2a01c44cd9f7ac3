"""The local database of one profile: jobs, tracks, review work and the outbox.

Open it with `open_database(path)` or `open_profile(profile)`; that brings
the schema up to date (backing the file up first) and recovers from a crash.
Then use the stores, each over the same `Database`:

    database = open_profile(profile())
    tracks = TrackStore(database)
    revision = tracks.save_working_copy(job_id, "fr", TrackKind.CAPTIONS, text)

Every store method is one transaction, written through the database's single
writer and on disk when it returns. Stores return frozen snapshots, never
live ORM rows, so results can cross threads safely.
"""

from app.storage.comments import Comment, CommentStore
from app.storage.database import Database, NestedWriteError
from app.storage.drafts import Draft, DraftStore
from app.storage.jobs import JobInfo, JobStore, LanguageInfo, StoredJob, StoredLanguage
from app.storage.opening import open_database, open_profile
from app.storage.outbox import WHOLE_JOB, Outbox, OutboxItem, OutboxStateError
from app.storage.pause_points import PausePoint, PausePointStore
from app.storage.review_notes import ReviewNote, ReviewNoteStore
from app.storage.states import OutboxKind, OutboxState, TrackKind, TrackState
from app.storage.suppressions import SuppressedFinding, SuppressionStore
from app.storage.tracks import StoredTrack, TrackStore, WorkingCopyMoved
from app.storage.upgrade import DatabaseUpgradeError, UpgradeResult

__all__ = [
    "WHOLE_JOB",
    "Comment",
    "CommentStore",
    "Database",
    "DatabaseUpgradeError",
    "Draft",
    "DraftStore",
    "JobInfo",
    "JobStore",
    "LanguageInfo",
    "NestedWriteError",
    "Outbox",
    "OutboxItem",
    "OutboxKind",
    "OutboxState",
    "OutboxStateError",
    "PausePoint",
    "PausePointStore",
    "ReviewNote",
    "ReviewNoteStore",
    "StoredJob",
    "StoredLanguage",
    "StoredTrack",
    "SuppressedFinding",
    "SuppressionStore",
    "TrackKind",
    "TrackState",
    "TrackStore",
    "UpgradeResult",
    "WorkingCopyMoved",
    "open_database",
    "open_profile",
]
