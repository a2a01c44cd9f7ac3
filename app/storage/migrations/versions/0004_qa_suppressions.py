"""QA suppressions: findings marked as false positives, kept across sessions and files.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qa_suppressions",
        sa.Column("qa_check", sa.String(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.PrimaryKeyConstraint(
            "qa_check", "source_text", "target_text", name=op.f("pk_qa_suppressions")
        ),
    )


def downgrade() -> None:
    op.drop_table("qa_suppressions")
