"""The run-of-show's clock kept with the room, so the projector shows the same countdown.

Adds a nullable JSON column ``timer`` to ``rooms``: when the session started and the current
step's countdown (its step, timebox, extensions, time counted so far and since when it runs),
as the facilitator's console last saved it. Nothing existing changes.

Revision ID: 0004_room_timer
Revises: 0003_group_view_departures
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_room_timer"
down_revision = "0003_group_view_departures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rooms", sa.Column("timer", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("timer")
