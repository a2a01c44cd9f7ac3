"""Outbox: a `not_before` time for back-off, and indexes for reading lanes.

The sync engine retries with back-off and honours Retry-After; the row has
to remember until when its lane waits, across restarts. Lanes are read by
(job_id, language, id) and counted by state, which without indexes means a
full scan of an outbox that keeps its finished rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("not_before", sa.String(27), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_job_id_language_id"), ["job_id", "language", "id"]
        )
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_job_id_language_id"))
        batch_op.drop_column("not_before")
