"""booking reminders: the citizen's mobile number on a booking, and outbox rows naming a booking

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 14:45:00

``bookings.phone_sealed``: the mobile number for a reminder the citizen asked for when booking
(sealed like an applicant's phone; cleared with the contact once the booking is over).
``notifications.booking_id``: a ``booking_reminder`` row names its booking, never the phone.
Plain ALTER TABLE on both dialects (SQLite takes a REFERENCES clause on an added NULL column),
so neither table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_FK = "fk_notifications_booking_id_bookings"
_INDEX = "ix_notifications_booking_id"


def upgrade() -> None:
    op.add_column("bookings", sa.Column("phone_sealed", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE notifications ADD COLUMN booking_id INTEGER "
            f"CONSTRAINT {_FK} REFERENCES bookings (id)"
        )
    else:
        op.add_column("notifications", sa.Column("booking_id", sa.Integer(), nullable=True))
        op.create_foreign_key(_FK, "notifications", "bookings", ["booking_id"], ["id"])
    op.create_index(_INDEX, "notifications", ["booking_id"], unique=False)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="notifications")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(_FK, "notifications", type_="foreignkey")
    # a plain ALTER TABLE (SQLite >= 3.35 drops a column whose only constraint is its own
    # REFERENCES clause)
    op.drop_column("notifications", "booking_id")
    op.drop_column("bookings", "phone_sealed")
