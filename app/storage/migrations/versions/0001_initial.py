"""The first schema: jobs, languages, tracks, pause points, notes, comments, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types as they were at this revision: a
# migration must not change meaning when app.storage.column_types does.
_TIMESTAMP = sa.String(27)
_JSON = sa.Text()


def _job_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["job_id"], ["jobs.id"], name=op.f(f"fk_{table}_job_id_jobs"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("source_language", sa.String(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("frame_rate", sa.Float(), nullable=True),
        sa.Column("media_path", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("raw_json", _JSON, nullable=True),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.Column("available_offline", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_table(
        "languages",
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("qc_state", sa.String(), nullable=False),
        sa.Column("linguist", _JSON, nullable=True),
        sa.Column("reviewer", _JSON, nullable=True),
        sa.Column("reviewed_cues", _JSON, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        _job_key("languages"),
        sa.PrimaryKeyConstraint("job_id", "code", name=op.f("pk_languages")),
    )
    op.create_table(
        "tracks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("base_content", sa.Text(), nullable=True),
        sa.Column("working_content", sa.Text(), nullable=False),
        sa.Column("local_revision", sa.Integer(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint("kind IN ('captions', 'descriptions')", name=op.f("ck_tracks_kind")),
        sa.CheckConstraint(
            "state IN ('synced', 'local_changes', 'uploading', 'conflict', 'error')",
            name=op.f("ck_tracks_state"),
        ),
        _job_key("tracks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracks")),
        sa.UniqueConstraint(
            "job_id", "language", "kind", name=op.f("uq_tracks_job_id_language_kind")
        ),
    )
    op.create_table(
        "pause_points",
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("cue_index", sa.Integer(), nullable=False),
        sa.Column("timestamp_ms", sa.Integer(), nullable=False),
        sa.Column("original_timestamp_ms", sa.Integer(), nullable=False),
        sa.Column("cue_start_ms", sa.Integer(), nullable=False),
        sa.Column("cue_end_ms", sa.Integer(), nullable=False),
        sa.Column("ad_duration_ms", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _job_key("pause_points"),
        sa.PrimaryKeyConstraint("job_id", "language", "cue_index", name=op.f("pk_pause_points")),
    )
    op.create_table(
        "review_notes",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("timestamp_ms", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("server_id", sa.String(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        _job_key("review_notes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_notes")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("cue_index", sa.Integer(), nullable=True),
        sa.Column("timestamp_ms", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("server_id", sa.String(), nullable=True),
        _job_key("comments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "state IN ('pending', 'in_flight', 'failed', 'done')", name=op.f("ck_outbox_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_idempotency_key")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in ("outbox", "comments", "review_notes", "pause_points", "tracks", "languages"):
        op.drop_table(table)
    op.drop_table("jobs")
