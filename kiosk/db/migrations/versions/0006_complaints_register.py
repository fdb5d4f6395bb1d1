"""complaints register: resolved target, class and deadline, status steps, outcome; history

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00

The ``complaints`` table of 0001 was never written by any release (no use case filed one), so
it is dropped and created again in the register's shape rather than altered column by column:
source and device, the visit (ticket or application) and what was resolved from it (service,
counter, the officer who served, the agency), the supervisor's class and the response deadline,
the status steps, the public response, the finding and the outcome for the officer.
``complaint_steps`` is the history of every step (the audit log has them too).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_complaints_{column}_{table}")
    )


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_site_id"))
    op.drop_table("complaints")
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("complaint_class", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", _TS, nullable=False),
        sa.Column("due_at", _TS, nullable=False),
        sa.Column("classified_at", _TS, nullable=True),
        sa.Column("responded_at", _TS, nullable=True),
        sa.Column("closed_at", _TS, nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("founded", sa.Boolean(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("outcome_result", sa.Text(), nullable=False),
        _fk("agency_id", "agencies"),
        _fk("application_id", "applications"),
        _fk("assignee_id", "staff"),
        _fk("counter_id", "counters"),
        _fk("filed_by_id", "staff"),
        _fk("service_id", "services"),
        _fk("site_id", "sites"),
        _fk("staff_id", "staff"),
        _fk("ticket_id", "tickets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("code", name=op.f("uq_complaints_code")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_register", ["site_id", "status", "due_at"])
        batch_op.create_index("ix_complaints_agency", ["site_id", "agency_id"])
        batch_op.create_index(batch_op.f("ix_complaints_staff_id"), ["staff_id"])
    op.create_table(
        "complaint_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_steps_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_complaint_steps_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_complaint_steps_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_steps")),
    )
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_steps_complaint_id"), ["complaint_id"])


def downgrade() -> None:
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_steps_complaint_id"))
    op.drop_table("complaint_steps")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_staff_id"))
        batch_op.drop_index("ix_complaints_agency")
        batch_op.drop_index("ix_complaints_register")
    op.drop_table("complaints")
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("due_at", _TS, nullable=True),
        sa.Column("resolved_at", _TS, nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        _fk("counter_id", "counters"),
        _fk("service_id", "services"),
        _fk("site_id", "sites"),
        _fk("staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("code", name=op.f("uq_complaints_code")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_site_id"), ["site_id"], unique=False)
