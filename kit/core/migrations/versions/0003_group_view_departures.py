"""Group view departures, and answer ids that never come back.

An erasure leaves one anonymous row per group view the person counted in (where they entered,
where they left; no id, no name, no answer), so the views' replay of the answer log stays the
same after their revisions are deleted (kit.room.releases). That replay orders revisions by
id, so ids must never be reused: SQLite reuses the largest rowid once it is deleted unless the
table is AUTOINCREMENT, so the answers table is rebuilt with it (PostgreSQL's sequences never
reuse, so nothing changes there).

Revision ID: 0003_group_view_departures
Revises: 0002_participant_app
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_group_view_departures"
down_revision = "0002_participant_app"  # main's participant-app revision took 0002
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("group_view_departures"):  # a store opened by create_all
        _create_departures()
    if bind.dialect.name == "sqlite":
        # Copy the table into one declared AUTOINCREMENT; its sequence starts at the largest
        # id present, so no id in use (or deleted from now on) is handed out again.
        with op.batch_alter_table(
            "answers", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def _create_departures() -> None:
    op.create_table(
        "group_view_departures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "cohort_id",
            sa.String(64),
            sa.ForeignKey("cohorts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.Integer, nullable=False),
        sa.Column("left_at", sa.Integer, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_group_view_departures_cohort",
        "group_view_departures",
        ["cohort_id", "exercise_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_group_view_departures_cohort", table_name="group_view_departures")
    op.drop_table("group_view_departures")
    # The answers table keeps AUTOINCREMENT: it changes no behaviour the baseline relied on.
