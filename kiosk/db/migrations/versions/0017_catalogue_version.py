"""catalogue version: one counter that triggers bump on every catalogue change issuing reads

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 07:00:00

A kiosk reads the same site, service, agency and holiday rows for every ticket (a third of a
ticket's CPU on PostgreSQL, issue 13). With this counter it keeps them in memory and reads one
integer per ticket instead; the triggers bump it in the writer's transaction, whoever writes
(admin, `catalog import`, a script), so "deactivate a service, the next ticket is refused"
holds in every process. Counters (who serves a queue) are deliberately not counted.

PostgreSQL: one statement-level trigger per table and event set, calling one function created
in the schema the migration runs in. The function runs as its owner (SECURITY DEFINER, with the
migration's search_path fixed), so a role that may write a catalogue table bumps the version
without any right on it (kiosk/db/roles.py grants the public roles SELECT only). SQLite:
row-level triggers, one per table and event.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

#: The tables whose rows services/catalogue_cache.py keeps in memory.
TABLES = ("sites", "agencies", "services", "holidays")
_FUNCTION = "bump_catalogue_version"
_BUMP = "UPDATE catalogue_version SET version = version + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "catalogue_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_version"),
    )
    op.execute("INSERT INTO catalogue_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
            f"SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
            f"BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_catalogue_version "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}()"
            )
    else:
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_{event.lower()}_catalogue_version "
                    f"AFTER {event} ON {table} BEGIN {_BUMP}; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalogue_version ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}()")
    else:
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_catalogue_version")
    op.drop_table("catalogue_version")
