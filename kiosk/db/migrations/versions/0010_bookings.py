"""visit booking: slot definitions on services, the site's booking policy, bookings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:00:00

``services.booking`` holds a service's slot definition from the catalogue ({} = not bookable),
``sites.booking`` the catalogue's [booking] table (days ahead, precedence, early minutes).
``bookings`` are the booked visits; ``booking_days`` is the per-service-and-day row every
booking upserts first, so concurrent bookings of one day queue on its lock (never over-booked).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch:
        batch.add_column(sa.Column("booking", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("sites", schema=None) as batch:
        batch.add_column(sa.Column("booking", sa.JSON(), server_default="{}", nullable=False))
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot_start", _TS, nullable=False),
        sa.Column("slot_end", _TS, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("contact", sa.String(length=80), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("closed_at", _TS, nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_bookings_service_id_services")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_bookings_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_bookings_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("code", name=op.f("uq_bookings_code")),
    )
    op.create_index("ix_bookings_slot", "bookings", ["service_id", "day", "status", "slot_start"])
    op.create_table(
        "booking_days",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_booking_days_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_booking_days_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("site_id", "service_id", "day", name=op.f("pk_booking_days")),
    )


def downgrade() -> None:
    op.drop_table("booking_days")
    op.drop_index("ix_bookings_slot", table_name="bookings")
    op.drop_table("bookings")
    with op.batch_alter_table("sites", schema=None) as batch:
        batch.drop_column("booking")
    with op.batch_alter_table("services", schema=None) as batch:
        batch.drop_column("booking")
