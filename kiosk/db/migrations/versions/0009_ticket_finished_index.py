"""an index for the day's latest finished tickets

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 03:10:00

The wait estimate reads each queue's 20 latest services of the day; without this index that
meant every finished ticket of the day, so issuing got slower as the day filled up (issue 13).
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_tickets_finished", "tickets", ["service_id", "day", "status", "finished_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_finished", table_name="tickets")
