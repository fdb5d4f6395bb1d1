"""call events: an append-only record of every call and recall

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00

The lobby board, its voice and the reports read calls from ``call_events`` instead of the
tickets' mutable ``called_at``/``counter_id``. On PostgreSQL the table joins the change feed
(the 0001 trigger function ``mpp_notify_change``), so a display wakes when a call is written.
Existing databases start with an empty record: calls made before the upgrade are not replayed
(the board shows the first call made after it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: Tables this revision adds to the change feed (kiosk/db/changefeed.py WATCHED_TABLES).
CHANGE_TABLES = ("call_events",)


def upgrade() -> None:
    op.create_table(
        "call_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_call_events_counter_id_counters")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_call_events_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_call_events_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_call_events_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_events")),
    )
    with op.batch_alter_table("call_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_call_events_latest", ["site_id", "day", "counter_id", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_call_events_ticket_id"), ["ticket_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table in CHANGE_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON "
                f"{table} FOR EACH STATEMENT EXECUTE FUNCTION mpp_notify_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in CHANGE_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_change ON {table}")
    with op.batch_alter_table("call_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_events_ticket_id"))
        batch_op.drop_index("ix_call_events_latest")
    op.drop_table("call_events")
