"""The answer store as it was before schema versions: cohorts, participants, answers.

Exactly the tables ``kit/core/store.py`` created with ``metadata.create_all`` up to commit
f8e9db9, so a store made then is recognised as being at this revision and stamped, never
recreated. Later revisions go beside this file, each naming the one before it.

Revision ID: 0001_baseline
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("session_date", sa.Date, nullable=True),
        sa.Column("facilitator", sa.String(200), nullable=True),
        sa.Column("min_group_size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column(
            "cohort_id",
            sa.String(64),
            sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "participant_id",
            sa.String(64),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
    )
    op.create_index(
        "ix_answers_participant_exercise", "answers", ["participant_id", "exercise_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_answers_participant_exercise", table_name="answers")
    op.drop_table("answers")
    op.drop_table("participants")
    op.drop_table("cohorts")
