"""survey responses: questionnaire, the visit they came from, local day, source

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00

``survey_responses`` gains the questionnaire's code (``skm`` for the national survey), the
ticket / application the response came from (unique per questionnaire: one response per visit),
the service, counter and officer resolved from that visit, the site's local ``day`` and the
``source`` (kiosk | web | paper), with the index the report reads. Rows written before this
revision (none in practice: the table was unused) get their UTC day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("survey_responses") as batch:
        batch.add_column(
            sa.Column("questionnaire", sa.String(32), server_default="skm", nullable=False)
        )
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("counter_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("source", sa.String(8), server_default="kiosk", nullable=False))
    op.execute("UPDATE survey_responses SET day = CAST(created_at AS DATE)")
    with op.batch_alter_table("survey_responses") as batch:
        batch.alter_column("day", existing_type=sa.Date(), nullable=False)
        batch.create_foreign_key(
            "fk_survey_responses_ticket_id_tickets", "tickets", ["ticket_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_survey_responses_application_id_applications",
            "applications",
            ["application_id"],
            ["id"],
        )
        batch.create_foreign_key(
            "fk_survey_responses_counter_id_counters", "counters", ["counter_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_survey_responses_staff_id_staff", "staff", ["staff_id"], ["id"]
        )
        batch.create_unique_constraint(
            "uq_survey_responses_questionnaire_ticket_id", ["questionnaire", "ticket_id"]
        )
        batch.create_unique_constraint(
            "uq_survey_responses_questionnaire_application_id",
            ["questionnaire", "application_id"],
        )
        batch.create_index(
            "ix_survey_responses_report", ["site_id", "questionnaire", "day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_responses") as batch:
        batch.drop_index("ix_survey_responses_report")
        batch.drop_constraint("uq_survey_responses_questionnaire_application_id", type_="unique")
        batch.drop_constraint("uq_survey_responses_questionnaire_ticket_id", type_="unique")
        batch.drop_constraint("fk_survey_responses_staff_id_staff", type_="foreignkey")
        batch.drop_constraint("fk_survey_responses_counter_id_counters", type_="foreignkey")
        batch.drop_constraint("fk_survey_responses_application_id_applications", type_="foreignkey")
        batch.drop_constraint("fk_survey_responses_ticket_id_tickets", type_="foreignkey")
        for column in (
            "source", "day", "staff_id", "counter_id", "application_id", "ticket_id",
            "questionnaire",
        ):  # fmt: skip
            batch.drop_column(column)
