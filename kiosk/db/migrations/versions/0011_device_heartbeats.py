"""device heartbeats: software version, host and the printer state a device reports

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 06:40:00

Every kiosk, counter, display and web service writes a heartbeat into ``devices`` (issue 10
item 2): the version it runs, the PC it runs on, and for kiosks and counters the printer they
print to with its last known state (ok / paper_low / paper_out / cover_open / offline /
unknown; empty without a printer). ``status`` and ``last_seen`` already existed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("host", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("printer", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("printer_state", sa.String(length=16), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("printer_state")
        batch_op.drop_column("printer")
        batch_op.drop_column("host")
        batch_op.drop_column("version")
