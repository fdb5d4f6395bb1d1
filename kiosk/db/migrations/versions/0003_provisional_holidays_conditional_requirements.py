"""provisional holidays, conditional requirements, documents that did not apply

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:10:00

* holidays.provisional: a day estimated from the `holidays` package's Indonesian calendar, not
  yet confirmed by an admin against the year's SKB (existing rows came from the shipped or an
  imported CSV: confirmed).
* services.requirement_conditions: parallel to requirements_id/_en; null for a requirement that
  always applies, {"id": "badan usaha", "en": "legal entities"} for one that applies only to some
  applicants.
* applications.documents_not_applicable: the conditional requirements the officer marked as
  not applicable ("tidak berlaku") at registration, [{"id", "en", "applies_id", "applies_en"}].
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("provisional", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "requirement_conditions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")
            )
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "documents_not_applicable",
                sa.JSON(),
                nullable=False,
                server_default=sa.text("'[]'"),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("documents_not_applicable")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("requirement_conditions")
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_column("provisional")
