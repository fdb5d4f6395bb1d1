"""notifications: an outbox for the MPP's SMS/WhatsApp gateway, and the applicant's consent

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 07:10:00

``applications.notify_opt_in``: the applicant agreed at registration to be told when the file
is ready, returned or rejected (false for every existing file: nobody was asked).
``notifications``: one row per message, written in the event's own transaction; the sender
(`mpp-kiosk notify run`) posts it to the configured webhook with retries. It holds the file's
id, never the phone number, which the sender reads when it sends (and a purge removes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "applications",
        sa.Column("notify_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_notifications_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_notifications_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notifications_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_application_id"))
        batch_op.drop_index("ix_notifications_due")
    op.drop_table("notifications")
    # a plain ALTER TABLE (SQLite >= 3.35): rebuilding applications would trip its foreign keys
    op.drop_column("applications", "notify_opt_in")
