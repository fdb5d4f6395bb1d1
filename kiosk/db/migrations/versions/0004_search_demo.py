"""demo site flag; service aliases and search keywords

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:00:00

``sites.demo``: the site `mpp-kiosk demo` prepared (open all day every day, a DEMO label, demo
officers for every counter). ``services.aliases`` / ``services.keywords``: other names people
use (IMB for PBG) and search words, both from the catalogue file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("aliases", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("keywords", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("services") as batch:
        batch.drop_column("keywords")
        batch.drop_column("aliases")
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("demo")
