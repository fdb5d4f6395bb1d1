"""ticket ratings: the one-touch rating of a visit on the counter-side screen

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 10:00:00

``ticket_ratings``: one row per rated ticket (``UNIQUE(ticket_id)``, so a second rating of the
same visit fails in the database too, whatever the screens do), the value 1..4 (checked), and
the service, counter and officer copied from the ticket at rating time. ``day`` is the site's
local day of the visit, indexed with ``site_id`` for period reports. Not in the change feed:
only the screen that took the rating needs to know, and it knows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 4", name=op.f("ck_ticket_ratings_value_1_to_4")),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_ticket_ratings_counter_id_counters")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_ticket_ratings_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_ticket_ratings_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_ticket_ratings_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_ratings_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_ratings")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_ticket_ratings_ticket_id")),
    )
    with op.batch_alter_table("ticket_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_ratings_site_day", ["site_id", "day"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_ratings_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_ratings_staff_id"))
        batch_op.drop_index("ix_ticket_ratings_site_day")
    op.drop_table("ticket_ratings")
