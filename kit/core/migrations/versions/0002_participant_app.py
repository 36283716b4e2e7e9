"""The participant app: personal join links, facilitator links and the room's pace.

Adds ``join_links`` (one live link per participant, stored as a SHA-256 of its token),
``facilitator_links`` (one per cohort) and ``rooms`` (the steps a facilitator has opened, the
current one, and when the session was closed). Nothing existing changes.

Revision ID: 0002_participant_app
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_participant_app"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "join_links",
        sa.Column(
            "participant_id",
            sa.String(64),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "facilitator_links",
        sa.Column(
            "cohort_id",
            sa.String(64),
            sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "rooms",
        sa.Column(
            "cohort_id",
            sa.String(64),
            sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("opened_steps", sa.JSON, nullable=False),
        sa.Column("current_step", sa.String(64), nullable=True),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rooms")
    op.drop_table("facilitator_links")
    op.drop_table("join_links")
