"""The tables of the local database, as SQLAlchemy typed declarative classes.

Each class is named after its table with a `Row` suffix, so it is never
mistaken for the domain objects of the same name (a caption `Track` lives in
`app.captions`). The Alembic migrations in `migrations/versions/` must build
exactly this schema; a test compares the two.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.storage.column_types import JSONText, UtcTimestamp
from app.storage.states import OutboxState, TrackKind, TrackState

# Fixed constraint names let batch migrations find and change constraints
# later; SQLite itself would leave them unnamed.
_NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: type[StrEnum]) -> str:
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({allowed})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING_CONVENTION)


class JobRow(Base):
    """A job as last seen from the server, plus what only this computer knows about it."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String)
    source_language: Mapped[str] = mapped_column(String, default="")
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    frame_rate: Mapped[float | None] = mapped_column(Float)
    media_path: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The server's whole answer, so fields this version does not understand
    # are not lost and a later version can read them without a new download.
    raw_json: Mapped[Any] = mapped_column(JSONText, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp)
    available_offline: Mapped[bool] = mapped_column(Boolean, default=False)

    languages: Mapped[list[LanguageRow]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="LanguageRow.code"
    )


class LanguageRow(Base):
    """The language-QC state of one target language of a job."""

    __tablename__ = "languages"

    job_id: Mapped[str] = mapped_column(
        String, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String, primary_key=True)
    qc_state: Mapped[str] = mapped_column(String, default="unassigned")
    linguist: Mapped[Any] = mapped_column(JSONText, nullable=True)
    reviewer: Mapped[Any] = mapped_column(JSONText, nullable=True)
    reviewed_cues: Mapped[Any] = mapped_column(JSONText, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp)

    job: Mapped[JobRow] = relationship(back_populates="languages")


class TrackRow(Base):
    """One WebVTT track: the server's base version and the local working copy.

    `local_revision` counts local saves; `synced_revision` is the last local
    revision the server has acknowledged. They differ exactly when there is
    local work the server has not seen.
    """

    __tablename__ = "tracks"
    __table_args__ = (
        UniqueConstraint("job_id", "language", "kind"),
        CheckConstraint(_one_of("kind", TrackKind), name="kind"),
        CheckConstraint(_one_of("state", TrackState), name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String, ForeignKey("jobs.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    base_version: Mapped[int | None] = mapped_column(Integer)
    base_content: Mapped[str | None] = mapped_column(Text)
    working_content: Mapped[str] = mapped_column(Text, default="")
    local_revision: Mapped[int] = mapped_column(Integer, default=0)
    synced_revision: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String, default=TrackState.SYNCED.value)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp)


class PausePointRow(Base):
    """Where the accessible video stops so the description for one cue can play in full."""

    __tablename__ = "pause_points"

    job_id: Mapped[str] = mapped_column(
        String, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String, primary_key=True)
    cue_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    timestamp_ms: Mapped[int] = mapped_column(Integer)
    original_timestamp_ms: Mapped[int] = mapped_column(Integer)
    cue_start_ms: Mapped[int] = mapped_column(Integer)
    cue_end_ms: Mapped[int] = mapped_column(Integer)
    ad_duration_ms: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")


class ReviewNoteRow(Base):
    """A time-coded review note; `id` is made here so a replayed upload cannot duplicate it."""

    __tablename__ = "review_notes"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    job_id: Mapped[str] = mapped_column(String, ForeignKey("jobs.id", ondelete="CASCADE"))
    language: Mapped[str | None] = mapped_column(String)
    timestamp_ms: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String, default="")
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp)
    server_id: Mapped[str | None] = mapped_column(String)
    # Kept until the server confirms the delete, so the delete can be sent.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class CommentRow(Base):
    """A language-QC comment, optionally on a cue or a moment; `id` is made here."""

    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    job_id: Mapped[str] = mapped_column(String, ForeignKey("jobs.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String)
    body: Mapped[str] = mapped_column(Text)
    cue_index: Mapped[int | None] = mapped_column(Integer)
    timestamp_ms: Mapped[int | None] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String, default="")
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp)
    server_id: Mapped[str | None] = mapped_column(String)


class OutboxRow(Base):
    """One piece of work waiting to reach the server.

    A lane is (job_id, language); within a lane rows go in `id` order. Job-level
    work uses the empty language. There is deliberately no foreign key to
    `jobs`: forgetting a job locally must never silently drop unsent work.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_one_of("state", OutboxState), name="state"),
        Index(None, "job_id", "language", "id"),
        Index(None, "state"),
        # Ids are never reused, so an id the sync engine still holds can
        # never come to mean a different piece of work.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String)
    language: Mapped[str] = mapped_column(String, default="")
    kind: Mapped[str] = mapped_column(String)
    target: Mapped[str] = mapped_column(String, default="")
    payload: Mapped[Any] = mapped_column(JSONText, default=dict)
    # Made when the row is made, so a replay after a restart carries the same key.
    idempotency_key: Mapped[str] = mapped_column(String, unique=True)
    state: Mapped[str] = mapped_column(String, default=OutboxState.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set by a retry with back-off or Retry-After; the lane waits until then.
    not_before: Mapped[datetime | None] = mapped_column(UtcTimestamp)
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp)


class DraftRow(Base):
    """The working copy of a caption file opened from disk, kept until it is saved.

    A file outside any job has no server to sync with, but its edits must
    survive a crash like any other: they live here, keyed by the file's path.
    """

    __tablename__ = "drafts"

    path: Mapped[str] = mapped_column(String, primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    saved_revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcTimestamp)


class QaSuppressionRow(Base):
    """A QA finding the reviewer marked as a false positive, by check, source and target text.

    Keyed by the texts, not by a file or segment, so the same pair is not
    flagged again in another file or after a re-import.
    """

    __tablename__ = "qa_suppressions"

    qa_check: Mapped[str] = mapped_column(String, primary_key=True)
    source_text: Mapped[str] = mapped_column(Text, primary_key=True)
    target_text: Mapped[str] = mapped_column(Text, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcTimestamp)
